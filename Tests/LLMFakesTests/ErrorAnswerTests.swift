import ArenaTesting
import Foundation
import Testing

/// Error statuses, keys and bad bodies, each in the provider's error format.
@Suite struct ErrorAnswerTests {
    @Test func openAIStatuses() async throws {
        try await withFakeLLM { server, probe in
            server.script([.status(429, retryAfterSeconds: 7), .status(500), .status(503)], for: .openai)
            let limited = try await probe.send(.openai)
            #expect(limited.status == 429)
            #expect(limited.header("retry-after") == "7")
            #expect(limited.header("x-request-id") != nil)
            #expect(limited.at("error.code") as? String == "rate_limit_exceeded")
            #expect(limited.at("error.param") is NSNull)
            #expect(limited.at("error.message") is String)
            let failed = try await probe.send(.openai)
            #expect(failed.status == 500)
            #expect(failed.header("retry-after") == nil)
            #expect(failed.at("error.type") as? String == "server_error")
            #expect(failed.at("error.code") is NSNull)
            #expect(try await probe.send(.openai).status == 503)
            #expect(try await probe.send(.openai).status == 200)
        }
    }

    @Test func anthropicStatuses() async throws {
        try await withFakeLLM { server, probe in
            server.script([.status(429, retryAfterSeconds: 3), .status(500), .status(529)], for: .anthropic)
            let expected = [(429, "rate_limit_error"), (500, "api_error"), (529, "overloaded_error")]
            for (status, type) in expected {
                let reply = try await probe.send(.anthropic)
                #expect(reply.status == status)
                #expect(reply.at("type") as? String == "error")
                #expect(reply.at("error.type") as? String == type)
                #expect(reply.at("error.message") is String)
                #expect(reply.at("request_id") as? String == reply.header("request-id"))
                #expect(reply.header("retry-after") == (status == 429 ? "3" : nil))
            }
        }
    }

    @Test func geminiStatusesCarryRetryInfo() async throws {
        try await withFakeLLM { server, probe in
            server.script([.status(429, retryAfterSeconds: 2), .status(503), .status(500)], for: .gemini)
            let limited = try await probe.send(.gemini)
            #expect(limited.status == 429)
            #expect(limited.header("retry-after") == "2")
            #expect(limited.at("error.code") as? Int == 429)
            #expect(limited.at("error.status") as? String == "RESOURCE_EXHAUSTED")
            #expect(limited.at("error.details.0.@type") as? String == "type.googleapis.com/google.rpc.RetryInfo")
            #expect(limited.at("error.details.0.retryDelay") as? String == "2s")
            let unavailable = try await probe.send(.gemini)
            #expect(unavailable.status == 503)
            #expect(unavailable.at("error.status") as? String == "UNAVAILABLE")
            #expect(unavailable.at("error.details") == nil)
            #expect(try await probe.send(.gemini).at("error.status") as? String == "INTERNAL")
        }
    }

    /// A wrong or missing key, in each provider's words; nothing scripted is consumed by a refusal.
    @Test func keys() async throws {
        try await withFakeLLM { server, probe in
            for provider in FakeLLMProvider.allCases { server.script([.reply("kept")], for: provider) }
            let openai = try await probe.send(.openai, key: "wrong-key-123456")
            #expect(openai.status == 401)
            #expect(openai.at("error.code") as? String == "invalid_api_key")
            #expect(openai.at("error.type") as? String == "invalid_request_error")
            #expect(try await probe.send(.openai, key: nil).status == 401)

            let anthropic = try await probe.send(.anthropic, key: "wrong")
            #expect(anthropic.status == 401)
            #expect(anthropic.at("error.type") as? String == "authentication_error")
            #expect(try await probe.send(.anthropic, key: nil).at("error.message") as? String == "x-api-key header is required")

            // Gemini as the real API: a wrong key is 400 API_KEY_INVALID, a missing one 403.
            let gemini = try await probe.send(.gemini, key: "wrong")
            #expect(gemini.status == 400)
            #expect(gemini.at("error.status") as? String == "INVALID_ARGUMENT")
            #expect(gemini.at("error.details.0.reason") as? String == "API_KEY_INVALID")
            let missing = try await probe.send(.gemini, key: nil)
            #expect(missing.status == 403)
            #expect(missing.at("error.status") as? String == "PERMISSION_DENIED")
            // The key as a query parameter works too.
            let query = try await probe.post(
                probe.url(.gemini) + "?key=\(LLMProbe.key)", raw: #"{"contents":[{"parts":[{"text":"hi"}]}]}"#, headers: []
            )
            #expect(query.at("candidates.0.content.parts.0.text") as? String == "kept")

            #expect(try await probe.send(.openai).at("choices.0.message.content") as? String == "kept")
            #expect(try await probe.send(.anthropic).at("content.0.text") as? String == "kept")
            #expect(server.requestCount == 9)
        }
    }

