import Foundation
import HTTPTypes
import Hummingbird

/// Anthropic Messages (https://docs.anthropic.com/en/api/messages): `POST /v1/messages` with
/// `x-api-key: KEY` and an `anthropic-version` header; answers carry `request-id`; errors are
/// `{"type": "error", "error": {"type", "message"}, "request_id"}` (https://docs.anthropic.com/en/api/errors).
enum AnthropicDialect: LLMDialect {
    static let provider = FakeLLMProvider.anthropic
    /// The versions the API knows.
    static let versions = ["2023-06-01", "2023-01-01"]

    static func presentedKey(in request: Request) -> String? {
        request.headers[HTTPField.Name("x-api-key")!]
    }

    static func keyFailure(presented: String?) -> LLMFailure {
        LLMFailure(status: 401, message: presented == nil ? "x-api-key header is required" : "invalid x-api-key")
    }

    static func headerFailure(_ headers: HTTPFields) -> LLMFailure? {
        guard let version = headers[HTTPField.Name("anthropic-version")!] else {
            return LLMFailure(status: 400, message: "anthropic-version: header is required")
        }
        guard versions.contains(version) else { return LLMFailure(status: 400, message: "anthropic-version: invalid version \(version)") }
        return nil
    }

    static func describe(_ body: JSONValue?) -> FakeLLMCall {
        var call = FakeLLMCall(model: body?["model"]?.string, system: body?["system"]?.texts ?? [])
        for message in body?["messages"]?.elements ?? [] where message["role"]?.string == "user" {
            call.user += message["content"]?.texts ?? []
        }
        call.maxOutputTokens = body?["max_tokens"]?.integer
        return call
    }

    static func validate(_ body: JSONValue?) -> LLMFailure? {
        guard let body, body.members != nil else { return invalid("The request body is not a valid JSON object.") }
        guard body["model"]?.string?.isEmpty == false else { return invalid("model: Field required") }
        guard let maxTokens = body["max_tokens"] else { return invalid("max_tokens: Field required") }
        guard let limit = maxTokens.integer else { return invalid("max_tokens: Input should be a valid integer") }
        guard limit >= 1 else { return invalid("max_tokens: Input should be greater than or equal to 1") }
        guard let messages = body["messages"] else { return invalid("messages: Field required") }
        guard let list = messages.elements else { return invalid("messages: Input should be a valid list") }
        guard !list.isEmpty else { return invalid("messages: at least one message is required") }
        for (index, message) in list.enumerated() {
            if let failure = validate(message: message, at: "messages.\(index)") { return failure }
        }
        if let system = body["system"], system != .null {
            if let failure = validate(content: system, at: "system") { return failure }
        }
        if let temperature = body["temperature"], temperature != .null {
            guard let value = temperature.number else { return invalid("temperature: Input should be a valid number") }
            guard (0...1).contains(value) else { return invalid("temperature: Input should be less than or equal to 1") }
        }
        if body["stream"] == .bool(true) { return invalid("stream: this fake provider does not stream; send \"stream\": false") }
        return nil
    }

    private static func validate(message: JSONValue, at path: String) -> LLMFailure? {
        guard message.members != nil else { return invalid("\(path): Input should be a valid dictionary") }
        switch message["role"]?.string {
        case "user", "assistant": break
        case "system":
            return invalid(
                #"messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role."#
            )
        case nil where message["role"] == nil: return invalid("\(path).role: Field required")
        default: return invalid("\(path).role: Input should be 'user' or 'assistant'")
        }
        guard let content = message["content"] else { return invalid("\(path).content: Field required") }
        return validate(content: content, at: "\(path).content")
    }

    /// A string, or a list of content blocks each with a `type` (text blocks with their text).
    private static func validate(content: JSONValue, at path: String) -> LLMFailure? {
        if let text = content.string {
            return text.isEmpty ? invalid("messages: text content blocks must be non-empty") : nil
        }
        guard let blocks = content.elements else { return invalid("\(path): Input should be a valid string or a valid list") }
        for (index, block) in blocks.enumerated() {
            guard block.members != nil, let type = block["type"]?.string else { return invalid("\(path).\(index).type: Field required") }
            guard type == "text" else { continue }
            guard let text = block["text"]?.string else { return invalid("\(path).\(index).text: Field required") }
            if text.isEmpty { return invalid("messages: text content blocks must be non-empty") }
        }
        return nil
    }

    private static func invalid(_ message: String) -> LLMFailure {
        LLMFailure(status: 400, message: message)
    }

    static func completion(_ completion: LLMCompletion, for call: FakeLLMCall) -> Response {
        let (content, stop): ([JSONValue], String) =
            switch completion.outcome {
            case .text(let text, let truncated): ([textBlock(text)], truncated ? "max_tokens" : "end_turn")
            case .empty: ([], "end_turn")
            case .refusal(let text): ([textBlock(text)], "refusal")
            }
        let body: JSONValue = .object([
            "id": .string("msg_01" + randomToken(22)),
            "type": .string("message"),
            "role": .string("assistant"),
            "model": .string(call.model ?? ""),
            "content": .array(content),
            "stop_reason": .string(stop),
            "stop_sequence": .null,
            "usage": .object([
                "input_tokens": .int(Int64(completion.inputTokens)), "output_tokens": .int(Int64(completion.outputTokens)),
                "cache_creation_input_tokens": .int(0), "cache_read_input_tokens": .int(0), "service_tier": .string("standard"),
            ]),
        ])
        return .json(200, body, headers: headers(requestID: newRequestID()))
    }

    private static func textBlock(_ text: String) -> JSONValue {
        .object(["type": .string("text"), "text": .string(text)])
    }

    static func error(_ failure: LLMFailure) -> Response {
        let (type, message): (String, String) =
            switch failure.status {
            case 401: ("authentication_error", "invalid x-api-key")
            case 402: ("billing_error", "Your credit balance is too low to access the Anthropic API.")
            case 403: ("permission_error", "Your API key does not have permission to use the specified resource.")
            case 404: ("not_found_error", "Not found")
            case 413: ("request_too_large", "Request exceeds the maximum allowed number of bytes.")
            case 429: ("rate_limit_error", "This request would exceed your organization's rate limit. Please try again later.")
            case 529: ("overloaded_error", "Overloaded")
            case 500...: ("api_error", "Internal server error")
            default: ("invalid_request_error", reasonPhrase(failure.status))
            }
        let requestID = newRequestID()
        var headers = headers(requestID: requestID)
        headers.setRetryAfter(failure.retryAfter)
        let body: JSONValue = .object([
            "type": .string("error"),
            "error": .object(["type": .string(type), "message": .string(failure.message ?? message)]),
            "request_id": .string(requestID),
        ])
        return .json(failure.status, body, headers: headers)
    }

    private static func newRequestID() -> String { "req_01" + randomToken(22) }

    private static func headers(requestID: String) -> HTTPFields {
        var headers = HTTPFields()
        headers.set("request-id", requestID)
        return headers
    }
}
