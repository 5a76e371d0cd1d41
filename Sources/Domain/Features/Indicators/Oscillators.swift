/// Wilder's relative strength index of the close (TA-Lib `RSI`, default compatibility).
///
/// The first value, at bar `period`, uses the plain means of the first `period`
/// gains and losses; later ones Wilder-smooth them: `avg = (avg·(n−1) + x) / n`.
/// When the smoothed gains and losses are both exactly 0 the RSI is 0, as in
/// TA-Lib (whose test is exact: a long flat stretch keeps the last RSI until
/// the averages underflow).
public struct RSI: Indicator {
    /// Smoothing length in bars.
    public let period: Int
    private var previousClose: Double?
    private var changes = 0
    private var gain = 0.0
    private var loss = 0.0
    /// The latest RSI in 0…100; nil for the first `period` bars.
    public private(set) var value: Double?

    /// An RSI over `period` (≥ 1) bars.
    public init(period: Int) { self.period = period }

    /// Feeds the bar's close.
    public mutating func update(_ bar: BarPrices) {
        let x = bar.close
        guard let previous = previousClose else {
            previousClose = x
            return
        }
        previousClose = x
        let change = x - previous
        let n = Double(period)
        if value != nil {
            loss *= n - 1
            gain *= n - 1
        }
        if change < 0 { loss -= change } else { gain += change }
        changes += 1
        guard changes >= period else { return }
        loss /= n
        gain /= n
        let total = gain + loss
        value = total == 0 ? 0 : 100 * (gain / total)
    }
}

/// The slow stochastic oscillator (TA-Lib `STOCH` with SMA smoothing for both lines).
///
/// Fast %K = 100·(close − lowest low) / (highest high − lowest low) over
/// `fastK` bars (0 when the range is 0); slow %K is its `slowK`-bar SMA and %D
/// the `slowD`-bar SMA of slow %K. Both lines appear together once %D exists,
/// at bar `fastK + slowK + slowD − 3` (0-based), as TA-Lib outputs them; with
/// SMA smoothing TA-Lib has no unstable period, so nothing else is skipped.
public struct Stochastic: Indicator {
    /// Slow %K and %D, in 0…100.
    public struct Value: Sendable, Hashable {
        /// Slow %K.
        public var k: Double
        /// %D.
        public var d: Double
    }

    /// Look-back of the high/low range, in bars.
    public let fastK: Int
    private var highest: RollingExtremum
    private var lowest: RollingExtremum
    private var slowK: SMA
    private var slowD: SMA
    /// The latest slow %K and %D; nil during warm-up.
    public private(set) var value: Value?

    /// A stochastic with the given periods (each ≥ 1).
    public init(fastK: Int, slowK: Int, slowD: Int) {
        self.fastK = fastK
        highest = RollingExtremum(period: fastK, kind: .maximum)
        lowest = RollingExtremum(period: fastK, kind: .minimum)
        self.slowK = SMA(period: slowK)
        self.slowD = SMA(period: slowD)
    }

    /// Feeds the bar's high, low and close.
    public mutating func update(_ bar: BarPrices) {
        highest.push(bar.high)
        lowest.push(bar.low)
        guard highest.isFull, let high = highest.value, let low = lowest.value else { return }
        // TA-Lib's operation order: divide by the range over 100.
        let range = (high - low) / 100.0
        let fast = range != 0 ? (bar.close - low) / range : 0
        slowK.update(value: fast)
        guard let k = slowK.value else { return }
        slowD.update(value: k)
        guard let d = slowD.value else { return }
        value = Value(k: k, d: d)
    }
}
