import ArenaCore

/// One parsed kline before it becomes a ``ArenaCore/Bar``: the values plus the
/// place it came from, so later checks (order, timeframe) can still point at it.
public struct KlineRow: Sendable, Hashable {
    /// Open time of the kline.
    public var openTime: Timestamp
    public var open: FixedDecimal
    public var high: FixedDecimal
    public var low: FixedDecimal
    public var close: FixedDecimal
    /// Base-asset volume.
    public var volume: FixedDecimal
    /// Quote-asset volume, when the layout has it.
    public var quoteVolume: FixedDecimal?
    /// Number of trades, when the layout has it.
    public var tradeCount: Int64?
    /// Taker-buy base volume, when the layout has it.
    public var takerBuyVolume: FixedDecimal?
    /// 1-based line the row starts on.
    public var line: Int
    /// 1-based data row.
    public var row: Int

    /// The row as a closed bar of `timeframe`.
    public func bar(venue: VenueID, symbol: Symbol, timeframe: Timeframe) -> Bar {
        Bar(
            venue: venue, symbol: symbol, timeframe: timeframe, openTime: openTime,
            open: open, high: high, low: low, close: close, volume: volume,
            quoteVolume: quoteVolume, tradeCount: tradeCount, takerBuyVolume: takerBuyVolume, isClosed: true
        )
    }

    /// Checks that the prices are consistent (low ≤ open, close ≤ high) and the
    /// volume is not negative; a source that breaks this is corrupt, and bars built
    /// from it would silently carry the fault.
    func validated(source: String, column: Int? = nil) throws(KlineParseError) -> KlineRow {
        func fail(_ field: String, _ why: String) -> KlineParseError {
            KlineParseError(source: source, line: line, column: column, row: row, field: field, reason: why)
        }
        if low > high { throw fail("low", "low \(low) is above high \(high)") }
        if open > high || close > high { throw fail("high", "high \(high) is below open \(open) or close \(close)") }
        if open < low || close < low { throw fail("low", "low \(low) is above open \(open) or close \(close)") }
        if volume.isNegative { throw fail("volume", "volume \(volume) is negative") }
        return self
    }
}
