import ArenaCore
import CPostgres

/// How a result column's text is turned into a ``SQLValue``, chosen by the
/// column's type OID (fixed in the system catalogue, `pg_type.dat`).
enum PostgresColumnKind {
    case integer, real, boolean, bytea, text

    init(oid: Oid) {
        switch oid {
        case 20, 21, 23, 26: self = .integer  // int8, int2, int4, oid
        case 700, 701: self = .real  // float4, float8
        case 16: self = .boolean
        case 17: self = .bytea
        // numeric stays text so decimals stay exact; every other type
        // (varchar, timestamptz, uuid, json, …) arrives in its text form.
        default: self = .text
        }
    }

    /// Decodes one non-null value; the server's text for these types is
    /// well-formed, so a failure means a protocol surprise worth naming.
    func decode(_ bytes: UnsafeRawBufferPointer, column: String) throws(StoreError) -> SQLValue {
        switch self {
        case .text:
            return .text(String(decoding: bytes, as: UTF8.self))
        case .integer:
            guard let v = Self.parseInteger(bytes) else { throw malformed(bytes, column, "an integer") }
            return .integer(v)
        case .real:
            guard let v = Double(String(decoding: bytes, as: UTF8.self)) else { throw malformed(bytes, column, "a float") }
            return .real(v)
        case .boolean:
            switch bytes.first {
            case UInt8(ascii: "t"): return .integer(1)
            case UInt8(ascii: "f"): return .integer(0)
            default: throw malformed(bytes, column, "a boolean")
            }
        case .bytea:
            guard let blob = Self.decodeBytea(bytes) else { throw malformed(bytes, column, "bytea") }
            return .blob(blob)
        }
    }

    /// Parses decimal digits with an optional sign, without a String.
    private static func parseInteger(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard let first = bytes.first else { return nil }
        let negative = first == UInt8(ascii: "-")
        let digits = negative || first == UInt8(ascii: "+") ? bytes.dropFirst() : bytes[...]
        guard !digits.isEmpty else { return nil }
        // Accumulate negatively so Int64.min parses without overflow.
        var value: Int64 = 0
        for b in digits {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.subtractingReportingOverflow(Int64(b - UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            value = s
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    /// bytea in hex output (`\x0a1b…`, the default), or through libpq for
    /// the older escape format.
    private static func decodeBytea(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        if bytes.count >= 2, bytes[0] == 0x5C, bytes[1] == UInt8(ascii: "x") {
            return HexText.bytes(hex: bytes.dropFirst(2))
        }
        var text = Array(bytes)
        text.append(0)
        var length = 0
        guard let raw = text.withUnsafeBufferPointer({ PQunescapeBytea($0.baseAddress, &length) }) else { return nil }
        defer { PQfreemem(raw) }
        return Array(UnsafeBufferPointer(start: raw, count: length))
    }

    private func malformed(_ bytes: UnsafeRawBufferPointer, _ column: String, _ what: String) -> StoreError {
        .decoding(column: column, reason: "the server sent \"\(String(decoding: bytes.prefix(64), as: UTF8.self))\", which is not \(what)")
    }
}
