import Foundation

extension ProviderKind {
    /// The wire format this kind of provider speaks.
    public var wire: any ProviderWire {
        switch self {
        case .openai: OpenAIWire()
        case .anthropic: AnthropicWire()
        case .gemini: GeminiWire()
        }
    }
}

/// What the three wires share: request bodies as deterministic JSON, strict decoding of 2xx bodies,
/// and error statuses built from each provider's error JSON.
enum WireJSON {
    /// The longest provider error message kept in a ``ProviderError``.
    static let messageLimit = 300

    /// `object` as UTF-8 JSON with sorted keys, so that one ``ChatRequest`` always gives the same bytes.
    /// `JSONSerialization` prints doubles shortest-round-trip (`0.2`, not `0.20000000000000001`).
    static func encode(_ object: [String: Any]) -> [UInt8] {
        // Only strings, integers, finite doubles, booleans, arrays and dictionaries go in: it cannot fail.
        (try? Array(JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))) ?? []
    }

    /// A temperature as a JSON number; nil (the field left out, the provider's default) when it is not finite,
    /// which JSON cannot carry.
    static func number(_ value: Double) -> Double? { value.isFinite ? value : nil }

    /// The schema text as a JSON object to embed in a body; nil when it is not a JSON object
    /// (the request then asks for JSON without a schema rather than sending a broken one).
    static func schema(_ text: String?) -> [String: Any]? {
        guard let text else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    /// `path` under `baseURL`, tolerating a trailing slash on the base.
    static func url(_ baseURL: String, _ path: String) -> String {
        var base = Substring(baseURL)
        while base.hasSuffix("/") { base = base.dropLast() }
        return base + "/" + path
    }

    /// The headers of a JSON POST, with the key in `keyHeader` when there is one (empty: local servers).
    static func headers(_ fixed: [HTTPHeaderField], key: String, in keyHeader: String, prefix: String = "") -> [HTTPHeaderField] {
        key.isEmpty ? fixed : fixed + [HTTPHeaderField(keyHeader, prefix + key)]
    }

    static func isSuccess(_ response: HTTPResponseSpec) -> Bool { (200..<300).contains(response.status) }

    /// A 2xx body decoded as the provider documents it, or ``ProviderError/malformedResponse(_:)`` saying where it is not.
    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws(ProviderError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch let error as DecodingError {
            throw .malformedResponse(reason(error))
        } catch {
            throw .malformedResponse("not JSON")
        }
    }

    /// An error body decoded loosely: nil when it is not the documented shape (a proxy's HTML page, say).
    static func errorBody<T: Decodable>(_ type: T.Type, from body: [UInt8]) -> T? {
        try? JSONDecoder().decode(T.self, from: Data(body))
    }

    /// The error for a non-2xx `response`: the provider's `message` (the body's text when its error JSON
    /// could not be read), cut to ``messageLimit``; the wait from `retryHint` (the provider's own) or else
    /// from the response's headers.
    static func failure(_ response: HTTPResponseSpec, message: String?, retryHint: Duration? = nil) -> ProviderError {
        let text = message ?? String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let wait = retryHint ?? RetryAfter.delay(in: response)
        return .status(code: response.status, retryAfter: wait, message: cut(text.isEmpty ? "(no body)" : text))
    }

    /// `parts` that are present and not empty, joined with `": "` (`type: message`); nil when none is.
    static func joined(_ parts: String?...) -> String? {
        let present = parts.compactMap { $0?.isEmpty == false ? $0 : nil }
        return present.isEmpty ? nil : present.joined(separator: ": ")
    }

    /// `text` cut to ``messageLimit`` characters, an ellipsis marking the cut.
    static func cut(_ text: String) -> String {
        text.count <= messageLimit ? text : String(text.prefix(messageLimit - 1)) + "…"
    }

    /// Where a body departs from the documented shape, in a few words (never the body itself).
    static func reason(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context): "\(path(context.codingPath)) is not \(kind(type))"
        case .valueNotFound(let type, let context): "\(path(context.codingPath)) is null, not \(kind(type))"
        case .keyNotFound(let key, let context): "\(path(context.codingPath + [key])) is missing"
        case .dataCorrupted(let context): context.codingPath.isEmpty ? "not JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: "\(error)"
        }
    }

    /// `choices[0].message`, or `the body` for the top level.
    static func path(_ keys: [any CodingKey]) -> String {
        guard !keys.isEmpty else { return "the body" }
        let text = keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
        return text.hasPrefix(".") ? String(text.dropFirst()) : text
    }

    /// A Swift type as the JSON kind it decodes from.
    static func kind(_ type: Any.Type) -> String {
        let name = "\(type)"
        if name.hasPrefix("Dictionary") { return "an object" }
        if name.hasPrefix("Array") { return "an array" }
        if name.hasPrefix("String") { return "a string" }
        if name.hasPrefix("Bool") { return "a boolean" }
        return "a number"
    }
}
