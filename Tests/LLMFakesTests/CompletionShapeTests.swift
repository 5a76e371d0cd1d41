import ArenaTesting
import Foundation
import Testing

/// Each completion step in each provider's real response shape.
@Suite struct CompletionShapeTests {
    /// Text that is not valid JSON on purpose: the fake passes it through untouched.
    static let text = #"Sure: {"action":"BUY","confidence":0.7"#

    @Test func openAIReply() async throws {
        try await withFakeLLM { server, probe in
            server.script([.reply(Self.text, inputTokens: 321, outputTokens: 12)], for: .openai)
            let reply = try await probe.send(.openai)
            #expect(reply.status == 200)
            #expect(reply.header("x-request-id")?.hasPrefix("req_") == true)
            #expect(reply.header("content-type") == "application/json")
            #expect((reply.at("id") as? String)?.hasPrefix("chatcmpl-") == true)
            #expect(reply.at("object") as? String == "chat.completion")
            #expect(reply.at("created") as? Int ?? 0 > 1_700_000_000)
            #expect(reply.at("model") as? String == "gpt-4o-mini")
            #expect(reply.at("choices.0.index") as? Int == 0)
            #expect(reply.at("choices.0.message.role") as? String == "assistant")
            #expect(reply.at("choices.0.message.content") as? String == Self.text)
            #expect(reply.at("choices.0.message.refusal") is NSNull)
            #expect(reply.at("choices.0.finish_reason") as? String == "stop")
            #expect(reply.at("usage.prompt_tokens") as? Int == 321)
            #expect(reply.at("usage.completion_tokens") as? Int == 12)
            #expect(reply.at("usage.total_tokens") as? Int == 333)
        }
    }

    @Test func anthropicReply() async throws {
        try await withFakeLLM { server, probe in
            server.script([.reply(Self.text, inputTokens: 321, outputTokens: 12)], for: .anthropic)
            let reply = try await probe.send(.anthropic)
            #expect(reply.status == 200)
            #expect(reply.header("request-id")?.hasPrefix("req_") == true)
            #expect((reply.at("id") as? String)?.hasPrefix("msg_") == true)
            #expect(reply.at("type") as? String == "message")
            #expect(reply.at("role") as? String == "assistant")
            #expect(reply.at("model") as? String == "claude-sonnet-4-5")
            #expect(reply.at("content.0.type") as? String == "text")
            #expect(reply.at("content.0.text") as? String == Self.text)
            #expect(reply.at("stop_reason") as? String == "end_turn")
            #expect(reply.at("stop_sequence") is NSNull)
            #expect(reply.at("usage.input_tokens") as? Int == 321)
            #expect(reply.at("usage.output_tokens") as? Int == 12)
        }
    }

    @Test func geminiReply() async throws {
        try await withFakeLLM { server, probe in
            server.script([.reply(Self.text, inputTokens: 321, outputTokens: 12)], for: .gemini)
            let reply = try await probe.send(.gemini)
            #expect(reply.status == 200)
            #expect(reply.at("candidates.0.content.role") as? String == "model")
            #expect(reply.at("candidates.0.content.parts.0.text") as? String == Self.text)
            #expect(reply.at("candidates.0.finishReason") as? String == "STOP")
            #expect(reply.at("candidates.0.index") as? Int == 0)
            #expect(reply.at("usageMetadata.promptTokenCount") as? Int == 321)
            #expect(reply.at("usageMetadata.candidatesTokenCount") as? Int == 12)
            #expect(reply.at("usageMetadata.totalTokenCount") as? Int == 333)
            #expect(reply.at("modelVersion") as? String == LLMProbe.geminiModel)
            #expect(reply.at("responseId") is String)
            #expect(reply.at("promptFeedback") == nil)
        }
    }

