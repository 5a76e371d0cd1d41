import ArenaCore
import Foundation

/// The kline file layouts the gateway can replay.
public enum KlineFormat: String, Sendable, CaseIterable {
    /// freqtrade's JSON array of `[ms, o, h, l, c, v]` arrays.
    case freqtradeJSON
    /// Binance kline CSV, with or without header (see ``BinanceKlineCSVParser``).
    case binanceCSV

    /// Picks the layout from the content, not the file name: JSON starts with `[`.
    public static func detect(_ bytes: [UInt8]) -> KlineFormat {
        let first = bytes.first { !KlineFile.isWhitespace($0) }
        return first == UInt8(ascii: "[") ? .freqtradeJSON : .binanceCSV
    }
}

/// Reads a kline file of any supported layout into bars.
public enum KlineFile {
    /// Parses `bytes` (layout detected from content) into bars for `symbol` on `venue`.
    ///
    /// `timeframe` is the bar length of the file; when nil it is inferred from the
    /// open times (see ``inferTimeframe(_:source:)``).
    public static func bars(
        from bytes: [UInt8], source: String, venue: VenueID, symbol: Symbol, timeframe: Timeframe? = nil
    ) throws(KlineParseError) -> [Bar] {
        let rows = try rows(from: bytes, source: source)
        let tf: Timeframe
        if let timeframe { tf = timeframe } else { tf = try inferTimeframe(rows, source: source) }
        return rows.map { $0.bar(venue: venue, symbol: symbol, timeframe: tf) }
    }

    /// Parses `bytes` (layout detected from content) into rows that keep their line and row numbers.
    public static func rows(from bytes: [UInt8], source: String) throws(KlineParseError) -> [KlineRow] {
        // A zero-byte file is a failed download, not a file with no bars (which has a header or `[]`).
        guard bytes.contains(where: { !Self.isWhitespace($0) }) else {
            throw KlineParseError(source: source, line: 1, reason: "the file is empty")
        }
        return switch KlineFormat.detect(bytes) {
        case .freqtradeJSON: try FreqtradeKlineParser.parse(bytes, source: source)
        case .binanceCSV: try BinanceKlineCSVParser.parse(bytes, source: source)
        }
    }

    /// Reads and parses the file at `path`; a read failure is reported as a parse error at line 1.
    public static func bars(
        atPath path: String, venue: VenueID, symbol: Symbol, timeframe: Timeframe? = nil
    ) throws(KlineParseError) -> [Bar] {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KlineParseError(source: path, line: 1, reason: "cannot read the file")
        }
        return try bars(from: [UInt8](data), source: name, venue: venue, symbol: symbol, timeframe: timeframe)
    }

    static func isWhitespace(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\t")
    }

    /// The most common positive step between consecutive open times, as a ``Timeframe``.
    ///
    /// The most common step rather than the smallest, because real files hold odd
    /// rows (gapless-crypto-data's 1h file has a bar opening at 2018-02-09 09:28:14
    /// after an outage) that make one short step; gaps only make steps longer.
    public static func inferTimeframe(_ rows: [KlineRow], source: String) throws(KlineParseError) -> Timeframe {
        var counts: [Int64: Int] = [:]
        for (a, b) in zip(rows, rows.dropFirst()) {
            let d = b.openTime.nanoseconds - a.openTime.nanoseconds
            if d > 0 { counts[d, default: 0] += 1 }
        }
        // Ties go to the shorter step, so the choice does not depend on dictionary order.
        guard let step = counts.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) })?.key else {
            throw KlineParseError(
                source: source, line: rows.first?.line ?? 1,
                reason: "cannot infer the timeframe from fewer than two increasing open times; give it explicitly"
            )
        }
        guard let tf = Timeframe.allCases.first(where: { $0.nanoseconds == step }) else {
            throw KlineParseError(
                source: source, line: rows.first?.line ?? 1,
                reason: "the usual step between open times (\(step / 1_000_000) ms) is not a supported timeframe"
            )
        }
        return tf
    }
}
