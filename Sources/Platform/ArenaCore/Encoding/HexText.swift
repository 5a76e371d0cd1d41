/// Bytes as hexadecimal text and back: the form every hash in the arena is
/// shown and compared in (snapshot and config hashes, the audit chain, routing
/// ids), and the digits of URL percent-escapes and PostgreSQL's `bytea`.
public enum HexText {
    /// Two lower-case hex digits per byte.
    public static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        append(bytes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends two hex digits per byte to `out`, lower-case unless `uppercase`.
    public static func append(_ bytes: some Sequence<UInt8>, to out: inout [UInt8], uppercase: Bool = false) {
        out.reserveCapacity(out.count + bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digit(byte >> 4, uppercase: uppercase))
            out.append(digit(byte & 0x0F, uppercase: uppercase))
        }
    }

    /// Parses hex digits of either case, two per byte; nil when the count is
    /// odd or a character is not a hex digit.
    public static func bytes(hex digits: some Collection<UInt8>) -> [UInt8]? {
        guard digits.count.isMultiple(of: 2) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var i = digits.startIndex
        while i != digits.endIndex {
            let next = digits.index(after: i)
            guard let high = value(ofDigit: digits[i]), let low = value(ofDigit: digits[next]) else { return nil }
            out.append(high << 4 | low)
            i = digits.index(after: next)
        }
        return out
    }

    /// Parses hex text of either case; nil when malformed.
    public static func bytes(hex text: String) -> [UInt8]? { bytes(hex: Array(text.utf8)) }

    /// The value of one hex digit (either case), or nil.
    public static func value(ofDigit c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The digit for a value 0…15, lower-case unless `uppercase`.
    public static func digit(_ value: UInt8, uppercase: Bool = false) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : (uppercase ? UInt8(ascii: "A") : UInt8(ascii: "a")) + value - 10
    }
}
