/// The return metrics of one equity curve (spec §8), with the conventions of docs/metrics.md:
/// simple returns per period, annualised with `periodsPerYear`, risk-free rate 0.
///
/// Every figure equals the quantstats 0.0.86 / empyrical-reloaded 0.7.1 function named in its doc
/// comment on the same returns (`proto/python/tests/test_metrics.py` checks to 1e-9).
public struct ReturnMetrics: Sendable, Hashable, Codable {
    /// eₙ / e₀ − 1 (quantstats `comp`).
    public var totalReturn: Double
    /// (1 + total)^(periodsPerYear / periods) − 1 (quantstats `cagr` since 0.0.60-ish counts years
    /// as periods / periodsPerYear; empyrical `annual_return`).
    public var cagr: Double
    /// Sample standard deviation (n − 1) × √periodsPerYear (quantstats `volatility`, empyrical
    /// `annual_volatility`).
    public var volatility: Double
    /// mean / sample std × √periodsPerYear, risk-free 0 (quantstats `sharpe`, empyrical `sharpe_ratio`).
    public var sharpe: Double
    /// mean / √(Σ min(r, 0)² / n) × √periodsPerYear (quantstats `sortino`, empyrical `sortino_ratio`).
    public var sortino: Double
    /// The deepest fall from a running peak of the curve, including its first point, as a negative
    /// fraction (quantstats `max_drawdown`).
    public var maxDrawdown: Double
    /// cagr / |maxDrawdown| (quantstats `calmar`); NaN without a drawdown.
    public var calmar: Double
    /// The best and worst single-period returns (quantstats `best`, `worst`).
    public var bestPeriod: Double
    public var worstPeriod: Double
    /// The number of returns (points − 1).
    public var periods: Int
    /// The annualisation used.
    public var periodsPerYear: Double
    /// The per-period Sharpe ratio (not annualised), the input of the probabilistic Sharpe ratio.
    public var periodSharpe: Double
    /// Sample skewness and excess kurtosis of the returns (pandas `skew`, `kurt`).
    public var skewness: Double
    public var excessKurtosis: Double

    /// Measures `series`; `periodsPerYear` defaults to the series' own frequency.
    public init(_ series: EquitySeries, periodsPerYear: Double? = nil) throws(EquitySeriesError) {
        let annual = periodsPerYear ?? series.inferredPeriodsPerYear
        guard annual.isFinite, annual > 0 else { throw .invalidPeriodsPerYear(annual) }
        let returns = series.returns
        let n = Double(returns.count)
        let first = series.points[0].equity, last = series.points[series.points.count - 1].equity
        let mean = Moments.mean(returns)
        let deviation = Moments.sampleStandardDeviation(returns)
        let downside = (returns.reduce(0) { $0 + min($1, 0) * min($1, 0) } / n).squareRoot()
        let root = annual.squareRoot()

        self.periodsPerYear = annual
        periods = returns.count
        totalReturn = last / first - 1
        cagr = pow(1 + totalReturn, annual / n) - 1
        volatility = deviation * root
        periodSharpe = deviation > 0 ? mean / deviation : .nan
        sharpe = periodSharpe * root
        sortino = downside > 0 ? mean / downside * root : .nan
        maxDrawdown = Self.maxDrawdown(series.points.map(\.equity))
        calmar = maxDrawdown < 0 ? cagr / -maxDrawdown : .nan
        bestPeriod = returns.max() ?? .nan
        worstPeriod = returns.min() ?? .nan
        skewness = Moments.skewness(returns)
        excessKurtosis = Moments.excessKurtosis(returns)
    }

    enum CodingKeys: String, CodingKey {
        case totalReturn, cagr, volatility, sharpe, sortino, maxDrawdown, calmar, bestPeriod, worstPeriod, periods, periodsPerYear
        case periodSharpe, skewness, excessKurtosis
    }

    /// Undefined figures (NaN: the Sharpe ratio of a flat curve) are written as null: JSON has no NaN.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func put(_ value: Double, _ key: CodingKeys) throws {
            if value.isFinite { try c.encode(value, forKey: key) } else { try c.encodeNil(forKey: key) }
        }
        try put(totalReturn, .totalReturn)
        try put(cagr, .cagr)
        try put(volatility, .volatility)
        try put(sharpe, .sharpe)
        try put(sortino, .sortino)
        try put(maxDrawdown, .maxDrawdown)
        try put(calmar, .calmar)
        try put(bestPeriod, .bestPeriod)
        try put(worstPeriod, .worstPeriod)
        try c.encode(periods, forKey: .periods)
        try put(periodsPerYear, .periodsPerYear)
        try put(periodSharpe, .periodSharpe)
        try put(skewness, .skewness)
        try put(excessKurtosis, .excessKurtosis)
    }

    /// Reads what ``encode(to:)`` wrote, null as NaN.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func get(_ key: CodingKeys) throws -> Double { try c.decodeIfPresent(Double.self, forKey: key) ?? .nan }
        totalReturn = try get(.totalReturn)
        cagr = try get(.cagr)
        volatility = try get(.volatility)
        sharpe = try get(.sharpe)
        sortino = try get(.sortino)
        maxDrawdown = try get(.maxDrawdown)
        calmar = try get(.calmar)
        bestPeriod = try get(.bestPeriod)
        worstPeriod = try get(.worstPeriod)
        periods = try c.decode(Int.self, forKey: .periods)
        periodsPerYear = try get(.periodsPerYear)
        periodSharpe = try get(.periodSharpe)
        skewness = try get(.skewness)
        excessKurtosis = try get(.excessKurtosis)
    }

    /// The minimum of value / running peak − 1 over `values` (0 for a curve that never falls).
    public static func maxDrawdown(_ values: [Double]) -> Double {
        var peak = -Double.infinity, deepest = 0.0
        for value in values {
            peak = max(peak, value)
            deepest = min(deepest, value / peak - 1)
        }
        return deepest
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
