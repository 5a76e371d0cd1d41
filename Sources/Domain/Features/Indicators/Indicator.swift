import ArenaCore
import MarketData

/// A technical indicator updated once per closed bar in O(1) (ATR percentile:
/// O(log W), see ``ATRPercentile``), computed in `Double` from the bars' exact
/// decimals (ADR 0009) and equal to TA-Lib's output on the same input.
public protocol Indicator: Sendable {
    /// What one update yields: a number, or a struct for multi-output indicators.
    associatedtype Value: Sendable
    /// Feeds one closed bar, already converted to `Double`.
    mutating func update(_ bar: BarPrices)
    /// The value after the latest bar; nil during warm-up.
    var value: Value? { get }
}

extension Indicator {
    /// Feeds one closed bar.
    public mutating func update(_ bar: Bar) { update(BarPrices(bar)) }
}

/// The prices and volume of one bar as the nearest `Double`s to their exact decimals.
public struct BarPrices: Sendable, Hashable {
    /// Open price.
    public var open: Double
    /// High price.
    public var high: Double
    /// Low price.
    public var low: Double
    /// Close price.
    public var close: Double
    /// Base-asset volume.
    public var volume: Double

    /// Prices given as `Double`s (tests, benchmarks).
    public init(open: Double, high: Double, low: Double, close: Double, volume: Double) {
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    /// The bar's decimals, each rounded once to the nearest `Double` (see ``FixedDecimal/nearestDouble``).
    public init(_ bar: Bar) {
        self.init(
            open: bar.open.nearestDouble, high: bar.high.nearestDouble, low: bar.low.nearestDouble,
            close: bar.close.nearestDouble, volume: bar.volume.nearestDouble
        )
    }

    /// TA-Lib's typical price, `(high + low + close) / 3`.
    @inlinable public var typicalPrice: Double { (high + low + close) / 3 }
}

extension FixedDecimal {
    /// The `Double` nearest to this exact decimal, as a text parser (`strtod`,
    /// Python's `float`) would give for its decimal text, so indicators see the
    /// same inputs as TA-Lib fed from the same file.
    ///
    /// `raw / 10^12` is `m / 10^e` with trailing zeros of `raw` stripped until
    /// |m| < 2^53; then `m` and `10^e` (e ≤ 12) are both exact in a `Double`, so
    /// one IEEE division is correctly rounded. Prices of up to about nine
    /// million need at most a few 64-bit divisions; other values fall back to
    /// the text parser.
    public var nearestDouble: Double {
        if var m = Int64(exactly: raw) {
            var e = Self.scale
            while m.magnitude >= 1 << 53 {
                guard e > 0, m % 10 == 0 else { return Double(description) ?? doubleValue }
                m /= 10
                e -= 1
            }
            return Double(m) / Self.doublePowers[e]
        }
        return Double(description) ?? doubleValue
    }

    private static let doublePowers: [Double] = (0...12).map { p in (0..<p).reduce(1.0) { r, _ in r * 10 } }
}

/// TA-Lib's `TA_IS_ZERO`: |v| below 1e-14 counts as zero (its `TA_EPSILON`).
@inlinable func taIsZero(_ v: Double) -> Bool { -1e-14 < v && v < 1e-14 }

extension BarPrices {
    /// A parsed kline's prices and volume (as for a bar).
    public init(_ row: KlineRow) {
        self.init(
            open: row.open.nearestDouble, high: row.high.nearestDouble, low: row.low.nearestDouble,
            close: row.close.nearestDouble, volume: row.volume.nearestDouble
        )
    }
}
