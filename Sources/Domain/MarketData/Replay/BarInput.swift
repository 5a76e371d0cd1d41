import ArenaCore

/// What a file given to `arena bars` (or any bar builder) holds.
public enum BarInputKind: Sendable, Equatable {
    /// Klines: freqtrade JSON or Binance kline CSV (``KlineFile``).
    case klines
    /// A trade CSV; the layout when known, else detected by ``TradeCSVSource``.
    case tradeCSV(TradeLayout?)
    /// freqtrade's trade JSON (``FreqtradeTradesJSON``).
    case freqtradeTradesJSON

    /// The kind of `bytes` (already inflated) from its content, not its name.
    ///
    /// JSON is told apart by its first element (`[[` klines, `[{` trades); a CSV
    /// is a trade file when its header names trade columns or its first record
    /// has a trade layout's shape, with the buyer-maker flag in place; anything
    /// else is read as klines, whose parser then reports what is wrong.
    public static func detect(_ bytes: [UInt8]) -> BarInputKind {
        let content = bytes.lazy.filter { !KlineFile.isWhitespace($0) }
        var it = content.makeIterator()
        if it.next() == UInt8(ascii: "[") { return it.next() == UInt8(ascii: "{") ? .freqtradeTradesJSON : .klines }
        var lines = ByteLines(bytes: bytes, source: "")
        while let range = try? lines.next() {
            let kind: BarInputKind? = lines.withLine(range) { line in
                guard let first = line.first(where: { $0 != UInt8(ascii: " ") }), first != UInt8(ascii: "#") else { return nil }
                var fields = CSVFields()
                fields.split(line)
                if TradeLayout.isLetter(first) { return TradeColumns.named(fields.lowercasedTexts()) != nil ? .tradeCSV(nil) : .klines }
                return TradeLayout.detect(fields).map { .tradeCSV($0) } ?? .klines
            }
            if let kind { return kind }
        }
        return .klines
    }
}

/// What to do with a kline whose open time is off its timeframe's grid (an
/// exchange's odd bar after an outage, such as 2018-02-09 09:28:14 in Binance's BTCUSDT 1h).
public enum OffGridPolicy: String, Sendable, CaseIterable {
    /// Stop with an error naming the row.
    case fail
    /// Leave the row out and report it.
    case skip
}

extension KlineFile {
    /// `rows` without those off the `timeframe` grid, which are returned apart;
    /// under ``OffGridPolicy/fail`` the first one is an error naming file, line and row.
    public static func onGrid(
        _ rows: [KlineRow], timeframe: Timeframe, policy: OffGridPolicy, source: String
    ) throws(KlineParseError) -> (kept: [KlineRow], skipped: [KlineRow]) {
        var kept: [KlineRow] = [], skipped: [KlineRow] = []
        kept.reserveCapacity(rows.count)
        for row in rows {
            if timeframe.openTime(containing: row.openTime) == row.openTime { kept.append(row); continue }
            guard policy == .skip else {
                throw KlineParseError(
                    source: source, line: row.line, row: row.row, field: "open_time",
                    reason: "open time \(row.openTime) is not on the \(timeframe.rawValue) grid (--off-grid skip leaves such rows out)"
                )
            }
            skipped.append(row)
        }
        return (kept, skipped)
    }
}
