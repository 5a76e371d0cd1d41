import ArenaCore

/// Reads Binance kline CSV in its common shapes:
///
/// - data.binance.vision's 12 columns without a header: `open_time, open, high,
///   low, close, volume, close_time, quote_volume, count, taker_buy_volume,
///   taker_buy_quote_volume, ignore` (open time in ms, or µs in spot files from 2025);
/// - the same with a header line (futures files have one);
/// - exports such as gapless-crypto-data's: `#` comment lines, a header naming
///   `date` instead of `open_time`, and the open time written as `YYYY-MM-DD HH:MM:SS` UTC.
///
/// With a header, columns are found by name, so extra or reordered columns are
/// fine; without one, the positions above are assumed.
public enum BinanceKlineCSVParser {
    /// Parses the whole file; `source` labels errors.
    public static func parse(_ bytes: [UInt8], source: String) throws(KlineParseError) -> [KlineRow] {
        var rows: [KlineRow] = []
        rows.reserveCapacity(bytes.count / 100)
        var layout: CSVColumns?
        var lineNumber = 0
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = rawLine[...]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard let first = line.first(where: { $0 != UInt8(ascii: " ") }), first != UInt8(ascii: "#") else { continue }
            let fields = String(decoding: line, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingASCIISpaces() }
            if layout == nil {
                if CSVColumns.looksLikeHeader(fields) {
                    layout = try CSVColumns(header: fields, source: source, line: lineNumber)
                    continue
                }
                layout = try CSVColumns(positionalCount: fields.count, source: source, line: lineNumber)
            }
            rows.append(try layout!.row(fields, source: source, line: lineNumber, row: rows.count + 1))
        }
        return rows
    }
}

/// Where each kline field sits in a CSV record.
struct CSVColumns {
    var openTime = 0, open = 1, high = 2, low = 3, close = 4, volume = 5
    var quoteVolume: Int?
    var tradeCount: Int?
    var takerBuyVolume: Int?
    var width: Int

    /// A header starts with a letter; data starts with a digit (epoch or date).
    static func looksLikeHeader(_ fields: [Substring]) -> Bool {
        guard let c = fields.first?.utf8.first else { return false }
        return (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    /// Names used for each field by Binance's files and common exports; the first is the one errors use. Computed
    /// rather than stored because key paths are not `Sendable`; it is read once per file.
    private static var names: [(field: WritableKeyPath<CSVColumns, Int>, names: [String])] { [
        (\.openTime, ["open_time", "opentime", "open time", "date", "timestamp", "time"]),
        (\.open, ["open"]), (\.high, ["high"]), (\.low, ["low"]), (\.close, ["close"]), (\.volume, ["volume"]),
    ] }
    private static var optionalNames: [(field: WritableKeyPath<CSVColumns, Int?>, names: [String])] { [
        (\.quoteVolume, ["quote_volume", "quote_asset_volume", "quote asset volume"]),
        (\.tradeCount, ["count", "trades", "number_of_trades", "number of trades"]),
        (\.takerBuyVolume, ["taker_buy_volume", "taker_buy_base_asset_volume", "taker_buy_base", "taker buy base asset volume"]),
    ] }

    init(header: [Substring], source: String, line: Int) throws(KlineParseError) {
        let lowered = header.map { $0.lowercased() }
        width = header.count
        for (field, names) in Self.names {
            guard let i = lowered.firstIndex(where: names.contains) else {
                throw KlineParseError(
                    source: source, line: line, field: names[0],
                    reason: "header has no column named \(names.joined(separator: " or "))"
                )
            }
            self[keyPath: field] = i
        }
        for (field, names) in Self.optionalNames {
            self[keyPath: field] = lowered.firstIndex(where: names.contains)
        }
    }

    init(positionalCount: Int, source: String, line: Int) throws(KlineParseError) {
        guard positionalCount >= 6 else {
            throw KlineParseError(
                source: source, line: line, row: 1,
                reason: "a kline record needs at least 6 fields (open_time, open, high, low, close, volume); found \(positionalCount)"
            )
        }
        width = positionalCount
        if positionalCount >= 11 {
            quoteVolume = 7
            tradeCount = 8
            takerBuyVolume = 9
        }
    }

    private static let fieldNames = ["open_time", "open", "high", "low", "close", "volume"]

    func row(_ f: [Substring], source: String, line: Int, row: Int) throws(KlineParseError) -> KlineRow {
        func fail(_ field: String?, _ why: String) -> KlineParseError {
            KlineParseError(source: source, line: line, row: row, field: field, reason: why)
        }
        guard f.count == width else { throw fail(nil, "expected \(width) fields, found \(f.count)") }
        let text = f[openTime]
        let time: Timestamp
        if text.contains("-") {
            guard let t = UTCDateText.parse(text) else { throw fail("open_time", "\"\(text.prefix(40))\" is not a UTC date-time") }
            time = t
        } else {
            do { time = try ExactNumber.epochTime(text) } catch { throw fail("open_time", error.reason) }
        }
        func decimal(_ i: Int, _ name: String) throws(KlineParseError) -> FixedDecimal {
            do { return try ExactNumber.decimal(f[i]) } catch { throw fail(name, error.reason) }
        }
        let columns = [open, high, low, close, volume]
        var v: [FixedDecimal] = []
        for (i, c) in columns.enumerated() { v.append(try decimal(c, Self.fieldNames[i + 1])) }
        var result = KlineRow(
            openTime: time, open: v[0], high: v[1], low: v[2], close: v[3], volume: v[4], line: line, row: row
        )
        if let c = quoteVolume { result.quoteVolume = try decimal(c, "quote_volume") }
        if let c = takerBuyVolume { result.takerBuyVolume = try decimal(c, "taker_buy_volume") }
        if let c = tradeCount {
            do { result.tradeCount = try ExactNumber.count(f[c]) } catch { throw fail("count", error.reason) }
        }
        return try result.validated(source: source)
    }
}

extension Substring {
    /// The text without leading or trailing ASCII spaces (some exports write ", ").
    func trimmingASCIISpaces() -> Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
