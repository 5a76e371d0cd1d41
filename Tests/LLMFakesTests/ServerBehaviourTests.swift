import ArenaTesting
import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// What the server does beyond one answer: records, routes, concurrency, hanging, script files.
@Suite struct ServerBehaviourTests {
    @Test func baseURLs() async throws {
        try await withFakeLLM { server, _ in
            #expect(server.baseURL(.openai) == "http://127.0.0.1:\(server.port)/v1")
            #expect(server.baseURL(.anthropic) == "http://127.0.0.1:\(server.port)/v1")
            #expect(server.baseURL(.gemini) == "http://127.0.0.1:\(server.port)/v1beta")
        }
    }

    @Test func requestsAreRecordedWithTheirPrompts() async throws {
        try await withFakeLLM { server, probe in
            for provider in FakeLLMProvider.allCases { _ = try await probe.send(provider) }
            let openai = try #require(server.requests(for: .openai).first)
            #expect(openai.path == "/v1/chat/completions")
            #expect(openai.model == "gpt-4o-mini")
            #expect(openai.systemText == "be terse")
            #expect(openai.userText == "hello")
            #expect(openai.header("authorization") == "Bearer \(LLMProbe.key)")
            #expect((try JSONSerialization.jsonObject(with: Data(openai.body)) as? [String: Any])?["max_tokens"] as? Int == 50)
            let anthropic = try #require(server.requests(for: .anthropic).first)
            #expect(anthropic.model == "claude-sonnet-4-5")
            #expect(anthropic.systemText == "be terse")
            #expect(anthropic.userText == "hello")
            #expect(anthropic.header("Anthropic-Version") == "2023-06-01")
            let gemini = try #require(server.requests(for: .gemini).first)
            #expect(gemini.path == "/v1beta/models/\(LLMProbe.geminiModel):generateContent")
            #expect(gemini.model == LLMProbe.geminiModel)
            #expect(gemini.systemText == "be terse")
            #expect(gemini.userText == "hello")
            #expect(server.requestCount == 3)
        }
    }

    /// Content given as blocks or parts is read too, and snake_case Gemini fields are accepted.
    @Test func promptsInBlockForm() async throws {
        try await withFakeLLM { server, probe in
            _ = try await probe.send(.openai, body: [
                "model": "m", "messages": [["role": "developer", "content": [["type": "text", "text": "rules"]]], ["role": "user", "content": [["type": "text", "text": "a"], ["type": "text", "text": "b"]]]],
            ])
            _ = try await probe.send(.anthropic, body: [
                "model": "m", "max_tokens": 5, "system": [["type": "text", "text": "rules"]], "messages": [["role": "user", "content": [["type": "text", "text": "a"]]]],
            ])
            let gemini = try await probe.send(.gemini, body: ["system_instruction": ["parts": [["text": "rules"]]], "contents": [["parts": [["text": "a"]]]]])
            #expect(gemini.status == 200)
            for provider in FakeLLMProvider.allCases {
                #expect(server.requests(for: provider).first?.systemText == "rules")
            }
            #expect(server.requests(for: .openai).first?.userText == "a\nb")
        }
    }

    /// The model segment and the method share one path segment; an encoded colon works, another method is 404.
    @Test func geminiRouting() async throws {
        try await withFakeLLM { server, probe in
            let body = #"{"contents":[{"parts":[{"text":"hi"}]}]}"#
            let headers = LLMProbe.headers(.gemini, key: LLMProbe.key)
            let encoded = try await probe.post(server.baseURL(.gemini) + "/models/gemini-2.0-flash-lite%3AgenerateContent", raw: body, headers: headers)
            #expect(encoded.status == 200)
            #expect(encoded.at("modelVersion") as? String == "gemini-2.0-flash-lite")
            let stable = try await probe.post("http://127.0.0.1:\(server.port)/v1/models/gemini-2.5-pro:generateContent", raw: body, headers: headers)
            #expect(stable.at("modelVersion") as? String == "gemini-2.5-pro")
            let streaming = try await probe.post(server.baseURL(.gemini) + "/models/gemini-2.5-pro:streamGenerateContent", raw: body, headers: headers)
            #expect(streaming.status == 404)
            #expect(streaming.at("error.status") as? String == "NOT_FOUND")
        }
    }

