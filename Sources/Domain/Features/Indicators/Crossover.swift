import ArenaCore

/// The cross of two EMAs of the close, `emacross:F:S` (backtrader's `CrossOver` of two
/// `EMA`s, TA-Lib's EMAs): at each closed bar
/// - **+1** when `EMA(F) > EMA(S)` after `EMA(F) ≤ EMA(S)` on the bar before (a cross up),
/// - **−1** when `EMA(F) < EMA(S)` after `EMA(F) ≥ EMA(S)` on the bar before (a cross down),
/// - **0** otherwise;
///
/// nil until both EMAs had a value on the bar before (the first bar that can cross is bar `S + 1`).
///
/// A stateless model reads "crossed at this bar" from one snapshot, where the EMAs alone would
/// need the previous bar's values too.
public struct EMACross: Indicator {
    /// The fast and slow periods (fast < slow).
    public let fast: Int, slow: Int
    private var fastEMA: EMA, slowEMA: EMA
    /// `EMA(F) − EMA(S)` after the previous bar, nil while either warms up.
    private var previousGap: Double?
    /// The latest reading: +1, −1 or 0; nil during warm-up.
    public private(set) var value: Double?

    /// The cross of EMA(`fast`) and EMA(`slow`).
    public init(fast: Int, slow: Int) {
        self.fast = fast
        self.slow = slow
        fastEMA = EMA(period: fast)
        slowEMA = EMA(period: slow)
    }

    /// Feeds the bar's close to both EMAs and compares their gap with the bar before's.
    public mutating func update(_ bar: BarPrices) {
        fastEMA.update(bar)
        slowEMA.update(bar)
        guard let f = fastEMA.value, let s = slowEMA.value else { return }
        let gap = f - s
        if let previous = previousGap {
            value = gap > 0 && previous <= 0 ? 1 : gap < 0 && previous >= 0 ? -1 : 0
        }
        previousGap = gap
    }
}
