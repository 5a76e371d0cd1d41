import ArenaTesting
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// One answer from the fake: status, headers and the body, parsed as JSON when it is JSON.
struct LLMReply {
    let status: Int
    let headers: HTTPHeaders
    let text: String
    let json: Any?

    init(status: Int, headers: HTTPHeaders, body: [UInt8]) {
        (self.status, self.headers) = (status, headers)
        text = String(decoding: body, as: UTF8.self)
        json = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
    }

    /// The value at `path` in the body (`"choices.0.message.content"`: objects by key, arrays by
    /// index); nil when absent (JSON null is `NSNull`).
    func at(_ path: String) -> Any? {
        path.split(separator: ".").reduce(json) { current, key in
            if let object = current as? [String: Any] { return object[String(key)] }
            if let array = current as? [Any], let index = Int(key), array.indices.contains(index) { return array[index] }
            return nil
        }
    }

    func header(_ name: String) -> String? { headers.first(name: name) }
}

/// A real HTTP client talking to a ``FakeLLMServer`` the way each provider's client would.
struct LLMProbe {
    static let key = "test-key-0123456789"
    static let geminiModel = "gemini-2.5-flash"

    let client: HTTPClient
    let server: FakeLLMServer

    /// A minimal valid body for `provider`: a system prompt "be terse", a user turn "hello", a 50-token limit.
    static func body(_ provider: FakeLLMProvider) -> [String: Any] {
        switch provider {
        case .openai:
            ["model": "gpt-4o-mini", "max_tokens": 50, "messages": [["role": "system", "content": "be terse"], ["role": "user", "content": "hello"]]]
        case .anthropic:
            ["model": "claude-sonnet-4-5", "max_tokens": 50, "system": "be terse", "messages": [["role": "user", "content": "hello"]]]
        case .gemini:
            [
                "systemInstruction": ["parts": [["text": "be terse"]]], "contents": [["role": "user", "parts": [["text": "hello"]]]],
                "generationConfig": ["maxOutputTokens": 50],
            ]
        }
    }

    /// The endpoint URL of `provider` under the fake's base URL.
    func url(_ provider: FakeLLMProvider, model: String = geminiModel) -> String {
        switch provider {
        case .openai: server.baseURL(.openai) + "/chat/completions"
        case .anthropic: server.baseURL(.anthropic) + "/messages"
        case .gemini: server.baseURL(.gemini) + "/models/\(model):generateContent"
        }
    }

    /// The headers `provider` wants: its key (unless `key` is nil) and Anthropic's version.
    static func headers(_ provider: FakeLLMProvider, key: String?) -> [(String, String)] {
        switch provider {
        case .openai: key.map { [("Authorization", "Bearer \($0)")] } ?? []
        case .anthropic: [("anthropic-version", "2023-06-01")] + (key.map { [("x-api-key", $0)] } ?? [])
        case .gemini: key.map { [("x-goog-api-key", $0)] } ?? []
        }
    }

    /// Posts `body` (raw text) to `url` with `headers`; throws when unanswered after `timeout`.
    func post(_ url: String, raw body: String, headers: [(String, String)], timeout: TimeAmount = .seconds(30)) async throws -> LLMReply {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: timeout)
        let collected = try await response.body.collect(upTo: 16 << 20)
        return LLMReply(status: Int(response.status.code), headers: response.headers, body: Array(collected.readableBytesView))
    }

    /// Sends `provider` a request as its client would: `body` (default: ``body(_:)``) with its headers.
    func send(
        _ provider: FakeLLMProvider, body: [String: Any]? = nil, key: String? = LLMProbe.key, timeout: TimeAmount = .seconds(30)
    ) async throws -> LLMReply {
        let data = try JSONSerialization.data(withJSONObject: body ?? Self.body(provider))
        return try await post(url(provider), raw: String(decoding: data, as: UTF8.self), headers: Self.headers(provider, key: key), timeout: timeout)
    }
}

/// Runs `body` against a fresh fake (requiring ``LLMProbe/key`` unless told otherwise) and a client
/// allowed enough connections for concurrent tests, then stops both (also when `body` throws).
func withFakeLLM(requireKey: String? = LLMProbe.key, _ body: (FakeLLMServer, LLMProbe) async throws -> Void) async throws {
    let server = try await FakeLLMServer(requireKey: requireKey)
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
    let client = HTTPClient(configuration: configuration)
    do {
        try await body(server, LLMProbe(client: client, server: server))
    } catch {
        try? await client.shutdown()
        await server.stop()
        throw error
    }
    try await client.shutdown()
    await server.stop()
}
