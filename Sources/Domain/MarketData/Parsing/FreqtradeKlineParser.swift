import ArenaCore

/// Reads freqtrade's kline JSON: `[[open_time_ms, open, high, low, close, volume], …]`.
///
/// The values are JSON numbers, so a general JSON decoder would turn them into
/// `Double` and lose exactness (`0.1` is not a double). This is a small tokenizer
/// for exactly that array-of-arrays layout: each number's text goes straight to
/// ``FixedDecimal``. Whitespace anywhere between tokens is allowed.
public enum FreqtradeKlineParser {
    /// The six fields of a row, in order, as named in errors.
    static let fields = ["open_time", "open", "high", "low", "close", "volume"]

    /// Parses the whole document; `source` labels errors.
    public static func parse(_ bytes: [UInt8], source: String) throws(KlineParseError) -> [KlineRow] {
        var cursor = TextCursor(bytes: bytes, source: source)
        var rows: [KlineRow] = []
        rows.reserveCapacity(bytes.count / 60)
        try cursor.expect(UInt8(ascii: "["), what: "'[' opening the document")
        if try !cursor.consumeIf(UInt8(ascii: "]")) {
            repeat {
                rows.append(try parseRow(&cursor, row: rows.count + 1))
            } while try cursor.consumeIf(UInt8(ascii: ","))
            try cursor.expect(UInt8(ascii: "]"), what: "',' or ']' after row \(rows.count)")
        }
        try cursor.expectEnd()
        return rows
    }

    private static func parseRow(_ cursor: inout TextCursor, row: Int) throws(KlineParseError) -> KlineRow {
        try cursor.expect(UInt8(ascii: "["), what: "'[' opening row \(row)", row: row)
        let (line, column) = cursor.position
        var tokens: [Substring] = []
        tokens.reserveCapacity(6)
        for (i, field) in fields.enumerated() {
            if i > 0 { try cursor.expect(UInt8(ascii: ","), what: "',' before \(field)", row: row, field: field) }
            tokens.append(try cursor.numberToken(row: row, field: field))
        }
        try cursor.expect(UInt8(ascii: "]"), what: "']' closing row \(row) after 6 fields", row: row)
        return try makeRow(tokens, line: line, column: column, row: row, source: cursor.source)
    }

    private static func makeRow(
        _ t: [Substring], line: Int, column: Int, row: Int, source: String
    ) throws(KlineParseError) -> KlineRow {
        let time: Timestamp
        do { time = try ExactNumber.epochTime(t[0]) } catch {
            throw KlineParseError(source: source, line: line, column: column, row: row, field: fields[0], reason: error.reason)
        }
        var values: [FixedDecimal] = []
        values.reserveCapacity(5)
        for i in 1...5 {
            do { values.append(try ExactNumber.decimal(t[i])) } catch {
                throw KlineParseError(source: source, line: line, column: column, row: row, field: fields[i], reason: error.reason)
            }
        }
        return try KlineRow(
            openTime: time, open: values[0], high: values[1], low: values[2], close: values[3], volume: values[4],
            line: line, row: row
        ).validated(source: source, column: column)
    }
}

/// A forward-only reader over the bytes of a JSON document that tracks line and
/// column for error messages.
struct TextCursor {
    let bytes: [UInt8]
    let source: String
    private(set) var index = 0
    private var line = 1
    private var lineStart = 0

    init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    /// 1-based line and column of the next unread byte.
    var position: (line: Int, column: Int) { (line, index - lineStart + 1) }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\n"): line += 1; index += 1; lineStart = index
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): index += 1
            default: return
            }
        }
    }

    func error(_ reason: String, row: Int? = nil, field: String? = nil) -> KlineParseError {
        KlineParseError(source: source, line: line, column: index - lineStart + 1, row: row, field: field, reason: reason)
    }

    /// What the next byte is, for error messages.
    private var found: String {
        index < bytes.count ? "'\(Character(Unicode.Scalar(bytes[index])))'" : "end of input"
    }

    mutating func expect(_ byte: UInt8, what: String, row: Int? = nil, field: String? = nil) throws(KlineParseError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { throw error("expected \(what), found \(found)", row: row, field: field) }
        index += 1
    }

    mutating func consumeIf(_ byte: UInt8) throws(KlineParseError) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func expectEnd() throws(KlineParseError) {
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected \(found) after the closing ']'") }
    }

    /// The text of a JSON number: the bytes `-+.0-9eE`. Its syntax is checked
    /// later by the exact decimal parser, which also rejects `nan` and friends.
    mutating func numberToken(row: Int, field: String) throws(KlineParseError) -> Substring {
        skipWhitespace()
        let start = index
        while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
        guard index > start else { throw error("expected a number, found \(found)", row: row, field: field) }
        return Substring(String(decoding: bytes[start..<index], as: UTF8.self))
    }

    private static func isNumberByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: ".") || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
            || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
    }
}
