import ArenaCore

/// Thresholds of the regime rules. The defaults follow the seed system
/// (ADX 25, Bollinger width 0.04, breakout 0.2 % beyond a 20-bar range).
public struct RegimeThresholds: Sendable, Hashable {
    /// ADX at or above which a market trends.
    public var trendADX: Double = 25
    /// ADX at or above which a weak trend is called (below `trendADX`).
    public var weakTrendADX: Double = 20
    /// Efficiency at or above which a trend is strong.
    public var strongEfficiency: Double = 0.5
    /// ATR percentile at or above which volatility is high.
    public var highVolatilityPercentile: Double = 90
    /// ATR percentile at or below which volatility is low…
    public var lowVolatilityPercentile: Double = 10
    /// …together with a Bollinger width below this.
    public var narrowBollingerWidth: Double = 0.04
    /// A close beyond the prior range's high (low) by this factor is a breakout…
    public var breakoutFactor: Double = 1.002
    /// …when volume runs at least this far above its longer-run level.
    public var breakoutVolumeTrend: Double = 1.2

    public init() {}
}

/// Classifies each closed bar's market into a ``MarketRegime`` (spec §4) from
/// ADX, Bollinger width and ATR percentile (given by the indicator set) and
/// from what it measures itself, incrementally: the efficiency ratio, the
/// volume trend and breakouts of the prior range.
///
/// Rules, first match wins (each reading reports its inputs):
/// 1. ATR percentile ≥ `highVolatilityPercentile` → `HIGH_VOLATILITY`;
/// 2. a breakout of the prior `rangeBars` range with volume trend ≥ `breakoutVolumeTrend` → `BREAKOUT`;
/// 3. ADX ≥ `trendADX` and efficiency ≥ `strongEfficiency` → `STRONG_TREND`;
/// 4. ADX ≥ `weakTrendADX` → `WEAK_TREND`;
/// 5. ATR percentile ≤ `lowVolatilityPercentile` and Bollinger width < `narrowBollingerWidth` → `LOW_VOLATILITY`;
/// 6. otherwise `RANGE`.
/// No reading until ADX, Bollinger width, ATR percentile, efficiency and volume trend all exist.
public struct RegimeClassifier: Sendable {
    public let thresholds: RegimeThresholds
    /// Bars in the efficiency window and in the breakout range.
    public let rangeBars: Int
    /// Bars of the short and long volume averages.
    public let shortVolumeBars: Int, longVolumeBars: Int

    /// The last `rangeBars + 1` closes: the net move of the efficiency window.
    private var closes: RingBuffer<Double>
    /// Mean absolute close-to-close step over the window: its path length / `rangeBars`.
    private var steps: SMA
    private var highs: RollingExtremum
    private var lows: RollingExtremum
    private var volumes: SMA
    private var longVolumes: SMA
    private var history = RingBuffer<MarketRegime>(capacity: 5)

    public init(thresholds: RegimeThresholds = RegimeThresholds(), rangeBars: Int = 20, shortVolumeBars: Int = 5, longVolumeBars: Int = 20) {
        precondition(rangeBars >= 2 && shortVolumeBars >= 1 && longVolumeBars > shortVolumeBars)
        self.thresholds = thresholds
        self.rangeBars = rangeBars
        self.shortVolumeBars = shortVolumeBars
        self.longVolumeBars = longVolumeBars
        closes = RingBuffer(capacity: rangeBars + 1)
        steps = SMA(period: rangeBars)
        highs = RollingExtremum(period: rangeBars, kind: .maximum)
        lows = RollingExtremum(period: rangeBars, kind: .minimum)
        volumes = SMA(period: shortVolumeBars)
        longVolumes = SMA(period: longVolumeBars)
    }

    /// Feeds a closed bar with the indicator values at that bar; returns the reading once warm.
    public mutating func update(_ bar: Bar, adx: Double?, bollingerWidth: Double?, atrPercentile: Double?) -> RegimeReading? {
        let close = bar.close.doubleValue, high = bar.high.doubleValue, low = bar.low.doubleValue
        // The breakout compares with the range *before* this bar.
        var breakout = 0
        if highs.isFull, let priorHigh = highs.value, let priorLow = lows.value {
            if close > priorHigh * thresholds.breakoutFactor { breakout = 1 } else if close < priorLow / thresholds.breakoutFactor { breakout = -1 }
        }
        highs.push(high)
        lows.push(low)
        if let previous = closes.newest { steps.update(value: abs(close - previous)) }
        closes.push(close)
        volumes.update(value: bar.volume.doubleValue)
        longVolumes.update(value: bar.volume.doubleValue)

        var efficiency: Double?
        if closes.isFull, let meanStep = steps.value {
            let path = meanStep * Double(rangeBars)
            efficiency = path > 0 ? min(1, abs(close - closes.oldest!) / path) : 0
        }
        var volumeTrend: Double?
        if let short = volumes.value, let long = longVolumes.value, long > 0 { volumeTrend = short / long }
        let inputs = RegimeInputs(
            adx: adx, bollingerWidth: bollingerWidth, atrPercentile: atrPercentile, efficiency: efficiency,
            volumeTrend: volumeTrend, breakout: breakout
        )
        guard let regime = Self.classify(inputs, thresholds) else { return nil }
        let reading = RegimeReading(regime: regime, inputs: inputs, history: history.elements)
        history.push(regime)
        return reading
    }

    /// The rules above; nil while an input is missing.
    static func classify(_ i: RegimeInputs, _ t: RegimeThresholds) -> MarketRegime? {
        guard let adx = i.adx, let width = i.bollingerWidth, let atrPct = i.atrPercentile,
              let efficiency = i.efficiency, let volumeTrend = i.volumeTrend else { return nil }
        if atrPct >= t.highVolatilityPercentile { return .highVolatility }
        if i.breakout != 0 && volumeTrend >= t.breakoutVolumeTrend { return .breakout }
        if adx >= t.trendADX && efficiency >= t.strongEfficiency { return .strongTrend }
        if adx >= t.weakTrendADX { return .weakTrend }
        if atrPct <= t.lowVolatilityPercentile && width < t.narrowBollingerWidth { return .lowVolatility }
        return .range
    }
}
