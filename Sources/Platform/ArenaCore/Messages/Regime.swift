/// The market regime of one symbol (spec §4), as models see it in snapshots.
public enum MarketRegime: String, WireEnum {
    case strongTrend = "STRONG_TREND"
    case weakTrend = "WEAK_TREND"
    case range = "RANGE"
    case breakout = "BREAKOUT"
    case highVolatility = "HIGH_VOLATILITY"
    case lowVolatility = "LOW_VOLATILITY"
}

/// What a regime was decided from, reported with it so a model (or a person)
/// can see why. Nil inputs were not available yet (warm-up).
public struct RegimeInputs: Sendable, Hashable, Codable {
    /// ADX (0–100).
    public var adx: Double?
    /// Bollinger band width, (upper − lower) / middle.
    public var bollingerWidth: Double?
    /// Percentile rank (0–100) of the current ATR among recent ATRs.
    public var atrPercentile: Double?
    /// Kaufman efficiency ratio (0–1): net move / path length over the window.
    public var efficiency: Double?
    /// Recent volume over longer-run volume (1 = unchanged).
    public var volumeTrend: Double?
    /// +1 when the close broke above the prior range, −1 below, 0 inside.
    public var breakout: Int

    public init(adx: Double?, bollingerWidth: Double?, atrPercentile: Double?, efficiency: Double?, volumeTrend: Double?, breakout: Int) {
        self.adx = adx
        self.bollingerWidth = bollingerWidth
        self.atrPercentile = atrPercentile
        self.efficiency = efficiency
        self.volumeTrend = volumeTrend
        self.breakout = breakout
    }
}

/// A regime with its inputs and the regimes before it (newest last).
public struct RegimeReading: Sendable, Hashable, Codable {
    public var regime: MarketRegime
    public var inputs: RegimeInputs
    /// The previous regimes, oldest first (at most five).
    public var history: [MarketRegime]

    public init(regime: MarketRegime, inputs: RegimeInputs, history: [MarketRegime]) {
        self.regime = regime
        self.inputs = inputs
        self.history = history
    }
}
