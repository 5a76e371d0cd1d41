/// What a ``BarAggregator`` emits for an interval with no input for a whole bar.
public enum GapPolicy: String, Sendable, CaseIterable {
    /// Emit a flat bar: open = high = low = close = the previous close, volume zero.
    ///
    /// This is the live rule (SPEC §3: a bar closes on the clock, and a quiet
    /// minute still closes), so consumers see an unbroken series.
    case flatBars = "flat"
    /// Emit nothing; the series has a hole where the source has one.
    ///
    /// This is what exchange and freqtrade kline files do across a trading halt
    /// (for example Binance spot on 2023-03-24 12:39 → 14:00), so file replay uses
    /// it when its output is compared with those files.
    case skip
}
