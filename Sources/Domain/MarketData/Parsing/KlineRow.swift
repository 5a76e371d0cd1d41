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
        guard let (field, reason) = inconsistency else { return self }
        throw KlineParseError(source: source, line: line, column: column, row: row, field: field, reason: reason)
    }

    /// The first rule the row breaks, if any.
    ///
    /// Not `private`: with it, Swift 6.3's optimiser (-O, whole module) miscompiled
    /// ``validated(source:column:)``, which then threw a garbage error for valid rows
    /// and crashed release builds (reproduced with `swiftc -O -wmo`; internal is fine).
    var inconsistency: (field: String, reason: String)? {
        if low > high { return ("low", "low \(low) is above high \(high)") }
        if open > high || close > high { return ("high", "high \(high) is below open \(open) or close \(close)") }
        if open < low || close < low { return ("low", "low \(low) is above open \(open) or close \(close)") }
        if volume.isNegative { return ("volume", "volume \(volume) is negative") }
        return nil
    }
}