    /// Cut at the output limit; the output count is the request's limit (50).
    @Test func truncatedEndsAtTheLimitInEachFormat() async throws {
        try await withFakeLLM { server, probe in
            for provider in FakeLLMProvider.allCases { server.script([.truncated(#"{"action":"BU"#)], for: provider) }
            let openai = try await probe.send(.openai)
            #expect(openai.at("choices.0.finish_reason") as? String == "length")
            #expect(openai.at("choices.0.message.content") as? String == #"{"action":"BU"#)
            #expect(openai.at("usage.completion_tokens") as? Int == 50)
            let anthropic = try await probe.send(.anthropic)
            #expect(anthropic.at("stop_reason") as? String == "max_tokens")
            #expect(anthropic.at("content.0.text") as? String == #"{"action":"BU"#)
            #expect(anthropic.at("usage.output_tokens") as? Int == 50)
            let gemini = try await probe.send(.gemini)
            #expect(gemini.at("candidates.0.finishReason") as? String == "MAX_TOKENS")
            #expect(gemini.at("candidates.0.content.parts.0.text") as? String == #"{"action":"BU"#)
            #expect(gemini.at("usageMetadata.candidatesTokenCount") as? Int == 50)
        }
    }

    @Test func emptyHasNoTextInEachFormat() async throws {
        try await withFakeLLM { server, probe in
            for provider in FakeLLMProvider.allCases { server.script([.empty], for: provider) }
            let openai = try await probe.send(.openai)
            #expect(openai.status == 200)
            #expect(openai.at("choices.0.message.content") as? String == "")
            #expect(openai.at("choices.0.finish_reason") as? String == "stop")
            let anthropic = try await probe.send(.anthropic)
            #expect((anthropic.at("content") as? [Any])?.isEmpty == true)
            #expect(anthropic.at("stop_reason") as? String == "end_turn")
            let gemini = try await probe.send(.gemini)
            #expect(gemini.at("candidates.0.content.role") as? String == "model")
            #expect(gemini.at("candidates.0.content.parts") == nil)
            #expect(gemini.at("candidates.0.finishReason") as? String == "STOP")
        }
    }

    @Test func refusalInEachFormat() async throws {
        try await withFakeLLM { server, probe in
            for provider in FakeLLMProvider.allCases { server.script([.refusal("I can't help with that.")], for: provider) }
            let openai = try await probe.send(.openai)
            #expect(openai.status == 200)
            #expect(openai.at("choices.0.message.content") is NSNull)
            #expect(openai.at("choices.0.message.refusal") as? String == "I can't help with that.")
            let anthropic = try await probe.send(.anthropic)
            #expect(anthropic.at("stop_reason") as? String == "refusal")
            #expect(anthropic.at("content.0.text") as? String == "I can't help with that.")
            let gemini = try await probe.send(.gemini)
            #expect(gemini.status == 200)
            #expect(gemini.at("candidates") == nil)
            #expect(gemini.at("promptFeedback.blockReason") as? String == "SAFETY")
            #expect(gemini.at("usageMetadata.promptTokenCount") as? Int == 100)
        }
    }

    /// Without a script every provider answers a valid HOLD decision; a responder takes over when set.
    @Test func defaultAndResponderAnswers() async throws {
        try await withFakeLLM { server, probe in
            let hold = try await probe.send(.openai)
            #expect(hold.at("choices.0.message.content") as? String == FakeLLMServer.holdDecision)
            let decision = try JSONSerialization.jsonObject(with: Data(FakeLLMServer.holdDecision.utf8)) as? [String: Any]
            #expect(decision?["action"] as? String == "HOLD")

            server.setResponder(for: .anthropic) { request in .reply("echo: \(request.userText)") }
            server.script([.reply("scripted first")], for: .anthropic)
            let first = try await probe.send(.anthropic)
            #expect(first.at("content.0.text") as? String == "scripted first")
            let second = try await probe.send(.anthropic)
            #expect(second.at("content.0.text") as? String == "echo: hello")
            let gemini = try await probe.send(.gemini)
            #expect(gemini.at("candidates.0.content.parts.0.text") as? String == FakeLLMServer.holdDecision)
        }
    }
}
