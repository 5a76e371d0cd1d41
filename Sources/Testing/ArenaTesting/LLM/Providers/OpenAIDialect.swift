import Foundation
import HTTPTypes
import Hummingbird

/// OpenAI-compatible Chat Completions (https://platform.openai.com/docs/api-reference/chat):
/// `POST /v1/chat/completions` with `Authorization: Bearer KEY`; answers carry `x-request-id`;
/// errors are `{"error": {"message", "type", "param", "code"}}`.
enum OpenAIDialect: LLMDialect {
    static let provider = FakeLLMProvider.openai
    static let roles = ["system", "developer", "user", "assistant", "tool", "function"]

    static func presentedKey(in request: Request) -> String? {
        guard let authorization = request.headers[.authorization] else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }

    static func keyFailure(presented: String?) -> LLMFailure {
        guard let presented else {
            return LLMFailure(
                status: 401,
                message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
            )
        }
        // OpenAI shows the key's ends only.
        let masked = presented.count > 8 ? "\(presented.prefix(3))***\(presented.suffix(4))" : "***"
        return LLMFailure(
            status: 401, message: "Incorrect API key provided: \(masked). You can find your API key at https://platform.openai.com/account/api-keys.",
            code: "invalid_api_key"
        )
    }

    static func describe(_ body: JSONValue?) -> FakeLLMCall {
        var call = FakeLLMCall(model: body?["model"]?.string)
        for message in body?["messages"]?.elements ?? [] {
            switch message["role"]?.string {
            case "system", "developer": call.system += message["content"]?.texts ?? []
            case "user": call.user += message["content"]?.texts ?? []
            default: break
            }
        }
        call.maxOutputTokens = (body?["max_completion_tokens"] ?? body?["max_tokens"])?.integer
        return call
    }

    static func validate(_ body: JSONValue?) -> LLMFailure? {
        guard let body, body.members != nil else {
            return invalid(
                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
                param: nil, code: nil
            )
        }
        guard body["model"]?.string?.isEmpty == false else { return invalid("you must provide a model parameter", param: nil, code: nil) }
        guard let messages = body["messages"] else { return missing("messages") }
        guard let list = messages.elements else { return invalidType("messages", expected: "an array of objects", got: messages) }
        guard !list.isEmpty else {
            return invalid("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", param: "messages", code: "empty_array")
        }
        for (index, message) in list.enumerated() {
            if let failure = validate(message: message, at: "messages[\(index)]") { return failure }
        }
        for name in ["max_tokens", "max_completion_tokens"] {
            if let value = body[name], value != .null, (value.integer ?? 0) < 1 {
                return invalid("Invalid '\(name)': expected an integer of at least 1, got \(value.description).", param: name, code: "invalid_value")
            }
        }
        if body["stream"] == .bool(true) {
            return invalid("This fake provider does not stream: send 'stream': false.", param: "stream", code: "unsupported_value")
        }
        return validate(responseFormat: body["response_format"], messages: list)
    }

    private static func validate(message: JSONValue, at path: String) -> LLMFailure? {
        guard message.members != nil else { return invalidType(path, expected: "an object", got: message) }
        guard let role = message["role"] else { return missing("\(path).role") }
        guard let name = role.string, roles.contains(name) else {
            return invalid(
                "Invalid value: '\(role.text ?? role.description)'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.",
                param: "\(path).role", code: "invalid_value"
            )
        }
        switch message["content"] {
        case nil, .null?:
            // Only an assistant turn that calls tools may go without content.
            if name != "assistant" { return missing("\(path).content") }
        case .string?, .array?: break
        case let other?: return invalidType("\(path).content", expected: "one of a string or array of objects", got: other)
        }
        return nil
    }

