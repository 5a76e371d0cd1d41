import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A local stand-in for three LLM providers, speaking their real wire formats over HTTP on
/// 127.0.0.1, for testing the LLM agents' clients (test support only).
///
/// - OpenAI-compatible: `POST /v1/chat/completions` (``OpenAIDialect``);
/// - Anthropic Messages: `POST /v1/messages` (``AnthropicDialect``);
/// - Gemini: `POST /v1beta/models/{model}:generateContent`, also under `/v1` (``GeminiDialect``).
///
/// Every request is recorded (``requests(for:)``), then checked as the provider checks it: the key
/// when ``init(port:requireKey:)`` was given one, required headers, then the body (JSON object,
/// model, messages…); a refusal is answered in the provider's error format. A valid request gets
/// the provider's next scripted ``FakeLLMStep`` (``script(_:for:)``), or once that script is used
/// up what its responder says (``setResponder(for:_:)``; by default a reply of ``holdDecision``).
/// Steps run in each request's own task, so delayed answers to concurrent requests overlap.
///
/// `GET /_fake/count` answers `{"openai": n, "anthropic": n, "gemini": n, "requests": total}`,
/// for a server in another process (`arena-testkit fake-llm`).
public final class FakeLLMServer: Sendable {
    /// The bound port.
    public let port: Int
    private let state: Locked<LLMServerState>
    private let server: NotifierServer

    /// Starts serving on 127.0.0.1 (`port` 0 picks a free one) and returns once listening. With
    /// `requireKey`, every provider refuses a request that does not present exactly that key.
    public init(port: Int = 0, requireKey: String? = nil) async throws {
        let state = Locked(LLMServerState())
        let held = HeldRequests()
        let exchange = FakeLLMExchange(state: state, held: held, requiredKey: requireKey)
        let router = Router()
        router.post("/v1/chat/completions") { request, _ in try await exchange.handle(OpenAIDialect.self, request) }
        router.post("/v1/messages") { request, _ in try await exchange.handle(AnthropicDialect.self, request) }
        // `{model}:{method}` is one path segment: captured whole, then split at its last colon.
        for path in ["/v1beta/models/:call", "/v1/models/:call"] {
            router.post(RouterPath(stringLiteral: path)) { request, context -> Response in
                let call = context.parameters.get("call").map { $0.removingPercentEncoding ?? $0 } ?? ""
                let (model, method) = FakeLLMServer.splitCall(call)
                let failure = method == "generateContent" ? nil : LLMFailure(
                    status: 404, message: "Method \(method.isEmpty ? call : method) is not served by this fake: use models/{model}:generateContent."
                )
                return try await exchange.handle(GeminiDialect.self, request, pathModel: model, routeFailure: failure)
            }
        }
        router.get("/_fake/count") { _, _ -> Response in
            let counts = state.withLock { state in
                FakeLLMProvider.allCases.map { provider in (provider.rawValue, state.requests.count(where: { $0.provider == provider })) }
            }
            var members = Dictionary(uniqueKeysWithValues: counts.map { ($0.0, JSONValue.int(Int64($0.1))) })
            members["requests"] = .int(Int64(counts.reduce(0) { $0 + $1.1 }))
            return .json(200, .object(members))
        }
        let server = try await NotifierServer(port: port, label: "arena.fake-llm", held: held, router: router)
        self.state = state
        self.server = server
        self.port = server.port
    }

    /// The base URL a client of `provider` is configured with: `http://127.0.0.1:P/v1` for OpenAI
    /// and Anthropic, `http://127.0.0.1:P/v1beta` for Gemini.
    public func baseURL(_ provider: FakeLLMProvider) -> String {
        "http://127.0.0.1:\(port)" + (provider == .gemini ? "/v1beta" : "/v1")
    }

    /// Queues `steps` for the next valid requests to `provider` (after any already queued), one
    /// per request in order.
    public func script(_ steps: [FakeLLMStep], for provider: FakeLLMProvider) {
        state.withLock { $0.scripts[provider, default: []].append(contentsOf: steps) }
    }

    /// Decides the step for each valid request to `provider` once its script is used up. Called
    /// outside the server's lock, in the request's task.
    public func setResponder(for provider: FakeLLMProvider, _ responder: @escaping @Sendable (FakeLLMRequest) -> FakeLLMStep) {
        state.withLock { $0.responders[provider] = responder }
    }

    /// Every request received for `provider`, answered or refused, in arrival order.
    public func requests(for provider: FakeLLMProvider) -> [FakeLLMRequest] {
        state.withLock { state in state.requests.filter { $0.provider == provider } }
    }

    /// How many requests arrived, all providers together.
    public var requestCount: Int { state.withLock { $0.requests.count } }

    /// Stops serving: hanging requests are let go unanswered, answers in flight are finished.
    public func stop() async {
        await server.shutdown()
    }

    /// `gemini-2.5-flash:generateContent` → (`gemini-2.5-flash`, `generateContent`); no colon: no method.
    static func splitCall(_ call: String) -> (model: String, method: String) {
        guard let colon = call.lastIndex(of: ":") else { return (call, "") }
        return (String(call[..<colon]), String(call[call.index(after: colon)...]))
    }
}