    /// Twenty requests delayed 1 s each, all at once, are answered together, not one after another.
    @Test func delayedRepliesRunConcurrently() async throws {
        try await withFakeLLM { server, probe in
            let providers = (0..<20).map { FakeLLMProvider.allCases[$0 % 3] }
            for provider in FakeLLMProvider.allCases {
                let count = providers.count(where: { $0 == provider })
                server.script(Array(repeating: .reply("late", delay: .seconds(1)), count: count), for: provider)
            }
            let clock = ContinuousClock()
            let started = clock.now
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for provider in providers { group.addTask { try await probe.send(provider).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let elapsed = clock.now - started
            #expect(statuses == Array(repeating: 200, count: 20))
            #expect(elapsed >= .seconds(1))
            #expect(elapsed < .seconds(10), "20 concurrent 1 s replies took \(elapsed)")
        }
    }

    /// A hanging request is never answered: the client times out, the next request is served,
    /// and stopping the server does not wait for the hung one.
    @Test func hangUntilTheClientGivesUp() async throws {
        let clock = ContinuousClock()
        try await withFakeLLM { server, probe async throws in
            server.script([.hang], for: .anthropic)
            await #expect(throws: HTTPClientError.self) { try await probe.send(.anthropic, timeout: .milliseconds(500)) }
            #expect(try await probe.send(.anthropic).status == 200)
            #expect(server.requests(for: .anthropic).count == 2)
        }
        let server = try await FakeLLMServer()
        server.script([.hang], for: .openai)
        let client = HTTPClient()
        let hung = Task { try await LLMProbe(client: client, server: server).send(.openai, timeout: .seconds(60)).status }
        while server.requestCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
        let stopping = clock.now
        await server.stop()
        #expect(clock.now - stopping < .seconds(10))
        _ = try? await hung.value
        try await client.shutdown()
    }

    @Test func countEndpoint() async throws {
        try await withFakeLLM { server, probe in
            _ = try await probe.send(.gemini)
            _ = try await probe.send(.gemini, key: "wrong")
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/_fake/count")
            request.method = .GET
            let response = try await probe.client.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 16)
            let counts = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Int]
            #expect(counts == ["openai": 0, "anthropic": 0, "gemini": 2, "requests": 2])
        }
    }

    @Test func scriptFile() async throws {
        let json = """
            {"openai": [{"step": "reply", "text": "{\\"action\\":\\"BUY\\"}", "delay_ms": 20, "input_tokens": 7, "output_tokens": 3},
                        {"step": "status", "code": 429, "retry_after": 1}, {"step": "truncated", "text": "{"},
                        {"step": "empty"}, {"step": "refusal", "text": "no"}, {"step": "hang"}],
             "gemini": [{"step": "status", "code": 503, "delay_ms": 5}]}
            """
        let steps = try FakeLLMScript.parse(Data(json.utf8))
        #expect(steps[.openai] == [
            .reply(#"{"action":"BUY"}"#, inputTokens: 7, outputTokens: 3, delay: .milliseconds(20)), .status(429, retryAfterSeconds: 1),
            .truncated("{"), .empty, .refusal("no"), .hang,
        ])
        #expect(steps[.gemini] == [.status(503, delay: .milliseconds(5))])
        #expect(steps[.anthropic] == nil)
        for bad in [#"{"grok": []}"#, #"{"openai": [{"step": "reply"}]}"#, #"{"openai": [{"step": "nap"}]}"#, #"{"openai": [{"step": "empty", "text": "x"}]}"#, "[]"] {
            #expect(throws: FakeLLMScriptError.self) { try FakeLLMScript.parse(Data(bad.utf8)) }
        }
        try await withFakeLLM { server, probe in
            try server.loadScript(Data(json.utf8))
            let first = try await probe.send(.openai)
            #expect(first.at("choices.0.message.content") as? String == #"{"action":"BUY"}"#)
            #expect(try await probe.send(.openai).header("retry-after") == "1")
            #expect(try await probe.send(.gemini).status == 503)
        }
    }
}