    @Test func noKeyRequiredAcceptsAnyOrNone() async throws {
        try await withFakeLLM(requireKey: nil) { _, probe async throws in
            for provider in FakeLLMProvider.allCases {
                #expect(try await probe.send(provider, key: nil).status == 200)
                #expect(try await probe.send(provider, key: "anything").status == 200)
            }
        }
    }

    @Test func anthropicRequiresItsVersionHeader() async throws {
        try await withFakeLLM { _, probe in
            let body = try JSONSerialization.data(withJSONObject: LLMProbe.body(.anthropic))
            let reply = try await probe.post(probe.url(.anthropic), raw: String(decoding: body, as: UTF8.self), headers: [("x-api-key", LLMProbe.key)])
            #expect(reply.status == 400)
            #expect(reply.at("error.type") as? String == "invalid_request_error")
            #expect(reply.at("error.message") as? String == "anthropic-version: header is required")
        }
    }

    /// A body a client got wrong, and a fragment of what the provider says about it.
    struct BadBody: Sendable, CustomTestStringConvertible {
        let provider: FakeLLMProvider
        let body: String
        let says: String
        var testDescription: String { "\(provider): \(says)" }
    }

    static let badBodies: [BadBody] = [
        BadBody(provider: .openai, body: "not json", says: "could not parse the JSON body"),
        BadBody(provider: .openai, body: #"{"messages":[{"role":"user","content":"hi"}]}"#, says: "must provide a model"),
        BadBody(provider: .openai, body: #"{"model":"m"}"#, says: "Missing required parameter: 'messages'"),
        BadBody(provider: .openai, body: #"{"model":"m","messages":[]}"#, says: "empty array"),
        BadBody(provider: .openai, body: #"{"model":"m","messages":[{"role":"bot","content":"hi"}]}"#, says: "Invalid value: 'bot'"),
        BadBody(provider: .openai, body: #"{"model":"m","messages":[{"content":"hi"}]}"#, says: "'messages[0].role'"),
        BadBody(
            provider: .openai, body: #"{"model":"m","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_object"}}"#,
            says: "must contain the word 'json'"
        ),
        BadBody(provider: .anthropic, body: "[1,2]", says: "not a valid JSON object"),
        BadBody(provider: .anthropic, body: #"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#, says: "max_tokens: Field required"),
        BadBody(provider: .anthropic, body: #"{"max_tokens":9,"messages":[{"role":"user","content":"hi"}]}"#, says: "model: Field required"),
        BadBody(provider: .anthropic, body: #"{"model":"m","max_tokens":9}"#, says: "messages: Field required"),
        BadBody(provider: .anthropic, body: #"{"model":"m","max_tokens":9,"messages":[{"role":"system","content":"s"}]}"#, says: "top-level `system`"),
        BadBody(provider: .anthropic, body: #"{"model":"m","max_tokens":9,"messages":[{"role":"user","content":""}]}"#, says: "must be non-empty"),
        BadBody(
            provider: .anthropic, body: #"{"model":"m","max_tokens":9,"temperature":1.5,"messages":[{"role":"user","content":"hi"}]}"#,
            says: "temperature"
        ),
        BadBody(provider: .gemini, body: "{", says: "Invalid JSON payload"),
        BadBody(provider: .gemini, body: #"{}"#, says: "contents is not specified"),
        BadBody(provider: .gemini, body: #"{"contents":[{"role":"user"}]}"#, says: "contents.parts must not be empty"),
        BadBody(provider: .gemini, body: #"{"contents":[{"role":"assistant","parts":[{"text":"x"}]}]}"#, says: "valid role"),
        BadBody(provider: .gemini, body: #"{"messages":[],"contents":[{"parts":[{"text":"x"}]}]}"#, says: #"Unknown name "messages""#),
        BadBody(
            provider: .gemini, body: #"{"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"max_tokens":5}}"#,
            says: #"Unknown name "max_tokens" at 'generation_config'"#
        ),
    ]

    @Test(arguments: badBodies) func badBodyIsRefusedWith400(_ bad: BadBody) async throws {
        try await withFakeLLM { server, probe in
            server.script([.reply("not for a bad body")], for: bad.provider)
            let reply = try await probe.post(probe.url(bad.provider), raw: bad.body, headers: LLMProbe.headers(bad.provider, key: LLMProbe.key))
            #expect(reply.status == 400)
            let message = reply.at("error.message") as? String ?? ""
            #expect(message.contains(bad.says), "\(message)")
            switch bad.provider {
            case .openai: #expect(reply.at("error.type") as? String == "invalid_request_error")
            case .anthropic: #expect(reply.at("error.type") as? String == "invalid_request_error")
            case .gemini: #expect(reply.at("error.status") as? String == "INVALID_ARGUMENT")
            }
            #expect(server.requests(for: bad.provider).map(\.bodyText) == [bad.body])
            // The scripted step is still there for the next valid request.
            #expect(try await probe.send(bad.provider).status == 200)
        }
    }
}
