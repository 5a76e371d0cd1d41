import ArenaCore

/// PostgreSQL's text format for values, shared by bound parameters and COPY.
///
/// Text format lets the server parse each value as whatever type the
/// column or expression needs (a decimal string into NUMERIC, "1" into
/// BOOLEAN), which is what keeps decimals exact end to end.
enum PostgresText {
    /// Appends the text form of a non-null value. `escapeCopy` doubles
    /// backslashes and escapes tab, newline and carriage return, as COPY's
    /// text format requires. Throws for text PostgreSQL cannot store (NUL).
    static func append(_ value: SQLValue, to out: inout [UInt8], escapeCopy: Bool, statement: String) throws(StoreError) {
        switch value {
        case .null:
            out.append(contentsOf: [0x5C, UInt8(ascii: "N")])
        case let .integer(v):
            appendDecimal(v, to: &out)
        case let .real(v):
            out.append(contentsOf: realText(v).utf8)
        case let .text(s):
            try appendText(s, to: &out, escapeCopy: escapeCopy, statement: statement)
        case let .blob(bytes):
            // bytea hex format: \x then two hex digits per byte. In COPY the
            // backslash itself must be escaped.
            if escapeCopy { out.append(0x5C) }
            out.append(0x5C)
            out.append(UInt8(ascii: "x"))
            HexText.append(bytes, to: &out)
        }
    }

    /// The shortest text that reads back as exactly `v`; PostgreSQL's
    /// spellings for the non-finite values.
    static func realText(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Infinity" : "Infinity" }
        return v.description
    }

    /// Appends the decimal digits of `v` without allocating a String.
    static func appendDecimal(_ v: Int64, to out: inout [UInt8]) {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = v.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch; Int64 has at most 19 digits
        withUnsafeMutableBytes(of: &digits) { scratch in
            var i = scratch.count
            repeat {
                i -= 1
                scratch[i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: scratch[i...])
        }
    }

    private static func appendText(_ s: String, to out: inout [UInt8], escapeCopy: Bool, statement: String) throws(StoreError) {
        var s = s
        let clean = s.withUTF8 { utf8 -> Bool in
            if !utf8.contains(where: { $0 == 0 || (escapeCopy && needsCopyEscape($0)) }) {
                out.append(contentsOf: utf8)
                return true
            }
            return false
        }
        if clean { return }
        for b in s.utf8 {
            if b == 0 {
                throw StoreError.sql(
                    state: "22021", message: "text contains a NUL byte, which PostgreSQL cannot store", statement: statement
                )
            }
            if escapeCopy, let escaped = copyEscape(b) {
                out.append(0x5C)
                out.append(escaped)
            } else {
                out.append(b)
            }
        }
    }

    private static func needsCopyEscape(_ b: UInt8) -> Bool { copyEscape(b) != nil }

    /// The letter after the backslash for bytes COPY's text format reserves.
    private static func copyEscape(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x5C: 0x5C
        case 0x09: UInt8(ascii: "t")
        case 0x0A: UInt8(ascii: "n")
        case 0x0D: UInt8(ascii: "r")
        default: nil
        }
    }
}
