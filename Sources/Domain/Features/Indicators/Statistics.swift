import Foundation

/// Realised volatility: the sample standard deviation (n − 1 denominator) of
/// the last `period` log returns `ln(close / previous close)`, optionally
/// annualised by `sqrt(periodsPerYear)`.
///
/// Annualisation is explicit because it depends on the bar length and the
/// market's hours: crypto trades around the clock, so 1m bars give
/// 525,600 periods a year (365 × 1440) and 1h bars 8,760. With no factor the
/// value is per bar. The moments are kept by ``RollingMoments``.
public struct RealisedVolatility: Indicator {
    /// Number of returns in the window (≥ 2).
    public let period: Int
    /// Bars per year used to annualise, or nil for per-bar volatility.
    public let periodsPerYear: Double?
    private var previousClose: Double?
    private var returns: RollingMoments
    /// The latest volatility; nil for the first `period` bars.
    public private(set) var value: Double?

    /// A volatility over `period` (≥ 2) returns, annualised by `periodsPerYear` when given.
    public init(period: Int, periodsPerYear: Double? = nil) {
        self.period = period
        self.periodsPerYear = periodsPerYear
        returns = RollingMoments(period: period)
    }

    /// Feeds the bar's close.
    public mutating func update(_ bar: BarPrices) {
        defer { previousClose = bar.close }
        guard let previous = previousClose else { return }
        returns.push(log(bar.close / previous))
        guard returns.isFull else { return }
        let sd = (returns.squaredDeviations / Double(period - 1)).squareRoot()
        value = periodsPerYear.map { sd * $0.squareRoot() } ?? sd
    }
}

/// Where the current ATR stands among the last `window` ATR values (itself
/// included), as a percentile rank in (0, 100]: the percentage of those values
/// that are less than or equal to it. Ties therefore count as below: the
/// largest value ranks 100, and a window of equal values ranks 100 throughout.
///
/// The window is also kept sorted, so each update costs a binary search for the
/// value leaving and one for the value entering, plus a move of the entries
/// between them: O(log W) comparisons and at most W element moves, no rescan.
public struct ATRPercentile: Indicator {
    /// The ATR's smoothing length in bars.
    public let atrPeriod: Int
    /// Number of ATR values ranked against.
    public let window: Int
    private var atr: ATR
    private var recent: RingBuffer<Double>
    private var sorted: [Double] = []
    /// The latest percentile rank; nil until `window` ATR values exist.
    public private(set) var value: Double?

    /// A rank of ATR(`atrPeriod`) among its last `window` (≥ 1) values.
    public init(atrPeriod: Int, window: Int) {
        self.atrPeriod = atrPeriod
        self.window = window
        atr = ATR(period: atrPeriod)
        recent = RingBuffer(capacity: window)
        sorted.reserveCapacity(window)
    }

    /// Feeds the bar's high, low and close.
    public mutating func update(_ bar: BarPrices) {
        atr.update(bar)
        guard let current = atr.value else { return }
        if let old = recent.push(current) { sorted.remove(at: Self.firstIndex(notBelow: old, in: sorted)) }
        sorted.insert(current, at: Self.firstIndex(notBelow: current, in: sorted))
        guard recent.isFull else { return }
        let atOrBelow = Self.firstIndex(above: current, in: sorted)
        value = 100 * Double(atOrBelow) / Double(window)
    }

    /// The first index whose value is ≥ `x` (binary search on ascending `values`).
    static func firstIndex(notBelow x: Double, in values: [Double]) -> Int {
        var lo = 0, hi = values.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if values[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The first index whose value is > `x` (binary search on ascending `values`).
    static func firstIndex(above x: Double, in values: [Double]) -> Int {
        var lo = 0, hi = values.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if values[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
