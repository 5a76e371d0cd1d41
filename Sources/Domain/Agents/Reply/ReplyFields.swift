import ArenaCore
import Models

/// Reads the fields of a reply object by type, collecting a named violation
/// for each one missing, mistyped or not in the schema.
struct ReplyFields {
    let members: [(key: String, value: JSONNode)]
    /// Prefixed to field names in violations (`strategy_allocations[1].`).
    let path: String
    private(set) var problems: [Violation] = []

    init(_ reply: JSONNode, expected: [String], path: String = "") {
        self.path = path
        guard case .object(let members) = reply else {
            self.members = []
            problems.append(Violation("wrong_type", "\"\(path.isEmpty ? "reply" : String(path.dropLast()))\" must be an object"))
            return
        }
        self.members = members
        for (key, _) in members where !expected.contains(key) {
            problems.append(Violation("unknown_field", "\"\(path)\(key)\" is not a field of the schema"))
        }
    }

    private mutating func value(_ key: String) -> JSONNode? {
        guard let value = members.first(where: { $0.key == key })?.value else {
            problems.append(Violation("missing_field", "\"\(path)\(key)\" is required"))
            return nil
        }
        return value
    }

    private mutating func wrongType(_ key: String, _ expected: String) {
        problems.append(Violation("wrong_type", "\"\(path)\(key)\" must be \(expected)"))
    }

    /// A string field.
    mutating func string(_ key: String) -> String? {
        guard let node = value(key) else { return nil }
        guard case .string(let s) = node else { wrongType(key, "a string"); return nil }
        return s
    }

    /// A string or null field (nil for null).
    mutating func optionalString(_ key: String) -> String? {
        guard let node = value(key) else { return nil }
        switch node {
        case .string(let s): return s
        case .null: return nil
        default: wrongType(key, "a string or null"); return nil
        }
    }

    /// A string field that must be one of `words`.
    mutating func word(_ key: String, _ words: [String]) -> String? {
        guard let s = string(key) else { return nil }
        guard words.contains(s) else {
            problems.append(Violation("unknown_\(key)", "\"\(s)\" is not one of \(words.joined(separator: ", "))"))
            return nil
        }
        return s
    }

    /// An array field.
    mutating func array(_ key: String) -> [JSONNode]? {
        guard let node = value(key) else { return nil }
        guard case .array(let items) = node else { wrongType(key, "an array"); return nil }
        return items
    }

    /// A number field, exact from its literal (exponent forms through their double value).
    mutating func decimal(_ key: String) -> FixedDecimal? {
        guard let node = value(key) else { return nil }
        guard case .number(let text) = node else { wrongType(key, "a number"); return nil }
        if let exact = try? FixedDecimal(parsing: text) { return exact }
        guard let x = Double(text), x.isFinite, let approx = FixedDecimal(approximating: x, places: 8) else {
            problems.append(Violation("number_out_of_range", "\"\(key)\" = \(text) cannot be represented"))
            return nil
        }
        return approx
    }
}
