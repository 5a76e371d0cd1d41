import Foundation
import Hummingbird
import NIOCore

/// What ``FakeLLMServer`` keeps behind its lock: scripts, responders and the record of requests.
struct LLMServerState {
    var scripts: [FakeLLMProvider: [FakeLLMStep]] = [:]
    var responders: [FakeLLMProvider: @Sendable (FakeLLMRequest) -> FakeLLMStep] = [:]
    var requests: [FakeLLMRequest] = []

    /// The next scripted step for `provider`, else its responder (nil: the default one).
    mutating func next(for provider: FakeLLMProvider) -> Either {
        guard var queue = scripts[provider], !queue.isEmpty else { return .responder(responders[provider]) }
        let step = queue.removeFirst()
        scripts[provider] = queue
        return .step(step)
    }

    enum Either {
        case step(FakeLLMStep)
        case responder((@Sendable (FakeLLMRequest) -> FakeLLMStep)?)
    }
}

/// One request's way through the fake, the same for every provider: record, key, headers, body,
/// then the step, applied in the request's own task (delays never hold a thread or other requests).
struct FakeLLMExchange: Sendable {
    let state: Locked<LLMServerState>
    let held: HeldRequests
    let requiredKey: String?

    /// The largest body read (Anthropic's limit, 32 MB).
    static let bodyLimit = 32 << 20

    func handle<Dialect: LLMDialect>(
        _ dialect: Dialect.Type, _ request: Request, pathModel: String? = nil, routeFailure: LLMFailure? = nil
    ) async throws -> Response {
        let arrived = ContinuousClock.now
        let body = Array(try await request.body.collect(upTo: Self.bodyLimit).readableBytesView)
        let json = JSONValue.parse(body)
        var call = Dialect.describe(json)
        if let pathModel { call.model = pathModel }
        let record = FakeLLMRequest(
            provider: Dialect.provider, path: request.uri.path, query: request.uri.query ?? "",
            headers: request.headers.map { (name: $0.name.rawName, value: $0.value) }, body: body, model: call.model,
            systemText: call.system.joined(separator: "\n"), userText: call.user.joined(separator: "\n"), receivedAt: arrived
        )
        state.withLock { $0.requests.append(record) }

        if let routeFailure { return Dialect.error(routeFailure) }
        if let requiredKey {
            let presented = Dialect.presentedKey(in: request)
            if presented != requiredKey { return Dialect.error(Dialect.keyFailure(presented: presented)) }
        }
        if let failure = Dialect.headerFailure(request.headers) ?? Dialect.validate(json) { return Dialect.error(failure) }

        let step: FakeLLMStep
        switch state.withLock({ $0.next(for: Dialect.provider) }) {
        case .step(let scripted): step = scripted
        case .responder(let responder?): step = responder(record)
        case .responder(nil): step = .reply(FakeLLMServer.holdDecision)
        }
        return try await apply(step, Dialect.self, call)
    }

    private func apply<Dialect: LLMDialect>(_ step: FakeLLMStep, _ dialect: Dialect.Type, _ call: FakeLLMCall) async throws -> Response {
        switch step {
        case .reply(let text, let input, let output, let delay):
            try await Self.wait(delay)
            return Dialect.completion(LLMCompletion(outcome: .text(text, truncated: false), inputTokens: input, outputTokens: output), for: call)
        case .truncated(let text):
            let completion = LLMCompletion(outcome: .text(text, truncated: true), inputTokens: 100, outputTokens: call.maxOutputTokens ?? 20)
            return Dialect.completion(completion, for: call)
        case .empty:
            return Dialect.completion(LLMCompletion(outcome: .empty, inputTokens: 100, outputTokens: 0), for: call)
        case .refusal(let text):
            return Dialect.completion(LLMCompletion(outcome: .refusal(text), inputTokens: 100, outputTokens: 10), for: call)
        case .status(let status, let retryAfter, let delay):
            try await Self.wait(delay)
            return Dialect.error(LLMFailure(status: status, retryAfter: retryAfter))
        case .hang:
            // Throws once let go (at stop): nothing is answered.
            try await held.hold()
            return Dialect.error(LLMFailure(status: 503))
        }
    }

    private static func wait(_ delay: Duration) async throws {
        if delay > .zero { try await Task.sleep(for: delay) }
    }
}
