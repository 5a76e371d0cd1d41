import ArenaCore

/// One checked parameter value.
public enum ParameterValue: Sendable, Hashable {
    case integer(Int)
    case number(Double)
    case symbol(Symbol)
    case word(String)
    case models([ModelID])

    /// `text` read as `type`; an error names `key`.
    static func parse(_ text: String, as type: ParameterType, key: String) throws(ModelConfigError) -> ParameterValue {
        let wrong = ModelConfigError.wrongType(key: key, value: text, expected: type.description)
        switch type {
        case .integer(let range):
            guard let n = Int(text), range.contains(n) else { throw wrong }
            return .integer(n)
        case .number(let range):
            guard let x = Double(text), x.isFinite, range.contains(x) else { throw wrong }
            return .number(x)
        case .symbol:
            guard let s = try? Symbol(text) else { throw wrong }
            return .symbol(s)
        case .symbolOrAll:
            if text == "all" { return .word("all") }
            guard let s = try? Symbol(text) else { throw wrong }
            return .symbol(s)
        case .choice(let words):
            guard words.contains(text) else { throw wrong }
            return .word(text)
        case .text(let maxLength):
            guard !text.isEmpty, text.count <= maxLength, text.trimmingCharacters(in: .whitespaces) == text,
                  !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { throw wrong }
            return .word(text)
        case .models:
            // A list arrives flattened as `a,b,c` (ConfigFlatMapping joins lists with commas).
            let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            var ids: [ModelID] = []
            for item in items {
                guard let id = try? ModelID(item) else { throw wrong }
                ids.append(id)
            }
            guard !ids.isEmpty, Set(ids).count == ids.count else { throw wrong }
            return .models(ids)
        }
    }
}

/// A roster entry's parameters after checking against its kind's schema:
/// every key of the schema has a value of its type.
public struct ModelParameters: Sendable, Hashable {
    /// The kind they were checked for.
    public let kind: String
    let values: [String: ParameterValue]

    /// The integer `key` (a key of the schema, typed as an integer).
    public func int(_ key: String) -> Int {
        guard case .integer(let n) = values[key] else { preconditionFailure("\(kind).\(key) is not an integer parameter") }
        return n
    }

    /// The number `key`; an integer parameter reads as a number too.
    public func double(_ key: String) -> Double {
        switch values[key] {
        case .number(let x): return x
        case .integer(let n): return Double(n)
        default: preconditionFailure("\(kind).\(key) is not a number parameter")
        }
    }

    /// The number `key` as an exact decimal (from its shortest text form).
    public func decimal(_ key: String) -> FixedDecimal {
        let x = double(key)
        guard let d = try? FixedDecimal(parsing: "\(x)") else { preconditionFailure("\(kind).\(key) = \(x) is not a decimal") }
        return d
    }

    /// The symbol `key`.
    public func symbol(_ key: String) -> Symbol {
        guard case .symbol(let s) = values[key] else { preconditionFailure("\(kind).\(key) is not a symbol parameter") }
        return s
    }

    /// The symbol `key`, or nil when it is `all`.
    public func symbolOrAll(_ key: String) -> Symbol? {
        switch values[key] {
        case .symbol(let s): return s
        case .word("all"): return nil
        default: preconditionFailure("\(kind).\(key) is not a symbol-or-all parameter")
        }
    }

    /// The word `key`.
    public func word(_ key: String) -> String {
        guard case .word(let w) = values[key] else { preconditionFailure("\(kind).\(key) is not a choice parameter") }
        return w
    }

    /// The text `key`.
    public func text(_ key: String) -> String {
        guard case .word(let w) = values[key] else { preconditionFailure("\(kind).\(key) is not a text parameter") }
        return w
    }

    /// The model list `key`.
    public func models(_ key: String) -> [ModelID] {
        guard case .models(let m) = values[key] else { preconditionFailure("\(kind).\(key) is not a model list") }
        return m
    }
}

/// Why a roster entry cannot run. Every case names the key.
public enum ModelConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownKind(String, known: [String])
    case unknownParameter(kind: String, key: String, known: [String])
    case missingParameter(kind: String, key: String)
    case wrongType(key: String, value: String, expected: String)
    /// Parameters that are each valid but do not fit together (`ema_fast` ≥ `ema_medium`).
    case inconsistent(key: String, reason: String)
    /// A need the market configuration cannot meet.
    case unmetNeed(key: String, reason: String)

    /// The key the problem is about, relative to the model entry (`kind`, `params.ema_fast`).
    public var key: String {
        switch self {
        case .unknownKind: "kind"
        case .unknownParameter(_, let key, _), .missingParameter(_, let key): "params.\(key)"
        case .wrongType(let key, _, _), .inconsistent(let key, _): "params.\(key)"
        case .unmetNeed(let key, _): key
        }
    }

    public var description: String {
        switch self {
        case .unknownKind(let kind, let known): "unknown model kind '\(kind)' (known: \(known.joined(separator: ", ")))"
        case .unknownParameter(let kind, let key, let known):
            "\(kind) has no parameter '\(key)' (its parameters: \(known.joined(separator: ", ")))"
        case .missingParameter(let kind, let key): "\(kind) needs parameter '\(key)'"
        case .wrongType(let key, let value, let expected): "parameter '\(key)' = '\(value)' is not \(expected)"
        case .inconsistent(let key, let reason): "parameter '\(key)': \(reason)"
        case .unmetNeed(let key, let reason): "\(key): \(reason)"
        }
    }
}
