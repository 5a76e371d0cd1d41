/// A validated, case-normalised identifier wrapped in its own type, so that a
/// symbol can never be passed where a model id is expected.
///
/// Conformers only choose their validation rule; storage, Codable (a plain
/// string on the wire) and printing are shared.
public protocol StringIdentifier: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The identifier text.
    var value: String { get }
    /// Builds without validation; only called after ``validate(_:)`` passed.
    init(unchecked value: String)
    /// Returns the normalised text or throws ``IdentifierError``.
    static func validate(_ text: String) throws(IdentifierError) -> String
    /// The validation rule in words, for schemas and messages.
    static var rule: String { get }
}

/// Why a text is not a valid identifier.
public struct IdentifierError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of identifier, for example `"symbol"`.
    public let kind: String
    /// The rejected text (truncated to 64 characters).
    public let text: String
    /// The rule it broke.
    public let reason: String

    public init(kind: String, text: String, reason: String) {
        self.kind = kind
        self.text = String(text.prefix(64))
        self.reason = reason
    }

    public var description: String { "invalid \(kind) \"\(text)\": \(reason)" }
}

extension StringIdentifier {
    /// Validates and wraps `text`.
    public init(_ text: String) throws(IdentifierError) {
        self.init(unchecked: try Self.validate(text))
    }

    public var description: String { value }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        do { self = try Self(text) } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }

    /// Checks `text` against a length limit and an allowed-character predicate.
    static func check(
        _ text: String, kind: String, maxLength: Int, allowed: (UInt8) -> Bool
    ) throws(IdentifierError) -> String {
        guard !text.isEmpty else { throw IdentifierError(kind: kind, text: text, reason: "empty") }
        guard text.utf8.count <= maxLength else {
            throw IdentifierError(kind: kind, text: text, reason: "longer than \(maxLength) bytes")
        }
        guard text.utf8.allSatisfy(allowed) else {
            throw IdentifierError(kind: kind, text: text, reason: "contains a character outside the allowed set")
        }
        return text
    }
}

/// A client order id: what makes a submission idempotent (spec §7). Binance's
/// rule (`^[.A-Z:/a-z0-9_-]{1,36}$`), so the same id goes to a live venue.
public struct ClientOrderID: StringIdentifier {
    public let value: String
    public init(unchecked value: String) { self.value = value }
    public static let rule = "1–36 characters from A–Z a–z 0–9 . : / _ -"
    public static func validate(_ text: String) throws(IdentifierError) -> String {
        try check(text, kind: "client order id", maxLength: 36) { b in isIdentifierByte(b) || b == UInt8(ascii: "/") }
    }

    /// The id of leg `leg` of the orders made for `source` (a decision id, an
    /// operator request id): the same source and leg always give the same id,
    /// so a repeated decision can never make a second order. `a` + 16 hex
    /// digits of FNV-1a over the source, then `-` and the leg (at most 18 characters).
    public static func derived(from source: String, leg: String) -> ClientOrderID {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in source.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        // Written byte by byte: one allocation, where formatting and interpolating took several.
        let tail = leg.prefix(18).utf8
        let text = String(unsafeUninitializedCapacity: 18 + tail.count) { bytes in
            bytes[0] = UInt8(ascii: "a")
            for digit in 0..<16 {
                let nibble = UInt8(truncatingIfNeeded: hash >> UInt64(60 - 4 * digit)) & 0xF
                bytes[1 + digit] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            }
            bytes[17] = UInt8(ascii: "-")
            var end = 18
            for byte in tail {
                bytes[end] = byte
                end += 1
            }
            return end
        }
        return ClientOrderID(unchecked: text)
    }
}


/// `text` with ASCII lower-case letters raised; returns `text` itself (no copy) when there are none.
private func asciiUppercased(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) else { return text }
    return String(decoding: text.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
}

/// `text` with ASCII upper-case letters lowered; returns `text` itself when there are none.
private func asciiLowercased(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return text }
    return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
}

private func isIdentifierByte(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
        || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: ":")
}

/// An instrument symbol in exchange form, upper case: `BTCUSDT`.
public struct Symbol: StringIdentifier {
    public static let rule = "1-32 bytes of [A-Z0-9_-]; lower-case ASCII letters are raised to upper case"
    public let value: String
    public init(unchecked value: String) { self.value = value }
    public static func validate(_ text: String) throws(IdentifierError) -> String {
        try check(asciiUppercased(text), kind: "symbol", maxLength: 32) { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
        }
    }
}

/// A venue (exchange or simulator): `binance`, `binance-usdm`, `okx`, `paper`.
public struct VenueID: StringIdentifier {
    public static let rule = "1-32 bytes of [a-z0-9._:-]; upper-case ASCII letters are lowered"
    public let value: String
    public init(unchecked value: String) { self.value = value }
    public static func validate(_ text: String) throws(IdentifierError) -> String {
        try check(asciiLowercased(text), kind: "venue", maxLength: 32, allowed: isIdentifierByte)
    }
}

/// A trading model's id, unique in an arena: `ema_trend`, `gpt-4o.v2`.
public struct ModelID: StringIdentifier {
    public static let rule = "1-64 bytes of [A-Za-z0-9._:-]"
    public let value: String
    public init(unchecked value: String) { self.value = value }
    public static func validate(_ text: String) throws(IdentifierError) -> String {
        try check(text, kind: "model id", maxLength: 64, allowed: isIdentifierByte)
    }
}

/// The name of a service instance: `gateway`, `scorer-3`.
public struct ServiceName: StringIdentifier {
    public static let rule = "1-64 bytes of [A-Za-z0-9._:-]"
    public let value: String
    public init(unchecked value: String) { self.value = value }
    public static func validate(_ text: String) throws(IdentifierError) -> String {
        try check(text, kind: "service name", maxLength: 64, allowed: isIdentifierByte)
    }
}
