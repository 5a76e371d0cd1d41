import ArenaCore

/// What the book holds of one symbol's market: the data coverage, the first close the buy-and-hold
/// baseline starts from and the latest close positions are re-marked at. A restarted reporter
/// restores it, so the baselines go on and every position is re-marked as before the restart.
public struct SymbolMarks: Sendable, Hashable {
    public var symbol: Symbol
    /// When the first bar seen opened.
    public var firstOpen: Timestamp
    public var firstClose: FixedDecimal
    /// When the latest bar closed.
    public var lastCloseTime: Timestamp
    public var lastClose: FixedDecimal
    /// Closed bars seen.
    public var bars: Int

    public init(symbol: Symbol, firstOpen: Timestamp, firstClose: FixedDecimal, lastCloseTime: Timestamp, lastClose: FixedDecimal, bars: Int) {
        self.symbol = symbol
        self.firstOpen = firstOpen
        self.firstClose = firstClose
        self.lastCloseTime = lastCloseTime
        self.lastClose = lastClose
        self.bars = bars
    }
}
