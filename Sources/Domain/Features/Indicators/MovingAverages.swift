/// Simple moving average of the close over `period` bars (TA-Lib `SMA`).
///
/// A running sum: each update subtracts the value leaving the window, then adds
/// the new one, in TA-Lib's order, so the sums round as TA-Lib's do.
public struct SMA: Indicator {
    /// Window length in bars.
    public let period: Int
    private var window: RingBuffer<Double>
    private var sum = 0.0
    /// The mean of the last `period` values; nil until `period` values arrived.
    public private(set) var value: Double?

    /// An SMA over `period` (≥ 1) bars.
    public init(period: Int) {
        self.period = period
        window = RingBuffer(capacity: period)
    }

    /// Feeds the bar's close.
    public mutating func update(_ bar: BarPrices) { update(value: bar.close) }

    /// Feeds one value (for indicators that smooth a derived series).
    public mutating func update(value x: Double) {
        if let old = window.push(x) { sum -= old }
        sum += x
        if window.isFull { value = sum / Double(period) }
    }
}

/// Exponential moving average of the close (TA-Lib `EMA`): `k = 2 / (period + 1)`,
/// seeded with the SMA of the first `period` values, first value at bar `period`.
public struct EMA: Indicator {
    /// Length in bars.
    public let period: Int
    private let k: Double
    private var seedSum = 0.0
    private var seen = 0
    /// The latest EMA; nil until `period` values arrived.
    public private(set) var value: Double?

    /// An EMA over `period` (≥ 1) bars.
    public init(period: Int) {
        self.period = period
        k = 2.0 / Double(period + 1)
    }

    /// Feeds the bar's close.
    public mutating func update(_ bar: BarPrices) { update(value: bar.close) }

    /// Feeds one value (MACD smooths its own line with this).
    public mutating func update(value x: Double) {
        if let v = value {
            value = (x - v) * k + v
            return
        }
        seedSum += x
        seen += 1
        if seen == period { value = seedSum / Double(period) }
    }
}

/// Linearly weighted moving average of the close (TA-Lib `WMA`): weights
/// 1…`period`, newest heaviest, over `period·(period+1)/2`.
///
/// O(1): the weighted sum gains `period·x` and loses the plain sum of the
/// previous window (every older value drops one weight step). Both sums are
/// double-double: in `Double` the plain sum's rounding errors add up inside the
/// weighted sum (about 6e-6 off after 66,000 BTC minutes, where TA-Lib 0.6+
/// is exact), in double-double they stay near 1e-32 of the sums.
public struct WMA: Indicator {
    /// Window length in bars.
    public let period: Int
    private let divider: Double
    private var window: RingBuffer<Double>
    private var plainSum = DoubleDouble.zero
    private var weightedSum = DoubleDouble.zero
    /// The latest WMA; nil until `period` values arrived.
    public private(set) var value: Double?

    /// A WMA over `period` (≥ 1) bars.
    public init(period: Int) {
        self.period = period
        divider = Double(period * (period + 1) / 2)
        window = RingBuffer(capacity: period)
    }

    /// Feeds the bar's close.
    public mutating func update(_ bar: BarPrices) {
        let x = bar.close
        if let old = window.push(x) {
            // Every value of the previous window drops one weight step; the oldest drops out.
            weightedSum = weightedSum - plainSum
            plainSum = plainSum - DoubleDouble(old)
        }
        plainSum = plainSum + DoubleDouble(x)
        weightedSum = weightedSum + DoubleDouble.product(x, Double(window.count))
        if window.isFull { value = weightedSum.divided(by: divider).value }
    }
}
