import Foundation

/// Google Gemini `generateContent` (`POST {baseURL}/models/{model}:generateContent`).
///
/// Request: `systemInstruction`, one user turn in `contents`, and `generationConfig` with `temperature`,
/// `maxOutputTokens`, `responseMimeType: application/json` and the schema as `responseJsonSchema`.
/// That field, not `responseSchema`: `responseSchema` takes Google's OpenAPI-3.0 subset, which rejects
/// standard JSON Schema such as `"type": ["string", "null"]` and `additionalProperties`, while
/// `responseJsonSchema` takes JSON Schema as written (the two are mutually exclusive, and it requires the
/// JSON MIME type) — so one schema text serves OpenAI and Gemini alike. The key goes in `x-goog-api-key`
/// only, never in the URL's `?key=`, which would reach logs.
///
/// Reply: the text parts of `candidates[0]`, joined; `finishReason` `STOP` completes, `MAX_TOKENS`
/// truncates, the safety reasons refuse; no candidate and a `promptFeedback.blockReason` refuses.
/// Errors: `{"error": {"code", "message", "status", "details"}}`, the wait in a `RetryInfo` detail.
public struct GeminiWire: ProviderWire {
    /// Finish reasons that mean the provider withheld the answer (safety filters, recitation, blocklists,
    /// sensitive personal data).
    static let refusals: Set = ["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY"]

    public init() {}

    public func request(_ chat: ChatRequest, endpoint: ProviderEndpoint, apiKey: String) -> HTTPRequestSpec {
        var generation: [String: Any] = ["maxOutputTokens": chat.maxTokens, "responseMimeType": "application/json"]
        generation["temperature"] = WireJSON.number(chat.temperature)
        if endpoint.supportsSchema, let schema = WireJSON.schema(chat.responseSchema) { generation["responseJsonSchema"] = schema }
        var body: [String: Any] = [
            "contents": [["role": "user", "parts": [["text": chat.user]]]],
            "generationConfig": generation,
        ]
        // Gemini refuses an empty text part, so an empty instruction is left out.
        if !chat.system.isEmpty { body["systemInstruction"] = ["parts": [["text": chat.system]]] }
        return HTTPRequestSpec(
            url: WireJSON.url(endpoint.baseURL, "models/\(Self.modelSegment(chat.model)):generateContent"),
            headers: WireJSON.headers([HTTPHeaderField("Content-Type", "application/json")], key: apiKey, in: "x-goog-api-key"),
            body: WireJSON.encode(body)
        )
    }

    /// The model's path segment: a `models/` prefix (Google's resource name) dropped, and anything but
    /// unreserved characters percent-encoded, so that a model name cannot change the path.
    static func modelSegment(_ model: String) -> String {
        let name = model.hasPrefix("models/") ? String(model.dropFirst("models/".count)) : model
        return name.addingPercentEncoding(withAllowedCharacters: unreserved) ?? name
    }

    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    public func reply(_ response: HTTPResponseSpec) throws(ProviderError) -> ChatReply {
        guard WireJSON.isSuccess(response) else {
            let error = WireJSON.errorBody(ErrorBody.self, from: response.body)?.error
            let retryInfo = error?.details?.first { $0.type == "type.googleapis.com/google.rpc.RetryInfo" }
            let delay = retryInfo?.retryDelay.flatMap(RetryAfter.protobufDuration)
            throw WireJSON.failure(response, message: WireJSON.joined(error?.status, error?.message), retryHint: delay)
        }
        let answer = try WireJSON.decode(Answer.self, from: response.body)
        let text: String
        let stop: StopReason
        if let candidate = answer.candidates?.first {
            // Thought summaries (`thought: true`) are not the answer.
            text = (candidate.content?.parts ?? []).filter { $0.thought != true }.compactMap(\.text).joined()
            stop =
                switch candidate.finishReason {
                case "STOP": .complete
                case "MAX_TOKENS": .truncated
                case let reason? where Self.refusals.contains(reason): .refused(reason)
                case let other: .other(other ?? "none")
                }
        } else if let blocked = answer.promptFeedback?.blockReason {
            (text, stop) = ("", .refused(blocked))
        } else {
            throw .malformedResponse("no candidates and no promptFeedback.blockReason")
        }
        return ChatReply(
            text: text,
            inputTokens: answer.usageMetadata.promptTokenCount ?? 0,
            outputTokens: (answer.usageMetadata.candidatesTokenCount ?? 0) + (answer.usageMetadata.thoughtsTokenCount ?? 0),
            requestID: answer.responseId,
            stop: stop
        )
    }

    /// The GenerateContentResponse, the fields read. The counts are optional because proto3 JSON leaves
    /// zeros out; `usageMetadata` itself is always sent.
    struct Answer: Decodable {
        var candidates: [Candidate]?
        var promptFeedback: PromptFeedback?
        var usageMetadata: Usage
        var responseId: String?

        struct Candidate: Decodable {
            var content: Content?
            var finishReason: String?
        }

        struct Content: Decodable {
            var parts: [Part]?
        }

        struct Part: Decodable {
            var text: String?
            var thought: Bool?
        }

        struct PromptFeedback: Decodable {
            var blockReason: String?
        }

        struct Usage: Decodable {
            var promptTokenCount: Int64?
            var candidatesTokenCount: Int64?
            /// Thinking models' reasoning, billed as output but not counted in `candidatesTokenCount`.
            var thoughtsTokenCount: Int64?
        }
    }

    /// Google's error body (`google.rpc.Status`).
    struct ErrorBody: Decodable {
        var error: Detail?

        struct Detail: Decodable {
            var message: String?
            var status: String?
            var details: [Info]?
        }

        /// One `google.protobuf.Any` detail; a `RetryInfo` has `retryDelay`.
        struct Info: Decodable {
            var type: String?
            var retryDelay: String?

            enum CodingKeys: String, CodingKey {
                case type = "@type", retryDelay
            }
        }
    }
}