    /// `json_object` mode requires the word "json" somewhere in the messages; `json_schema` a named schema.
    private static func validate(responseFormat: JSONValue?, messages: [JSONValue]) -> LLMFailure? {
        guard let format = responseFormat, format != .null else { return nil }
        switch format["type"]?.string {
        case "text": return nil
        case "json_object":
            let text = messages.flatMap { $0["content"]?.texts ?? [] }.joined(separator: " ").lowercased()
            guard text.contains("json") else {
                return invalid(
                    "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
                    param: "messages", code: nil
                )
            }
            return nil
        case "json_schema":
            guard format["json_schema"]?["name"]?.string != nil else { return missing("response_format.json_schema.name") }
            return nil
        default:
            return invalid(
                "Invalid value: '\(format["type"]?.text ?? "")'. Supported values are: 'text', 'json_object', and 'json_schema'.",
                param: "response_format.type", code: "invalid_value"
            )
        }
    }

    private static func invalid(_ message: String, param: String?, code: String?) -> LLMFailure {
        LLMFailure(status: 400, message: message, param: param, code: code)
    }

    private static func missing(_ param: String) -> LLMFailure {
        invalid("Missing required parameter: '\(param)'.", param: param, code: "missing_required_parameter")
    }

    private static func invalidType(_ param: String, expected: String, got value: JSONValue) -> LLMFailure {
        invalid("Invalid type for '\(param)': expected \(expected), but got \(jsonTypeName(value)) instead.", param: param, code: "invalid_type")
    }

    static func completion(_ completion: LLMCompletion, for call: FakeLLMCall) -> Response {
        let (content, refusal, finish): (JSONValue, JSONValue, String) =
            switch completion.outcome {
            case .text(let text, let truncated): (.string(text), .null, truncated ? "length" : "stop")
            case .empty: (.string(""), .null, "stop")
            case .refusal(let text): (.null, .string(text), "stop")
            }
        let message: JSONValue = .object(["role": .string("assistant"), "content": content, "refusal": refusal, "annotations": .array([])])
        let (input, output) = (Int64(completion.inputTokens), Int64(completion.outputTokens))
        let body: JSONValue = .object([
            "id": .string("chatcmpl-" + randomToken(29)),
            "object": .string("chat.completion"),
            "created": .int(Int64(Date().timeIntervalSince1970)),
            "model": .string(call.model ?? ""),
            "choices": .array([
                .object(["index": .int(0), "message": message, "logprobs": .null, "finish_reason": .string(finish)])
            ]),
            "usage": .object([
                "prompt_tokens": .int(input), "completion_tokens": .int(output), "total_tokens": .int(input + output),
                "prompt_tokens_details": .object(["cached_tokens": .int(0)]),
                "completion_tokens_details": .object(["reasoning_tokens": .int(0)]),
            ]),
            "service_tier": .string("default"),
            "system_fingerprint": .string("fp_fake"),
        ])
        return .json(200, body, headers: headers())
    }

    static func error(_ failure: LLMFailure) -> Response {
        let (type, message, code): (String, String, String?) =
            switch failure.status {
            case 401, 403, 404: ("invalid_request_error", reasonPhrase(failure.status), nil)
            case 429: ("requests", "Rate limit reached for requests. Please try again later.", "rate_limit_exceeded")
            case 500: ("server_error", "The server had an error while processing your request. Sorry about that!", nil)
            case 503: ("server_error", "The engine is currently overloaded, please try again later.", nil)
            case 500...: ("server_error", reasonPhrase(failure.status), nil)
            default: ("invalid_request_error", reasonPhrase(failure.status), nil)
            }
        var headers = headers()
        headers.setRetryAfter(failure.retryAfter)
        let error: JSONValue = .object([
            "message": .string(failure.message ?? message), "type": .string(type),
            "param": failure.param.map(JSONValue.string) ?? .null, "code": (failure.code ?? code).map(JSONValue.string) ?? .null,
        ])
        return .json(failure.status, .object(["error": error]), headers: headers)
    }

    private static func headers() -> HTTPFields {
        var headers = HTTPFields()
        headers.set("x-request-id", "req_" + randomToken(32, alphabet: "0123456789abcdef"))
        return headers
    }
}
