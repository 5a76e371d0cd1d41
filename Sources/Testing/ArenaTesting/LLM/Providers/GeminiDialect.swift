import Foundation
import HTTPTypes
import Hummingbird

/// Gemini (https://ai.google.dev/api/generate-content): `POST /v1beta/models/{model}:generateContent`
/// with `x-goog-api-key: KEY` or `?key=KEY`; errors are Google's
/// `{"error": {"code", "message", "status", "details"}}` (https://ai.google.dev/gemini-api/docs/troubleshooting).
///
/// As the real API: a missing key is 403 `PERMISSION_DENIED`, a wrong one 400 `INVALID_ARGUMENT`
/// with an `ErrorInfo` of reason `API_KEY_INVALID` (not 401); unknown body fields are refused.
enum GeminiDialect: LLMDialect {
    static let provider = FakeLLMProvider.gemini
    /// `GenerateContentRequest` fields (proto3 JSON accepts the camelCase and snake_case names).
    static let requestFields: Set = [
        "model", "contents", "tools", "toolConfig", "safetySettings", "systemInstruction", "generationConfig", "cachedContent",
    ]
    /// `GenerationConfig` fields.
    static let generationFields: Set = [
        "stopSequences", "responseMimeType", "responseSchema", "responseJsonSchema", "responseModalities", "candidateCount",
        "maxOutputTokens", "temperature", "topP", "topK", "seed", "presencePenalty", "frequencyPenalty", "responseLogprobs",
        "logprobs", "enableEnhancedCivicAnswers", "speechConfig", "thinkingConfig", "mediaResolution", "imageConfig",
    ]

    static func presentedKey(in request: Request) -> String? {
        request.headers[HTTPField.Name("x-goog-api-key")!] ?? request.uri.queryParameters.get("key")
    }

    static func keyFailure(presented: String?) -> LLMFailure {
        guard presented != nil else {
            return LLMFailure(
                status: 403,
                message: "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."
            )
        }
        return LLMFailure(status: 400, message: "API key not valid. Please pass a valid API key.", code: "API_KEY_INVALID")
    }

    static func describe(_ body: JSONValue?) -> FakeLLMCall {
        var call = FakeLLMCall(system: field(body, "systemInstruction")?["parts"]?.texts ?? [])
        for content in field(body, "contents")?.elements ?? [] where (content["role"]?.string ?? "user") == "user" {
            call.user += content["parts"]?.texts ?? []
        }
        call.maxOutputTokens = field(field(body, "generationConfig"), "maxOutputTokens")?.integer
        return call
    }

    static func validate(_ body: JSONValue?) -> LLMFailure? {
        guard let members = body?.members else { return invalid("Invalid JSON payload received. Expected a JSON object.") }
        if let unknown = members.keys.sorted().first(where: { !requestFields.contains(camelCase($0)) }) {
            return invalid("Invalid JSON payload received. Unknown name \"\(unknown)\": Cannot find field.")
        }
        if let config = field(body, "generationConfig")?.members,
            let unknown = config.keys.sorted().first(where: { !generationFields.contains(camelCase($0)) })
        {
            return invalid("Invalid JSON payload received. Unknown name \"\(unknown)\" at 'generation_config': Cannot find field.")
        }
        guard let contents = field(body, "contents"), contents != .null, contents.elements?.isEmpty != true else {
            return invalid("* GenerateContentRequest.contents: contents is not specified\n")
        }
        guard let list = contents.elements else {
            return invalid("Invalid value at 'contents' (type.googleapis.com/google.ai.generativelanguage.v1beta.Content), \(contents.description)")
        }
        for (index, content) in list.enumerated() {
            if let failure = validate(content: content, at: "contents[\(index)]", roles: true) { return failure }
        }
        if let system = field(body, "systemInstruction"), system != .null {
            return validate(content: system, at: "system_instruction", roles: false)
        }
        return nil
    }

    /// A `Content`: a known role (in `contents`) and a non-empty list of parts, each holding data.
    private static func validate(content: JSONValue, at path: String, roles: Bool) -> LLMFailure? {
        guard content.members != nil else {
            return invalid("Invalid value at '\(path)' (type.googleapis.com/google.ai.generativelanguage.v1beta.Content), \(content.description)")
        }
        if roles, let role = content["role"], !["user", "model", "function"].contains(role.string ?? "") {
            return invalid("Please use a valid role: user, model.")
        }
        guard let parts = content["parts"]?.elements, !parts.isEmpty else {
            return invalid("* GenerateContentRequest.\(path).parts: contents.parts must not be empty.\n")
        }
        for (index, part) in parts.enumerated() where (part.members ?? [:]).isEmpty {
            return invalid("* GenerateContentRequest.\(path).parts[\(index)].data: required oneof field 'data' must have one initialized field\n")
        }
        return nil
    }

