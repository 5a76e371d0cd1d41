/// Anthropic Messages (`POST {baseURL}/messages`, `anthropic-version: 2023-06-01`).
///
/// Request: `model`, `max_tokens` (required by the API), `temperature`, `system` as a string and one user
/// message. The schema is not sent: the caller's prompt already describes the JSON it wants, and no
/// server-side schema is used for Anthropic. The key goes in `x-api-key` only.
///
/// Reply: the `text` blocks of `content`, joined; `stop_reason` `end_turn`/`stop_sequence` complete,
/// `max_tokens` and `model_context_window_exceeded` truncate, `refusal` refuses.
/// Errors: `{"type": "error", "error": {"type", "message"}, "request_id"}`.
public struct AnthropicWire: ProviderWire {
    /// The API version every request names.
    public static let version = "2023-06-01"

    public init() {}

    public func request(_ chat: ChatRequest, endpoint: ProviderEndpoint, apiKey: String) -> HTTPRequestSpec {
        var body: [String: Any] = [
            "model": chat.model,
            "max_tokens": chat.maxTokens,
            "messages": [["role": "user", "content": chat.user]],
        ]
        body["temperature"] = WireJSON.number(chat.temperature)
        if !chat.system.isEmpty { body["system"] = chat.system }
        return HTTPRequestSpec(
            url: WireJSON.url(endpoint.baseURL, "messages"),
            headers: WireJSON.headers(
                [HTTPHeaderField("content-type", "application/json"), HTTPHeaderField("anthropic-version", Self.version)],
                key: apiKey, in: "x-api-key"
            ),
            body: WireJSON.encode(body)
        )
    }

    public func reply(_ response: HTTPResponseSpec) throws(ProviderError) -> ChatReply {
        guard WireJSON.isSuccess(response) else {
            let error = WireJSON.errorBody(ErrorBody.self, from: response.body)?.error
            throw WireJSON.failure(response, message: WireJSON.joined(error?.type, error?.message))
        }
        let message = try WireJSON.decode(Message.self, from: response.body)
        // Thinking, tool-use and other blocks are not the answer.
        let text = message.content.filter { $0.type == "text" }.compactMap(\.text).joined()
        let stop: StopReason =
            switch message.stopReason {
            case "end_turn", "stop_sequence": .complete
            case "max_tokens", "model_context_window_exceeded": .truncated
            // What the model said before declining, when it said anything.
            case "refusal": .refused(text.isEmpty ? "refusal" : text)
            case let other: .other(other ?? "none")
            }
        return ChatReply(
            text: text,
            inputTokens: message.usage.inputTokens,
            outputTokens: message.usage.outputTokens,
            requestID: message.id ?? response.header("request-id"),
            stop: stop
        )
    }

    /// The Message object, the fields read. `usage` is always sent, so a body without it is malformed.
    struct Message: Decodable {
        var id: String?
        var content: [Block]
        var stopReason: String?
        var usage: Usage

        enum CodingKeys: String, CodingKey {
            case id, content, usage, stopReason = "stop_reason"
        }

        struct Block: Decodable {
            var type: String
            var text: String?
        }

        struct Usage: Decodable {
            var input: Int64
            var cacheCreation: Int64?
            var cacheRead: Int64?
            var outputTokens: Int64

            /// All the prompt's tokens: `input_tokens` counts only those after the last cache breakpoint.
            var inputTokens: Int64 { input + (cacheCreation ?? 0) + (cacheRead ?? 0) }

            enum CodingKeys: String, CodingKey {
                case input = "input_tokens", outputTokens = "output_tokens"
                case cacheCreation = "cache_creation_input_tokens", cacheRead = "cache_read_input_tokens"
            }
        }
    }

    /// Anthropic's error body.
    struct ErrorBody: Decodable {
        var error: Detail?

        struct Detail: Decodable {
            var type: String?
            var message: String?
        }
    }
}
