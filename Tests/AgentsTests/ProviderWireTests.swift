import Foundation
import Testing

@testable import Agents

/// The three provider wire formats against their documentation: the requests built (URL, headers, body,
/// byte-for-byte determinism, the key in its header only) and the replies read (documented examples, every
/// stop reason, refusals, usage, request ids, error bodies with their retry hints, malformed bodies).
@Suite struct ProviderWireTests {
    static let key = "sk-test-0123456789abcdef"
    /// A standard JSON Schema with a nullable field, written with its keys sorted so that the embedded
    /// copy in a body reads the same.
    static let schema =
        #"{"additionalProperties":false,"properties":{"action":{"enum":["buy","sell","hold"],"type":"string"},"reason":{"type":["string","null"]}},"required":["action","reason"],"type":"object"}"#

    static func chat(model: String, schema: String? = schema, temperature: Double = 0.2) -> ChatRequest {
        ChatRequest(model: model, system: "You trade.", user: "BTC at 100000. Decide.", temperature: temperature, maxTokens: 512, responseSchema: schema)
    }

    static func response(_ status: Int, _ body: String, headers: [(String, String)] = []) -> HTTPResponseSpec {
        HTTPResponseSpec(status: status, headers: headers.map { HTTPHeaderField($0.0, $0.1) }, body: Array(body.utf8))
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    static func object(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    /// The error `reply` throws for `response`; nil (and an issue) when it returns a reply.
    static func failure(_ wire: some ProviderWire, _ response: HTTPResponseSpec) -> ProviderError? {
        do {
            let reply = try wire.reply(response)
            Issue.record("expected an error, got \(reply)")
            return nil
        } catch {
            return error
        }
    }

    /// The key appears once, as `value` of header `name`: not in the URL, the body or any other header.
    static func expectKey(in request: HTTPRequestSpec, only name: String, as value: String) {
        #expect(!request.url.contains(key))
        #expect(!text(request.body).contains(key))
        #expect(request.headers.filter { $0.value.contains(key) } == [HTTPHeaderField(name, value)])
    }

    static func expectMalformed(_ wire: some ProviderWire, _ body: String, _ reason: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .malformedResponse(let said)? = failure(wire, response(200, body)) else {
            Issue.record("\(body) must be malformed", sourceLocation: sourceLocation)
            return
        }
        if let reason { #expect(said == reason, sourceLocation: sourceLocation) }
    }

    // MARK: OpenAI

    @Test func openAIRequestIsTheDocumentedChatCompletion() throws {
        let endpoint = ProviderEndpoint(kind: .openai, baseURL: "https://api.openai.com/v1")
        let request = OpenAIWire().request(Self.chat(model: "gpt-4o-mini"), endpoint: endpoint, apiKey: Self.key)
        #expect(request.method == "POST")
        #expect(request.url == "https://api.openai.com/v1/chat/completions")
        #expect(request.headers.contains(HTTPHeaderField("Content-Type", "application/json")))
        Self.expectKey(in: request, only: "Authorization", as: "Bearer \(Self.key)")

        let body = try Self.object(request.body)
        #expect(body["model"] as? String == "gpt-4o-mini")
        #expect(body["max_tokens"] as? Int == 512)
        #expect(body["temperature"] as? Double == 0.2)
        let messages = try #require(body["messages"] as? [[String: String]])
        #expect(messages == [["role": "system", "content": "You trade."], ["role": "user", "content": "BTC at 100000. Decide."]])
        let format = try #require(body["response_format"] as? [String: Any])
        #expect(format["type"] as? String == "json_schema")
        let jsonSchema = try #require(format["json_schema"] as? [String: Any])
        #expect(jsonSchema["name"] as? String == "decision")
        #expect(jsonSchema["strict"] as? Bool == true)
        // The schema is embedded as an object, not as a string holding JSON.
        let embedded = try #require(jsonSchema["schema"] as? [String: Any])
        #expect(embedded["required"] as? [String] == ["action", "reason"])

        // Sorted keys, shortest numbers: the same request is always these bytes.
        #expect(
            Self.text(request.body)
                == #"{"max_tokens":512,"messages":[{"content":"You trade.","role":"system"},{"content":"BTC at 100000. Decide.","role":"user"}],"model":"gpt-4o-mini","response_format":{"json_schema":{"name":"decision","schema":"#
                + Self.schema + #","strict":true},"type":"json_schema"},"temperature":0.2}"#
        )
        #expect(OpenAIWire().request(Self.chat(model: "gpt-4o-mini"), endpoint: endpoint, apiKey: Self.key) == request)
    }

    @Test func openAIResponseFormatFollowsTheEndpointAndTheSchema() throws {
        let local = ProviderEndpoint(kind: .openai, baseURL: "http://127.0.0.1:8081/v1/", schemaStyle: .jsonObject)
        let noSchemaSupport = OpenAIWire().request(Self.chat(model: "qwen"), endpoint: local, apiKey: "")
        #expect(noSchemaSupport.url == "http://127.0.0.1:8081/v1/chat/completions")
        #expect(try Self.object(noSchemaSupport.body)["response_format"] as? [String: String] == ["type": "json_object"])
        // No key: no Authorization header at all (llama.cpp, Ollama).
        #expect(noSchemaSupport.headers == [HTTPHeaderField("Content-Type", "application/json")])

        // llama-cpp-python: json_object with the schema inline (it answers 500 to json_schema).
        let llama = ProviderEndpoint(kind: .openai, baseURL: "http://127.0.0.1:7400/v1", schemaStyle: .inlineSchema)
        let inline = try Self.object(OpenAIWire().request(Self.chat(model: "gemma"), endpoint: llama, apiKey: "").body)["response_format"] as? [String: Any]
        #expect(inline?["type"] as? String == "json_object" && (inline?["schema"] as? [String: Any])?["type"] as? String == "object")

        let remote = ProviderEndpoint(kind: .openai, baseURL: "https://api.deepseek.com")
        let noSchema = OpenAIWire().request(Self.chat(model: "deepseek-chat", schema: nil), endpoint: remote, apiKey: Self.key)
        #expect(try Self.object(noSchema.body)["response_format"] == nil)
        // A schema that is not a JSON object still gets JSON asked for, without a broken schema.
        let broken = OpenAIWire().request(Self.chat(model: "deepseek-chat", schema: "{not json"), endpoint: remote, apiKey: Self.key)
        #expect(try Self.object(broken.body)["response_format"] as? [String: String] == ["type": "json_object"])
    }

    @Test(arguments: [0.0, 0.1, 0.2, 0.3, 0.7, 1.1])
    func temperaturesPrintAsWritten(_ temperature: Double) {
        let endpoint = ProviderEndpoint(kind: .openai, baseURL: "https://api.openai.com/v1")
        let body = Self.text(OpenAIWire().request(Self.chat(model: "m", temperature: temperature), endpoint: endpoint, apiKey: "").body)
        #expect(body.contains(#""temperature":\#(temperature == 0 ? "0" : "\(temperature)")}"#))
    }

    @Test func openAIDocumentedExampleIsRead() throws {
        // The chat completion object's example in OpenAI's API reference (Chat > Create chat completion).
        let example = #"""
            {
              "id": "chatcmpl-123",
              "object": "chat.completion",
              "created": 1677652288,
              "model": "gpt-4o-mini",
              "system_fingerprint": "fp_44709d6fcb",
              "choices": [{
                "index": 0,
                "message": {
                  "role": "assistant",
                  "content": "\n\nHello there, how may I assist you today?"
                },
                "logprobs": null,
                "finish_reason": "stop"
              }],
              "service_tier": "default",
              "usage": {
                "prompt_tokens": 9,
                "completion_tokens": 12,
                "total_tokens": 21,
                "completion_tokens_details": {
                  "reasoning_tokens": 0,
                  "accepted_prediction_tokens": 0,
                  "rejected_prediction_tokens": 0
                }
              }
            }
            """#
        let reply = try OpenAIWire().reply(Self.response(200, example, headers: [("x-request-id", "req_abc")]))
        #expect(
            reply
                == ChatReply(text: "\n\nHello there, how may I assist you today?", inputTokens: 9, outputTokens: 12, requestID: "chatcmpl-123", stop: .complete)
        )
    }

    @Test func openAIStopReasonsAndRefusals() throws {
        func reply(_ message: String, _ finish: String, usage: String = #","usage":{"prompt_tokens":5,"completion_tokens":7}"#) throws -> ChatReply {
            try OpenAIWire().reply(
                Self.response(200, #"{"choices":[{"index":0,"message":\#(message),"finish_reason":\#(finish)}]\#(usage)}"#, headers: [("X-Request-Id", "req_1")])
            )
        }
        let text = #"{"role":"assistant","content":"{\"action\":\"hold\"}"}"#
        #expect(try reply(text, #""stop""#).stop == .complete)
        #expect(try reply(text, #""stop""#).text == #"{"action":"hold"}"#)
        #expect(try reply(text, #""length""#).stop == .truncated)
        #expect(try reply(#"{"role":"assistant","content":null}"#, #""content_filter""#) == ChatReply(text: "", inputTokens: 5, outputTokens: 7, requestID: "req_1", stop: .refused("content_filter")))
        #expect(try reply(text, #""tool_calls""#).stop == .other("tool_calls"))
        #expect(try reply(text, "null").stop == .other("none"))
        // Structured Outputs guide: a refusal comes as `message.refusal`, with `content` null, and `finish_reason` "stop".
        let refusal = #"{"role":"assistant","content":null,"refusal":"I'm sorry, I cannot assist with that request."}"#
        #expect(try reply(refusal, #""stop""#).stop == .refused("I'm sorry, I cannot assist with that request."))
        // `usage` is optional in OpenAI's API description; the request id then comes from the header.
        #expect(try reply(text, #""stop""#, usage: "") == ChatReply(text: #"{"action":"hold"}"#, inputTokens: 0, outputTokens: 0, requestID: "req_1", stop: .complete))
    }

    @Test func openAIErrorsCarryTheMessageAndTheWait() {
        // OpenAI's error body, as its error-codes guide shows it.
        let said = "Rate limit reached for gpt-4o-mini in organization org-x on requests per min (RPM): Limit 3, Used 3, Requested 1."
        let limited = #"{"error":{"message":"\#(said)","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#
        #expect(Self.failure(OpenAIWire(), Self.response(429, limited, headers: [("retry-after", "20")])) == .status(code: 429, retryAfter: .seconds(20), message: said))
        // An HTTP date is read against the response's Date header; the finer retry-after-ms wins when sent.
        let dated = Self.response(503, #"{"error":{"message":"The server is overloaded.","type":"server_error"}}"#, headers: [("Date", "Wed, 21 Oct 2015 07:28:00 GMT"), ("Retry-After", "Wed, 21 Oct 2015 07:28:45 GMT")])
        #expect(Self.failure(OpenAIWire(), dated) == .status(code: 503, retryAfter: .seconds(45), message: "The server is overloaded."))
        let precise = Self.response(429, limited, headers: [("retry-after", "1"), ("retry-after-ms", "250")])
        #expect(Self.failure(OpenAIWire(), precise) == .status(code: 429, retryAfter: .milliseconds(250), message: said))
        // A proxy's page instead of the error JSON: its text, trimmed; no hint, no wait.
        #expect(Self.failure(OpenAIWire(), Self.response(502, "  <html>Bad Gateway</html>\n")) == .status(code: 502, retryAfter: nil, message: "<html>Bad Gateway</html>"))
        #expect(Self.failure(OpenAIWire(), Self.response(500, "")) == .status(code: 500, retryAfter: nil, message: "(no body)"))
        // Long messages are cut to 300 characters.
        let long = String(repeating: "é", count: 400)
        let cut = String(repeating: "é", count: 299) + "…"
        #expect(Self.failure(OpenAIWire(), Self.response(400, #"{"error":{"message":"\#(long)"}}"#)) == .status(code: 400, retryAfter: nil, message: cut))
    }

    @Test func openAIMalformedBodies() {
        Self.expectMalformed(OpenAIWire(), "not json", "not JSON")
        Self.expectMalformed(OpenAIWire(), "[]", "the body is not an object")
        Self.expectMalformed(OpenAIWire(), #"{"id":"chatcmpl-1","object":"chat.completion"}"#, "choices is missing")
        Self.expectMalformed(OpenAIWire(), #"{"choices":[]}"#, "choices is empty")
        Self.expectMalformed(OpenAIWire(), #"{"choices":{"message":{}}}"#, "choices is not an array")
        Self.expectMalformed(OpenAIWire(), #"{"choices":[{"finish_reason":"stop"}]}"#, "choices[0].message is missing")
        Self.expectMalformed(OpenAIWire(), #"{"choices":[{"message":{"content":42},"finish_reason":"stop"}]}"#, "choices[0].message.content is not a string")
    }

    // MARK: Anthropic

    @Test func anthropicRequestIsTheDocumentedMessage() throws {
        let endpoint = ProviderEndpoint(kind: .anthropic, baseURL: "https://api.anthropic.com/v1")
        let request = AnthropicWire().request(Self.chat(model: "claude-sonnet-4-5"), endpoint: endpoint, apiKey: Self.key)
        #expect(request.url == "https://api.anthropic.com/v1/messages")
        #expect(request.headers.contains(HTTPHeaderField("anthropic-version", "2023-06-01")))
        #expect(request.headers.contains(HTTPHeaderField("content-type", "application/json")))
        Self.expectKey(in: request, only: "x-api-key", as: Self.key)
        let body = try Self.object(request.body)
        #expect(body["system"] as? String == "You trade.")
        #expect(body["messages"] as? [[String: String]] == [["role": "user", "content": "BTC at 100000. Decide."]])
        // The schema travels in the prompt only: nothing of it in the body.
        #expect(!Self.text(request.body).contains("additionalProperties"))
        #expect(
            Self.text(request.body)
                == #"{"max_tokens":512,"messages":[{"content":"BTC at 100000. Decide.","role":"user"}],"model":"claude-sonnet-4-5","system":"You trade.","temperature":0.2}"#
        )
        #expect(AnthropicWire().request(Self.chat(model: "claude-sonnet-4-5"), endpoint: endpoint, apiKey: Self.key) == request)
        #expect(!AnthropicWire().request(Self.chat(model: "claude-sonnet-4-5"), endpoint: endpoint, apiKey: "").headers.contains { $0.name == "x-api-key" })
    }

    @Test func anthropicDocumentedExampleIsRead() throws {
        // The example response on Anthropic's "Handling stop reasons" page.
        let example = #"""
            {
              "id": "msg_01234",
              "type": "message",
              "role": "assistant",
              "content": [
                {
                  "type": "text",
                  "text": "Here's the answer to your question..."
                }
              ],
              "stop_reason": "end_turn",
              "stop_sequence": null,
              "stop_details": null,
              "usage": {
                "input_tokens": 100,
                "output_tokens": 50
              }
            }
            """#
        #expect(
            try AnthropicWire().reply(Self.response(200, example, headers: [("request-id", "req_x")]))
                == ChatReply(text: "Here's the answer to your question...", inputTokens: 100, outputTokens: 50, requestID: "msg_01234", stop: .complete)
        )
    }

    @Test func anthropicStopReasonsBlocksAndUsage() throws {
        func reply(_ stop: String, content: String = #"[{"type":"text","text":"{\"action\":"},{"type":"text","text":"\"hold\"}"}]"#, id: String = #""id":"msg_1","#) throws -> ChatReply {
            let usage = #"{"input_tokens":10,"cache_creation_input_tokens":20,"cache_read_input_tokens":30,"output_tokens":40}"#
            return try AnthropicWire().reply(
                Self.response(200, #"{\#(id)"type":"message","role":"assistant","content":\#(content),"stop_reason":\#(stop),"usage":\#(usage)}"#, headers: [("request-id", "req_h")])
            )
        }
        // Text blocks joined; all the prompt's tokens counted, cached ones included.
        #expect(try reply(#""end_turn""#) == ChatReply(text: #"{"action":"hold"}"#, inputTokens: 60, outputTokens: 40, requestID: "msg_1", stop: .complete))
        #expect(try reply(#""stop_sequence""#).stop == .complete)
        #expect(try reply(#""max_tokens""#).stop == .truncated)
        #expect(try reply(#""model_context_window_exceeded""#).stop == .truncated)
        #expect(try reply(#""tool_use""#).stop == .other("tool_use"))
        #expect(try reply("null").stop == .other("none"))
        // Thinking blocks are not the answer.
        let thinking = #"[{"type":"thinking","thinking":"hmm","signature":"s"},{"type":"text","text":"ok"}]"#
        #expect(try reply(#""end_turn""#, content: thinking).text == "ok")
        // A refusal carries what the model said, or the reason when it said nothing.
        #expect(try reply(#""refusal""#, content: #"[{"type":"text","text":"I can't help with that."}]"#).stop == .refused("I can't help with that."))
        #expect(try reply(#""refusal""#, content: "[]").stop == .refused("refusal"))
        // No id in the body: the request-id header.
        #expect(try reply(#""end_turn""#, id: "").requestID == "req_h")
    }

    @Test func anthropicErrorsCarryTypeMessageAndWait() {
        // Anthropic's error shapes, as its errors page shows them.
        let overloaded = #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}"#
        #expect(
            Self.failure(AnthropicWire(), Self.response(529, overloaded, headers: [("retry-after", "7")]))
                == .status(code: 529, retryAfter: .seconds(7), message: "overloaded_error: Overloaded")
        )
        let limited = #"{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}"#
        let dated = Self.response(429, limited, headers: [("date", "Tue, 01 Jul 2025 12:00:00 GMT"), ("retry-after", "Tue, 01 Jul 2025 12:01:00 GMT")])
        #expect(Self.failure(AnthropicWire(), dated) == .status(code: 429, retryAfter: .seconds(60), message: "rate_limit_error: Number of request tokens has exceeded your per-minute rate limit"))
        let invalid = #"{"type":"error","error":{"type":"invalid_request_error","message":"messages: roles must alternate between \"user\" and \"assistant\""},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}"#
        #expect(
            Self.failure(AnthropicWire(), Self.response(400, invalid))
                == .status(code: 400, retryAfter: nil, message: #"invalid_request_error: messages: roles must alternate between "user" and "assistant""#)
        )
        #expect(Self.failure(AnthropicWire(), Self.response(401, #"{"type":"error","error":{"message":"invalid x-api-key"}}"#)) == .status(code: 401, retryAfter: nil, message: "invalid x-api-key"))
    }

    @Test func anthropicMalformedBodies() {
        Self.expectMalformed(AnthropicWire(), "<html>", "not JSON")
        Self.expectMalformed(AnthropicWire(), #"[{"type":"message"}]"#, "the body is not an object")
        Self.expectMalformed(AnthropicWire(), #"{"id":"msg_1","content":[],"stop_reason":"end_turn"}"#, "usage is missing")
        Self.expectMalformed(AnthropicWire(), #"{"content":"hi","stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}"#, "content is not an array")
        Self.expectMalformed(AnthropicWire(), #"{"content":[{"text":"hi"}],"usage":{"input_tokens":1,"output_tokens":1}}"#, "content[0].type is missing")
    }

    // MARK: Gemini

    @Test func geminiRequestIsTheDocumentedGenerateContent() throws {
        let endpoint = ProviderEndpoint(kind: .gemini, baseURL: "https://generativelanguage.googleapis.com/v1beta")
        let request = GeminiWire().request(Self.chat(model: "gemini-2.5-flash"), endpoint: endpoint, apiKey: Self.key)
        #expect(request.url == "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent")
        #expect(request.headers.contains(HTTPHeaderField("Content-Type", "application/json")))
        // Never `?key=` in the URL.
        Self.expectKey(in: request, only: "x-goog-api-key", as: Self.key)
        let body = try Self.object(request.body)
        let config = try #require(body["generationConfig"] as? [String: Any])
        #expect(config["responseMimeType"] as? String == "application/json")
        #expect(config["maxOutputTokens"] as? Int == 512)
        #expect(config["responseSchema"] == nil)
        let schema = try #require(config["responseJsonSchema"] as? [String: Any])
        let reason = try #require((schema["properties"] as? [String: Any])?["reason"] as? [String: Any])
        #expect(reason["type"] as? [String] == ["string", "null"])
        #expect(
            Self.text(request.body)
                == #"{"contents":[{"parts":[{"text":"BTC at 100000. Decide."}],"role":"user"}],"generationConfig":{"maxOutputTokens":512,"responseJsonSchema":"#
                + Self.schema + #","responseMimeType":"application/json","temperature":0.2},"systemInstruction":{"parts":[{"text":"You trade."}]}}"#
        )
        #expect(GeminiWire().request(Self.chat(model: "gemini-2.5-flash"), endpoint: endpoint, apiKey: Self.key) == request)
    }

    @Test func geminiModelNamesAndSchemaSupport() throws {
        let endpoint = ProviderEndpoint(kind: .gemini, baseURL: "https://generativelanguage.googleapis.com/v1beta/", schemaStyle: .jsonObject)
        let request = GeminiWire().request(Self.chat(model: "models/gemini-2.5-pro"), endpoint: endpoint, apiKey: "")
        #expect(request.url == "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent")
        #expect(request.headers == [HTTPHeaderField("Content-Type", "application/json")])
        let config = try #require(try Self.object(request.body)["generationConfig"] as? [String: Any])
        #expect(config["responseJsonSchema"] == nil)
        #expect(config["responseMimeType"] as? String == "application/json")
        // A model name cannot reach into the path or the query.
        let odd = GeminiWire().request(Self.chat(model: "x/../y?key=1"), endpoint: endpoint, apiKey: "")
        #expect(odd.url == "https://generativelanguage.googleapis.com/v1beta/models/x%2F..%2Fy%3Fkey%3D1:generateContent")
        // An empty system instruction is left out rather than sent as an empty part.
        var bare = Self.chat(model: "gemini-2.5-flash")
        bare.system = ""
        #expect(try Self.object(GeminiWire().request(bare, endpoint: endpoint, apiKey: "").body)["systemInstruction"] == nil)
    }

    @Test func geminiDocumentedExampleIsRead() throws {
        // The shape of Google's GenerateContentResponse reference; the usage figures are those of a
        // gemini-2.5-pro reply shown in a Gemini quickstart, with thinking tokens billed as output.
        let example = #"""
            {
              "candidates": [
                {
                  "content": {
                    "role": "model",
                    "parts": [
                      {
                        "text": "Hello! I'm pleased to introduce myself.\n\nI am a large language model, trained and developed by Google..."
                      }
                    ]
                  },
                  "finishReason": "STOP",
                  "index": 0,
                  "safetyRatings": [
                    {
                      "category": "HARM_CATEGORY_HATE_SPEECH",
                      "probability": "NEGLIGIBLE"
                    }
                  ]
                }
              ],
              "usageMetadata": {
                "promptTokenCount": 4,
                "candidatesTokenCount": 611,
                "totalTokenCount": 2422,
                "thoughtsTokenCount": 1807,
                "promptTokensDetails": [
                  {
                    "modality": "TEXT",
                    "tokenCount": 4
                  }
                ]
              },
              "modelVersion": "gemini-2.5-pro",
              "responseId": "mKvjaNCeG-2Xz7IP0r3t0AU"
            }
            """#
        #expect(
            try GeminiWire().reply(Self.response(200, example))
                == ChatReply(
                    text: "Hello! I'm pleased to introduce myself.\n\nI am a large language model, trained and developed by Google...", inputTokens: 4,
                    outputTokens: 2418, requestID: "mKvjaNCeG-2Xz7IP0r3t0AU", stop: .complete
                )
        )
    }

    @Test func geminiFinishReasonsAndBlockedPrompts() throws {
        func reply(_ finish: String, parts: String = #"[{"text":"{\"action\":"},{"text":"\"hold\"}"}]"#) throws -> ChatReply {
            try GeminiWire().reply(
                Self.response(200, #"{"candidates":[{"content":{"role":"model","parts":\#(parts)},"finishReason":\#(finish)}],"usageMetadata":{"promptTokenCount":12},"responseId":"r1"}"#)
            )
        }
        // Parts joined; proto3 JSON leaves zero counts out.
        #expect(try reply(#""STOP""#) == ChatReply(text: #"{"action":"hold"}"#, inputTokens: 12, outputTokens: 0, requestID: "r1", stop: .complete))
        #expect(try reply(#""MAX_TOKENS""#).stop == .truncated)
        for refusal in ["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII"] {
            #expect(try reply(#""\#(refusal)""#).stop == .refused(refusal))
        }
        #expect(try reply(#""OTHER""#).stop == .other("OTHER"))
        #expect(try reply(#""MALFORMED_FUNCTION_CALL""#).stop == .other("MALFORMED_FUNCTION_CALL"))
        // Thought summaries are not the answer.
        #expect(try reply(#""STOP""#, parts: #"[{"text":"thinking…","thought":true},{"text":"ok"}]"#).text == "ok")
        // A safety stop may come without content at all.
        let emptied = #"{"candidates":[{"finishReason":"SAFETY","index":0}],"usageMetadata":{"promptTokenCount":3}}"#
        #expect(try GeminiWire().reply(Self.response(200, emptied)) == ChatReply(text: "", inputTokens: 3, outputTokens: 0, requestID: nil, stop: .refused("SAFETY")))
        // A blocked prompt: no candidates, the reason in promptFeedback (HTTP 200).
        let blocked = #"{"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":8,"totalTokenCount":8},"modelVersion":"gemini-2.5-flash","responseId":"r2"}"#
        #expect(try GeminiWire().reply(Self.response(200, blocked)) == ChatReply(text: "", inputTokens: 8, outputTokens: 0, requestID: "r2", stop: .refused("PROHIBITED_CONTENT")))
    }

    @Test func geminiErrorsCarryStatusMessageAndRetryInfo() {
        // A 429 as the Gemini API sends it: QuotaFailure, Help and RetryInfo details.
        let exhausted = #"""
            {
              "error": {
                "code": 429,
                "message": "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
                "status": "RESOURCE_EXHAUSTED",
                "details": [
                  {
                    "@type": "type.googleapis.com/google.rpc.QuotaFailure",
                    "violations": [
                      {
                        "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                        "quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier",
                        "quotaDimensions": {"location": "global", "model": "gemini-2.5-flash"},
                        "quotaValue": "250"
                      }
                    ]
                  },
                  {
                    "@type": "type.googleapis.com/google.rpc.Help",
                    "links": [{"description": "Learn more about Gemini API quotas", "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}]
                  },
                  {
                    "@type": "type.googleapis.com/google.rpc.RetryInfo",
                    "retryDelay": "22s"
                  }
                ]
              }
            }
            """#
        #expect(
            Self.failure(GeminiWire(), Self.response(429, exhausted, headers: [("Retry-After", "5")]))
                == .status(
                    code: 429, retryAfter: .seconds(22),
                    message: "RESOURCE_EXHAUSTED: You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits."
                )
        )
        let fractional = #"{"error":{"code":429,"message":"Quota exceeded.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.5s"}]}}"#
        #expect(Self.failure(GeminiWire(), Self.response(429, fractional)) == .status(code: 429, retryAfter: .milliseconds(1_500), message: "RESOURCE_EXHAUSTED: Quota exceeded."))
        // Without RetryInfo, the Retry-After header.
        let unavailable = #"{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}"#
        #expect(
            Self.failure(GeminiWire(), Self.response(503, unavailable, headers: [("Retry-After", "3")]))
                == .status(code: 503, retryAfter: .seconds(3), message: "UNAVAILABLE: The model is overloaded. Please try again later.")
        )
        let invalid = #"{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}"#
        #expect(Self.failure(GeminiWire(), Self.response(400, invalid)) == .status(code: 400, retryAfter: nil, message: "INVALID_ARGUMENT: API key not valid. Please pass a valid API key."))
    }

    @Test func geminiMalformedBodies() {
        Self.expectMalformed(GeminiWire(), "", "not JSON")
        Self.expectMalformed(GeminiWire(), #"[{"candidates":[]}]"#, "the body is not an object")
        Self.expectMalformed(GeminiWire(), #"{"usageMetadata":{"promptTokenCount":1}}"#, "no candidates and no promptFeedback.blockReason")
        Self.expectMalformed(GeminiWire(), #"{"candidates":[{"finishReason":"STOP"}]}"#, "usageMetadata is missing")
        Self.expectMalformed(GeminiWire(), #"{"candidates":[{"content":{"parts":"hi"}}],"usageMetadata":{}}"#, "candidates[0].content.parts is not an array")
    }

    // MARK: Shared

    @Test func everyKindHasItsWire() {
        #expect(ProviderKind.openai.wire is OpenAIWire)
        #expect(ProviderKind.anthropic.wire is AnthropicWire)
        #expect(ProviderKind.gemini.wire is GeminiWire)
    }

    @Test func redactionReplacesEverySecret() {
        let text = "Incorrect API key provided: \(Self.key). Key \(Self.key) again; token abc."
        #expect(Redaction.redact(text, secrets: [Self.key]) == "Incorrect API key provided: [redacted]. Key [redacted] again; token abc.")
        // Empty and short secrets are not secrets worth blanking words for.
        #expect(Redaction.redact(text, secrets: ["", "abc"]) == text)
        // Longest first: a secret holding another goes whole.
        #expect(Redaction.redact("a-1234-5678 b", secrets: ["1234", "a-1234-5678"]) == "[redacted] b")
        #expect(Redaction.redact("nothing here", secrets: [Self.key]) == "nothing here")
    }

    @Test func providerErrorsAreRedactedWhole() {
        let echoed = ProviderError.status(code: 401, retryAfter: .seconds(1), message: "bad key \(Self.key)")
        #expect(echoed.redacting([Self.key]) == .status(code: 401, retryAfter: .seconds(1), message: "bad key [redacted]"))
        #expect(ProviderError.malformedResponse(Self.key).redacting([Self.key]) == .malformedResponse("[redacted]"))
        #expect(ProviderError.transport("to \(Self.key)").redacting([Self.key]) == .transport("to [redacted]"))
        #expect(ProviderError.timedOut.redacting([Self.key]) == .timedOut)
        // What a wire builds from an error body that echoes the key is clean once redacted.
        let error = Self.failure(AnthropicWire(), Self.response(401, #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key \#(Self.key)"}}"#))
        #expect(error?.redacting([Self.key]).description == "HTTP 401: authentication_error: invalid x-api-key [redacted]")
    }
}
