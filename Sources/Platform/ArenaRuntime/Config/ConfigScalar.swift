import ArenaWire
import Logging

/// Why a scalar was refused; the decoder adds the key.
public struct ConfigScalarRejection: Error, Sendable, Equatable {
    /// What was expected, or the rule that was broken: `expected an integer`.
    public var reason: String
    /// The value to show instead of the text when the text itself must not be
    /// printed (a URL with a password in it); `nil` shows the text.
    public var shownValue: String?

    /// A rejection with `reason`, showing `shownValue` instead of the text if given.
    public init(_ reason: String, shownValue: String? = nil) {
        self.reason = reason
        self.shownValue = shownValue
    }
}

/// A setting written as one YAML scalar and parsed by the configuration decoder
/// itself, so that a bad value gives a message such as
/// `bus.high_water_mark: expected an integer, got "abc"` rather than a generic
/// `DecodingError`.
public protocol ConfigScalar: Decodable, Sendable {
    /// What a valid value looks like, for messages about a list or mapping
    /// written where this scalar belongs: `an integer`.
    static var expectation: String { get }
    /// Parses the scalar text as written in YAML (quotes removed).
    static func parse(configText text: String) throws(ConfigScalarRejection) -> Self
}

extension String: ConfigScalar {
    /// Any scalar is a string: `name: 123` means the text `123`.
    public static var expectation: String { "a string" }
    /// Parses the scalar text as written in the configuration.
    public static func parse(configText text: String) throws(ConfigScalarRejection) -> String { text }
}

extension Bool: ConfigScalar {
    /// Only `true` and `false`: YAML 1.1's `yes`/`on`/`y` are refused because
    /// the live-trading switch is a boolean and must never be guessed.
    public static var expectation: String { "true or false" }
    /// Parses the scalar text as written in the configuration.
    public static func parse(configText text: String) throws(ConfigScalarRejection) -> Bool {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw ConfigScalarRejection("expected true or false")
        }
    }
}

extension Double: ConfigScalar {
    /// Finite decimal numbers; `.nan` and `.inf` are refused, no setting wants them.
    public static var expectation: String { "a number" }
    /// Parses the scalar text as written in the configuration.
    public static func parse(configText text: String) throws(ConfigScalarRejection) -> Double {
        guard let value = Double(text.filter { $0 != "_" }), value.isFinite else {
            throw ConfigScalarRejection("expected a finite number")
        }
        return value
    }
}

/// The shared parser of the integer conformances below.
public protocol ConfigInteger: ConfigScalar, FixedWidthInteger {}

extension ConfigInteger {
    /// An integer that fits the type: `an integer between 0 and 65535`.
    public static var expectation: String {
        Self.isSigned && Self.bitWidth >= 64 ? "an integer" : "an integer between \(Self.min) and \(Self.max)"
    }

    /// Decimal with an optional sign and `_` separators (`10_000`), as YAML allows.
    public static func parse(configText text: String) throws(ConfigScalarRejection) -> Self {
        let digits = text.filter { $0 != "_" }
        guard !digits.isEmpty, !text.hasPrefix("_"), let value = Self(digits, radix: 10) else {
            throw ConfigScalarRejection("expected \(expectation)")
        }
        return value
    }
}

extension Int: ConfigInteger {}
extension Int8: ConfigInteger {}
extension Int16: ConfigInteger {}
extension Int32: ConfigInteger {}
extension Int64: ConfigInteger {}
extension UInt: ConfigInteger {}
extension UInt8: ConfigInteger {}
extension UInt16: ConfigInteger {}
extension UInt32: ConfigInteger {}
extension UInt64: ConfigInteger {}

/// An enumeration written as one of a fixed set of names.
public protocol ConfigEnumeration: ConfigScalar, CaseIterable {
    /// The name this case has in the configuration file.
    var configName: String { get }
}

extension ConfigEnumeration {
    /// `one of paper, live`.
    public static var expectation: String { "one of " + allCases.map(\.configName).joined(separator: ", ") }

    /// Parses the scalar text as written in the configuration.
    public static func parse(configText text: String) throws(ConfigScalarRejection) -> Self {
        guard let match = allCases.first(where: { $0.configName == text }) else {
            throw ConfigScalarRejection("expected \(expectation)")
        }
        return match
    }
}

extension ConfigEnumeration where Self: RawRepresentable, RawValue == String {
    /// String-backed enumerations are written as their raw value.
    public var configName: String { rawValue }
}

extension Logger.Level: ConfigEnumeration {}

extension WireCodec: ConfigEnumeration {
    /// `binary` or `json` (the wire value is a number; the file uses names).
    public var configName: String {
        switch self {
        case .binary: "binary"
        case .json: "json"
        }
    }
}
