import ArenaCore

/// Exact conversions from the text of one number field.
///
/// Both parsers go through here so that JSON numbers and CSV fields follow the
/// same rules: decimals are read digit by digit into ``FixedDecimal`` (never via
/// `Double`), and kline timestamps may be epoch milliseconds or, as in
/// data.binance.vision spot files from 2025 on, epoch microseconds.
enum ExactNumber {
    /// A field's text is not the number it should be; `reason` says how.
    struct Problem: Error {
        let reason: String
    }

    /// Parses decimal text exactly; the error says why in words.
    static func decimal(_ text: Substring) throws(Problem) -> FixedDecimal {
        do { return try FixedDecimal(parsing: text) } catch {
            throw Problem(reason: "\"\(text.prefix(40))\" is not an exact decimal (\(error))")
        }
    }

    /// Parses an integer count such as a number of trades.
    static func count(_ text: Substring) throws(Problem) -> Int64 {
        if let v = Int64(text), v >= 0 { return v }
        // A count written as a JSON-style "12.0" is still an integer.
        if let d = try? decimal(text), d.rounded(toPlaces: 0, .down) == d, !d.isNegative,
           let v = Int64(exactly: d.raw / FixedDecimal.unitRaw) {
            return v
        }
        throw Problem(reason: "\"\(text.prefix(40))\" is not a non-negative integer")
    }

    /// Microsecond stamps are at least this large (2001-09-09 in ms is 1e12; in µs, 1e15).
    private static let microsecondThreshold: Int64 = 100_000_000_000_000
    /// Millisecond stamps below this (1973) are taken to be seconds or garbage.
    private static let millisecondFloor: Int64 = 100_000_000_000

    /// Parses an epoch timestamp in milliseconds or microseconds.
    static func epochTime(_ text: Substring) throws(Problem) -> Timestamp {
        guard let n = try? count(text) else {
            throw Problem(reason: "\"\(text.prefix(40))\" is not an epoch timestamp")
        }
        return try epochTime(milliseconds: n)
    }

    /// An epoch count read as milliseconds, or as microseconds when it is that large.
    static func epochTime(milliseconds n: Int64) throws(Problem) -> Timestamp {
        if n >= microsecondThreshold {
            let (ns, o) = n.multipliedReportingOverflow(by: 1_000)
            if o { throw Problem(reason: "timestamp \(n) is out of range") }
            return Timestamp(nanoseconds: ns)
        }
        guard n >= millisecondFloor else {
            throw Problem(reason: "timestamp \(n) is too small for epoch milliseconds")
        }
        return Timestamp(milliseconds: n)
    }
}
