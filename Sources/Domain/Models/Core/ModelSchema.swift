import ArenaCore

/// The type of one model parameter, and what values it takes.
public enum ParameterType: Sendable, Hashable, CustomStringConvertible {
    /// A whole number within `range`.
    case integer(ClosedRange<Int>)
    /// A finite number within `range`.
    case number(ClosedRange<Double>)
    /// A symbol (`BTCUSDT`).
    case symbol
    /// A symbol, or `all` for every symbol of the snapshot.
    case symbolOrAll
    /// One of the listed words.
    case choice([String])
    /// A list of model ids (an ensemble's members).
    case models
    /// Free text of 1…`maxLength` printable characters without spaces at either end (a URL, a model name, a path).
    case text(maxLength: Int)

    public var description: String {
        switch self {
        case .integer(let r): "an integer in \(r.lowerBound)…\(r.upperBound)"
        case .number(let r): "a number in \(r.lowerBound)…\(r.upperBound)"
        case .symbol: "a symbol such as BTCUSDT"
        case .symbolOrAll: "a symbol such as BTCUSDT, or all"
        case .choice(let words): "one of \(words.joined(separator: ", "))"
        case .models: "a list of model ids"
        case .text(let n): "text of 1…\(n) characters"
        }
    }
}

/// One parameter a model kind takes: its key, type, default (nil: required) and meaning.
public struct ParameterSpec: Sendable, Hashable {
    public var key: String
    public var type: ParameterType
    /// The value when the roster entry leaves it out, as written in a configuration (nil: the key is required).
    public var defaultValue: String?
    public var summary: String

    public init(_ key: String, _ type: ParameterType, default defaultValue: String?, _ summary: String) {
        self.key = key
        self.type = type
        self.defaultValue = defaultValue
        self.summary = summary
    }

    /// An integer parameter with a default.
    public static func int(_ key: String, _ value: Int, _ range: ClosedRange<Int>, _ summary: String) -> ParameterSpec {
        ParameterSpec(key, .integer(range), default: String(value), summary)
    }

    /// The common `symbol` parameter: one symbol to trade, or `all` (the default) for every symbol of the snapshot.
    public static let symbolScope = ParameterSpec("symbol", .symbolOrAll, default: "all", "the symbol to trade, or all")

    /// A number parameter with a default.
    public static func number(_ key: String, _ value: Double, _ range: ClosedRange<Double>, _ summary: String) -> ParameterSpec {
        ParameterSpec(key, .number(range), default: String(value), summary)
    }
}

/// How a model spends its time: CPU-bound models run on the scorer's bounded
/// pool; I/O-bound models (LLM calls) run concurrently without holding it.
public enum ModelWorkload: String, Sendable, Hashable {
    case cpu
    case io
}

/// A model kind's schema: its name in the roster, what it is, its parameters
/// and its workload.
public struct ModelSchema: Sendable {
    public var kind: String
    public var summary: String
    public var parameters: [ParameterSpec]
    public var workload: ModelWorkload

    public init(kind: String, summary: String, parameters: [ParameterSpec], workload: ModelWorkload = .cpu) {
        self.kind = kind
        self.summary = summary
        self.parameters = parameters
        self.workload = workload
    }

    /// The parameters of `entries` checked against this schema: an unknown
    /// key, an ill-typed value or a missing required key is an error naming
    /// the key; a missing key with a default takes it.
    public func parameters(_ entries: [ModelParameter]) throws(ModelConfigError) -> ModelParameters {
        var given: [String: String] = [:]
        for entry in entries {
            guard parameters.contains(where: { $0.key == entry.key }) else {
                throw .unknownParameter(kind: kind, key: entry.key, known: parameters.map(\.key))
            }
            given[entry.key] = entry.value
        }
        var values: [String: ParameterValue] = [:]
        for spec in parameters {
            guard let text = given[spec.key] ?? spec.defaultValue else { throw .missingParameter(kind: kind, key: spec.key) }
            values[spec.key] = try ParameterValue.parse(text, as: spec.type, key: spec.key)
        }
        return ModelParameters(kind: kind, values: values)
    }
}
