import Foundation

/// The true range of a bar against the previous close, as TA-Lib's `TRUE_RANGE` macro.
@inlinable func trueRange(high: Double, low: Double, previousClose: Double) -> Double {
    var range = high - low
    let up = abs(high - previousClose)
    if up > range { range = up }
    let down = abs(low - previousClose)
    if down > range { range = down }
    return range
}

/// Wilder's average true range (TA-Lib `ATR`).
///
/// The first bar has no true range; the first value, at bar `period`, is the
/// mean of the first `period` true ranges, then `atr = (atr·(n−1) + tr) / n`.
public struct ATR: Indicator {
    /// Smoothing length in bars.
    public let period: Int
    private var previousClose: Double?
    private var ranges = 0
    private var seedSum = 0.0
    /// The latest ATR; nil for the first `period` bars.
    public private(set) var value: Double?

    /// An ATR over `period` (≥ 1) bars.
    public init(period: Int) { self.period = period }

    /// Feeds the bar's high, low and close.
    public mutating func update(_ bar: BarPrices) {
        defer { previousClose = bar.close }
        guard let previous = previousClose else { return }
        let tr = trueRange(high: bar.high, low: bar.low, previousClose: previous)
        let n = Double(period)
        if var atr = value {
            atr *= n - 1
            atr += tr
            value = atr / n
            return
        }
        seedSum += tr
        ranges += 1
        if ranges == period { value = seedSum / n }
    }
}

/// Bollinger bands of the close (TA-Lib `BBANDS` with an SMA middle band and the
/// same deviation multiple up and down).
///
/// The middle band is TA-Lib's running-sum SMA, bit for bit. The deviation is
/// the population standard deviation of the window, kept by ``RollingMoments``
/// rather than from `mean(x²) − sma²`, which at price levels cancels to noise
/// (TA-Lib 0.6+ is exact there too: a flat window has a width of exactly 0).
public struct BollingerBands: Indicator {
    /// The three bands.
    public struct Value: Sendable, Hashable {
        /// `middle + deviations·σ`.
        public var upper: Double
        /// The SMA.
        public var middle: Double
        /// `middle − deviations·σ`.
        public var lower: Double
    }

    /// Window length in bars.
    public let period: Int
    /// Width of each band in standard deviations.
    public let deviations: Double
    private var mean: SMA
    private var moments: RollingMoments
    /// The latest bands; nil until `period` bars arrived.
    public private(set) var value: Value?

    /// Bands over `period` (≥ 1) bars, `deviations` standard deviations wide.
    public init(period: Int, deviations: Double) {
        self.period = period
        self.deviations = deviations
        mean = SMA(period: period)
        moments = RollingMoments(period: period)
    }

    /// Feeds the bar's close.
    public mutating func update(_ bar: BarPrices) {
        let x = bar.close
        mean.update(value: x)
        moments.push(x)
        guard let middle = mean.value else { return }
        let width = (moments.squaredDeviations / Double(period)).squareRoot() * deviations
        value = Value(upper: middle + width, middle: middle, lower: middle - width)
    }
}
