/// OpenAI chat completions (`POST {baseURL}/chat/completions`), as OpenAI documents it and as the
/// servers that copy it accept it (DeepSeek, Qwen, llama.cpp, vLLM, Ollama).
///
/// Request: `model`, the system and user `messages`, `temperature`, `max_tokens` and, with a schema,
/// `response_format`: `json_schema` with `strict: true`, `json_object` with an inline `schema` (llama-cpp-python), or `json_object`
/// (JSON mode; the prompt already asks for JSON in words, as JSON mode requires). The key goes in
/// `Authorization: Bearer` only.
///
/// Reply: `choices[0].message.content`; a non-null `message.refusal` is a refusal whatever the
/// `finish_reason`; `stop` completes, `length` truncates, `content_filter` refuses.
/// Errors: `{"error": {"message", "type", "param", "code"}}`.
public struct OpenAIWire: ProviderWire {
    public init() {}

    public func request(_ chat: ChatRequest, endpoint: ProviderEndpoint, apiKey: String) -> HTTPRequestSpec {
        var messages: [[String: Any]] = []
        if !chat.system.isEmpty { messages.append(["role": "system", "content": chat.system]) }
        messages.append(["role": "user", "content": chat.user])
        var body: [String: Any] = [
            "model": chat.model,
            "messages": messages,
            // `max_tokens`, not OpenAI's newer `max_completion_tokens`: every compatible server reads it,
            // and OpenAI still does for its chat (non-reasoning) models.
            "max_tokens": chat.maxTokens,
        ]
        body["temperature"] = WireJSON.number(chat.temperature)
        if chat.responseSchema != nil {
            switch (endpoint.schemaStyle, WireJSON.schema(chat.responseSchema)) {
            case (.jsonSchema, let schema?):
                body["response_format"] = ["type": "json_schema", "json_schema": ["name": chat.schemaName, "strict": true, "schema": schema]]
            case (.inlineSchema, let schema?):
                body["response_format"] = ["type": "json_object", "schema": schema]
            default:
                body["response_format"] = ["type": "json_object"]
            }
        }
        return HTTPRequestSpec(
            url: WireJSON.url(endpoint.baseURL, "chat/completions"),
            headers: WireJSON.headers([HTTPHeaderField("Content-Type", "application/json")], key: apiKey, in: "Authorization", prefix: "Bearer "),
            body: WireJSON.encode(body)
        )
    }

    public func reply(_ response: HTTPResponseSpec) throws(ProviderError) -> ChatReply {
        guard WireJSON.isSuccess(response) else {
            throw WireJSON.failure(response, message: WireJSON.errorBody(ErrorBody.self, from: response.body)?.error?.message)
        }
        let completion = try WireJSON.decode(Completion.self, from: response.body)
        guard let choice = completion.choices.first else { throw .malformedResponse("choices is empty") }
        let stop: StopReason =
            if let refusal = choice.message.refusal {
                .refused(refusal)
            } else {
                switch choice.finishReason {
                case "stop": .complete
                case "length": .truncated
                case "content_filter": .refused("content_filter")
                case let other: .other(other ?? "none")
                }
            }
        // OpenAI's API description does not require `usage` (it lists `id`, `choices`, `created`, `model`
        // and `object` as required), so a server that leaves it out reports no tokens rather than failing.
        return ChatReply(
            text: choice.message.content ?? "",
            inputTokens: completion.usage?.promptTokens ?? 0,
            outputTokens: completion.usage?.completionTokens ?? 0,
            requestID: completion.id ?? response.header("x-request-id"),
            stop: stop
        )
    }

    /// The chat completion object, the fields read.
    struct Completion: Decodable {
        var id: String?
        var choices: [Choice]
        var usage: Usage?

        struct Choice: Decodable {
            var message: Message
            var finishReason: String?

            enum CodingKeys: String, CodingKey {
                case message, finishReason = "finish_reason"
            }
        }

        struct Message: Decodable {
            var content: String?
            var refusal: String?
        }

        struct Usage: Decodable {
            /// All the prompt's tokens, cached ones included.
            var promptTokens: Int64
            /// All generated tokens, reasoning tokens included.
            var completionTokens: Int64

            enum CodingKeys: String, CodingKey {
                case promptTokens = "prompt_tokens", completionTokens = "completion_tokens"
            }
        }
    }

    /// OpenAI's error body.
    struct ErrorBody: Decodable {
        var error: Detail?

        struct Detail: Decodable {
            var message: String?
        }
    }
}