    /// Member `name` of an object under its camelCase or snake_case spelling.
    private static func field(_ value: JSONValue?, _ name: String) -> JSONValue? {
        value?[name] ?? value?[snakeCase(name)]
    }

    private static func snakeCase(_ name: String) -> String {
        name.reduce(into: "") { result, character in
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
    }

    private static func camelCase(_ name: String) -> String {
        let words = name.split(separator: "_")
        return words.prefix(1).joined() + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    private static func invalid(_ message: String) -> LLMFailure {
        LLMFailure(status: 400, message: message)
    }

    static func completion(_ completion: LLMCompletion, for call: FakeLLMCall) -> Response {
        let input = Int64(completion.inputTokens), output = Int64(completion.outputTokens)
        var body: [String: JSONValue] = ["modelVersion": .string(call.model ?? ""), "responseId": .string(randomToken(22))]
        var usage: [String: JSONValue] = ["promptTokenCount": .int(input), "totalTokenCount": .int(input + output)]
        // Zero counts are left out, as proto3 JSON does.
        if output > 0 { usage["candidatesTokenCount"] = .int(output) }
        body["usageMetadata"] = .object(usage)
        switch completion.outcome {
        case .text(let text, let truncated):
            let parts: JSONValue = .array([.object(["text": .string(text)])])
            body["candidates"] = candidate(["role": .string("model"), "parts": parts], finish: truncated ? "MAX_TOKENS" : "STOP")
        case .empty:
            body["candidates"] = candidate(["role": .string("model")], finish: "STOP")
        case .refusal:
            body["promptFeedback"] = .object([
                "blockReason": .string("SAFETY"),
                "safetyRatings": .array([
                    .object(["category": .string("HARM_CATEGORY_DANGEROUS_CONTENT"), "probability": .string("HIGH"), "blocked": .bool(true)])
                ]),
            ])
            body["usageMetadata"] = .object(["promptTokenCount": .int(input), "totalTokenCount": .int(input)])
        }
        return .json(200, .object(body))
    }

    private static func candidate(_ content: [String: JSONValue], finish: String) -> JSONValue {
        .array([.object(["content": .object(content), "finishReason": .string(finish), "index": .int(0)])])
    }

    static func error(_ failure: LLMFailure) -> Response {
        let (status, message): (String, String) =
            switch failure.status {
            case 400: ("INVALID_ARGUMENT", "Request contains an invalid argument.")
            case 401: ("UNAUTHENTICATED", "Request had invalid authentication credentials.")
            case 403: ("PERMISSION_DENIED", "The caller does not have permission")
            case 404: ("NOT_FOUND", "Requested entity was not found.")
            case 409: ("ABORTED", "The operation was aborted.")
            case 429:
                ("RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.")
            case 499: ("CANCELLED", "The operation was cancelled.")
            case 500: ("INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting")
            case 501: ("UNIMPLEMENTED", "Method not implemented.")
            case 503: ("UNAVAILABLE", "The model is overloaded. Please try again later.")
            case 504: ("DEADLINE_EXCEEDED", "The request timed out. Please try again.")
            default: ("UNKNOWN", reasonPhrase(failure.status))
            }
        var details: [JSONValue] = []
        if let reason = failure.code {
            details.append(.object([
                "@type": .string("type.googleapis.com/google.rpc.ErrorInfo"), "reason": .string(reason), "domain": .string("googleapis.com"),
                "metadata": .object(["service": .string("generativelanguage.googleapis.com")]),
            ]))
        }
        if let seconds = failure.retryAfter {
            details.append(.object(["@type": .string("type.googleapis.com/google.rpc.RetryInfo"), "retryDelay": .string("\(seconds)s")]))
        }
        var error: [String: JSONValue] = [
            "code": .int(Int64(failure.status)), "message": .string(failure.message ?? message), "status": .string(status),
        ]
        if !details.isEmpty { error["details"] = .array(details) }
        var headers = HTTPFields()
        headers.setRetryAfter(failure.retryAfter)
        return .json(failure.status, .object(["error": .object(error)]), headers: headers)
    }
}
