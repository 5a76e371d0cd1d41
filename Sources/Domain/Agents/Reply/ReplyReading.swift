/// A named reason why a reply did not become a decision. Names are stable:
/// they are recorded with the decision and counted on the dashboard.
public struct Violation: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// `sell_while_flat`, `missing_field`, …
    public var name: String
    /// What exactly, for a person reading the record (`field position_size_pct: 0.5 is above 0.2`).
    public var detail: String

    public init(_ name: String, _ detail: String) {
        self.name = name
        self.detail = detail
    }

    /// `name: detail`, as recorded in the trace's validation errors.
    public var description: String { detail.isEmpty ? name : "\(name): \(detail)" }

    public static func < (a: Violation, b: Violation) -> Bool { (a.name, a.detail) < (b.name, b.detail) }
}

/// Reads a reply's text as exactly one JSON object, or names why it is not.
/// It never looks inside prose for something that might be meant: a reply with
/// anything around its JSON is refused, even when the JSON inside is valid.
public enum ReplyReading {
    /// The object `text` is, or the violation.
    public static func object(_ text: String) -> Result<JSONNode, Violation> {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return .failure(Violation("empty_reply", "the reply has no text")) }
        do {
            let node = try StrictJSON.parse(trimmed)
            switch node {
            case .object: return .success(node)
            case .array: return .failure(Violation("array_not_object", "the reply is a JSON array; one object is required"))
            default: return .failure(Violation("not_an_object", "the reply is a JSON \(kind(node)); one object is required"))
            }
        } catch {
            return .failure(classify(trimmed, error))
        }
    }

    static func kind(_ node: JSONNode) -> String {
        switch node {
        case .object: "object"
        case .array: "array"
        case .string: "string"
        case .number: "number"
        case .bool: "boolean"
        case .null: "null"
        }
    }

    /// Why `text`, which is not one JSON value, failed: told apart so the record says what the model did.
    static func classify(_ text: String, _ error: JSONSyntaxError) -> Violation {
        if case .duplicateKey(let key) = error.kind { return Violation("duplicate_key", "key \"\(key)\" appears twice") }
        if text.hasPrefix("```") { return Violation("markdown_fence", "the JSON is wrapped in a Markdown code fence") }
        let first = text.firstIndex(of: "{"), last = text.lastIndex(of: "}")
        if let first, let last, first < last, case .object? = try? StrictJSON.parse(String(text[first...last])) {
            return Violation("prose_around_json", "text before or after the JSON object")
        }
        if text.hasPrefix("{") || text.hasPrefix("["), error.kind == .unexpectedEnd {
            return Violation("truncated_json", "the JSON ends before it is complete")
        }
        if error.kind == .trailingText { return Violation("text_after_json", "more than one JSON value, or text after it") }
        return Violation("not_json", error.description)
    }
}

extension Violation: Error {}

/// Every violation of one reply, in the order found.
public struct Violations: Error, Sendable, Hashable, RandomAccessCollection, ExpressibleByArrayLiteral {
    public var list: [Violation]

    public init(_ list: [Violation]) { self.list = list }
    public init(arrayLiteral elements: Violation...) { list = elements }

    public var startIndex: Int { list.startIndex }
    public var endIndex: Int { list.endIndex }
    public subscript(position: Int) -> Violation { list[position] }
}
