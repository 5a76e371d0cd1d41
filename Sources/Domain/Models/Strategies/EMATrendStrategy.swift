import ArenaCore

/// `ema_trend` (spec §12): follow a trend whose three EMAs are stacked.
///
/// On the indicator timeframe, at the newest closed bar:
/// - **Long entry**: EMA(ema_fast) > EMA(ema_medium) > EMA(ema_slow), RSI(14)
///   in [rsi_min, rsi_max], and the bar's volume ≥ volume_threshold × the mean
///   volume of the 20 bars before it.
/// - **Short entry** (perpetual only; spot is long-only): EMA fast < medium <
///   slow, RSI(14) in [rsi_short_min, rsi_short_max], the same volume test.
/// - **Exit**: a long closes when EMA fast < EMA medium, a short when EMA fast > EMA medium.
/// - **Stop / target**: stop_loss_atr and take_profit_atr × ATR(atr_period)
///   from the last price (a bracket; the target closes all).
/// - **Size**: max_position of NAV; leverage max_leverage on a perpetual.
/// - **Confidence**: entry `0.5 + 0.5 × mean(c(|fast − slow| / ATR), c(volume ratio / volume_threshold − 1))`,
///   exit `0.5 + 0.5 × c(|fast − medium| / ATR)`, with c clamping to 0…1.
public struct EMATrendStrategy: RuleStrategy {
    public static let schema = ModelSchema(
        kind: "ema_trend", summary: "trend following on three stacked EMAs with RSI and volume confirmation",
        parameters: [
            .int("ema_fast", 9, 2...500, "fast EMA period"),
            .int("ema_medium", 21, 3...1000, "medium EMA period"),
            .int("ema_slow", 55, 4...2000, "slow EMA period"),
        ] + ATRExitRule.parameters(stop: 2.0, target: 4.0) + RuleSizing.parameters(maxPosition: 0.20, maxLeverage: 3) + [
            .number("rsi_min", 50, 0...100, "lowest RSI(14) for a long"),
            .number("rsi_max", 70, 0...100, "highest RSI(14) for a long"),
            .number("rsi_short_min", 30, 0...100, "lowest RSI(14) for a short"),
            .number("rsi_short_max", 50, 0...100, "highest RSI(14) for a short"),
            .number("volume_threshold", 1.2, 0...100, "volume over its 20-bar mean needed to enter"),
            .symbolScope,
        ]
    )

    /// The volume mean's lookback and the RSI period (fixed by the strategy).
    static let volumeLookback = 20, rsiPeriod = 14

    let fast: Int, medium: Int, slow: Int
    let exits: ATRExitRule
    let longRSI: ClosedRange<Double>, shortRSI: ClosedRange<Double>
    let volumeThreshold: Double
    let sizing: RuleSizing
    public let symbolScope: Symbol?

    public init(parameters p: ModelParameters) throws(ModelConfigError) {
        try p.ordered("ema_fast", "ema_medium")
        try p.ordered("ema_medium", "ema_slow")
        (fast, medium, slow) = (p.int("ema_fast"), p.int("ema_medium"), p.int("ema_slow"))
        let long = try p.ordered("rsi_min", "rsi_max", orEqual: true), short = try p.ordered("rsi_short_min", "rsi_short_max", orEqual: true)
        exits = try ATRExitRule(p)
        longRSI = long.low...long.high
        shortRSI = short.low...short.high
        volumeThreshold = p.double("volume_threshold")
        sizing = RuleSizing(p)
        symbolScope = p.symbolOrAll("symbol")
    }

    public var needs: MarketNeeds {
        MarketNeeds(
            indicators: ["ema:\(fast)", "ema:\(medium)", "ema:\(slow)", "rsi:\(Self.rsiPeriod)", exits.item],
            bars: Self.volumeLookback + 1
        )
    }

    public func evaluate(_ entry: SymbolSnapshot, position: PositionState?, input: ModelInput) throws -> RuleSignal {
        let f = try entry.require("ema_\(fast)"), m = try entry.require("ema_\(medium)"), s = try entry.require("ema_\(slow)")
        let rsi = try entry.require("rsi_\(Self.rsiPeriod)"), atr = try entry.require(exits.column)
        let volume = VolumeRatio(try entry.requireBars(Self.volumeLookback + 1), lookback: Self.volumeLookback)
        let inputs = [
            NamedValue("ema_\(fast)", f), NamedValue("ema_\(medium)", m), NamedValue("ema_\(slow)", s),
            NamedValue("rsi_\(Self.rsiPeriod)", rsi), NamedValue(exits.column, atr), NamedValue("close", try entry.lastClose()),
        ] + volume.inputs(lookback: Self.volumeLookback)
        let emas = "EMA\(fast) \(fmt(f)), EMA\(medium) \(fmt(m)), EMA\(slow) \(fmt(s))"

        if let position {
            let side = RuleSide(of: position)
            let crossed = side == .long ? f < m : f > m
            guard crossed else { return .none(reason: "holding \(side.word): \(emas)", inputs: inputs) }
            return RuleOrder.close(
                position, confidence: ruleConfidence(abs(f - m) / atr),
                rationale: "EMA\(fast) \(fmt(f)) \(f < m ? "<" : ">") EMA\(medium) \(fmt(m)): \(side.word) trend over", inputs: inputs
            )
        }
        let volumeOK = volume.ratio >= volumeThreshold
        let long = f > m && m > s && longRSI.contains(rsi) && volumeOK
        let short = f < m && m < s && shortRSI.contains(rsi) && volumeOK
        guard let side = RuleSide.entry(long: long, short: short, market: entry.market) else {
            let why = short ? "short trend on spot (long-only)" : "no entry"
            return .none(reason: "\(why): \(emas), RSI \(fmt(rsi)), vol \(fmt(volume.ratio))×", inputs: inputs)
        }
        let band = side == .long ? longRSI : shortRSI
        let order = side == .long ? ">" : "<"
        return RuleOrder.enter(
            side, size: sizing.fraction, at: entry, leverage: sizing.leverage(on: entry.market),
            exits: exits.exits(atr),
            confidence: ruleConfidence(abs(f - s) / atr, volume.ratio / volumeThreshold - 1),
            rationale: "EMA\(fast) \(fmt(f)) \(order) EMA\(medium) \(fmt(m)) \(order) EMA\(slow) \(fmt(s)), RSI \(fmt(rsi)) in "
                + "\(fmt(band.lowerBound))–\(fmt(band.upperBound)), vol \(fmt(volume.ratio))× ≥ \(fmt(volumeThreshold))",
            inputs: inputs
        )
    }
}
