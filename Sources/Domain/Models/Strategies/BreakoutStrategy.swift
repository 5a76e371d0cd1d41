import ArenaCore

/// `breakout` (spec §12): trade a close through the recent range on heavy volume.
///
/// On the indicator timeframe, at the newest closed bar (close = its close),
/// with the range of the lookback_period bars before it:
/// - **Long entry**: close > highest high × breakout_threshold and volume ≥
///   volume_threshold × the mean volume of those lookback_period bars.
/// - **Short entry** (perpetual only; spot is long-only): close < lowest low /
///   breakout_threshold, the same volume test.
/// - **Exit**: a long closes on a close below the lowest low of the
///   ⌊lookback_period / 2⌋ bars before the newest; a short on a close above
///   their highest high.
/// - **Stop / target**: stop_loss_atr and take_profit_atr × ATR(atr_period)
///   from the last price (a bracket; the target closes all).
/// - **Size**: max_position of NAV; leverage max_leverage on a perpetual.
/// - **Confidence**: entry `0.5 + 0.5 × mean(c(|close − breakout level| / ATR), c(volume ratio / volume_threshold − 1))`,
///   exit `0.5 + 0.5 × c(|close − exit level| / ATR)`, with c clamping to 0…1.
public struct BreakoutStrategy: RuleStrategy {
    public static let schema = ModelSchema(
        kind: "breakout", summary: "range breakouts on volume, exits on a close back through the half-range",
        parameters: [
            .int("lookback_period", 20, 2...1000, "bars whose range the close must break"),
            .number("breakout_threshold", 1.002, 1...1.5, "factor beyond the range high (or below the low) to count as a breakout"),
            .number("volume_threshold", 1.5, 0...100, "volume over its lookback mean needed to enter"),
        ] + ATRExitRule.parameters(stop: 2.0, target: 4.0) + RuleSizing.parameters(maxPosition: 0.25, maxLeverage: 3) + [.symbolScope]
    )

    let lookback: Int, threshold: Double, volumeThreshold: Double
    let exits: ATRExitRule
    let sizing: RuleSizing
    public let symbolScope: Symbol?

    public init(parameters p: ModelParameters) throws(ModelConfigError) {
        lookback = p.int("lookback_period")
        threshold = p.double("breakout_threshold")
        volumeThreshold = p.double("volume_threshold")
        exits = try ATRExitRule(p)
        sizing = RuleSizing(p)
        symbolScope = p.symbolOrAll("symbol")
    }

    /// The bars before the newest that the exit's range covers.
    var exitLookback: Int { lookback / 2 }

    public var needs: MarketNeeds { MarketNeeds(indicators: [exits.item], bars: lookback + 1) }

    public func evaluate(_ entry: SymbolSnapshot, position: PositionState?, input: ModelInput) throws -> RuleSignal {
        let bars = try entry.requireBars(lookback + 1)
        let atr = try entry.require(exits.column), close = try entry.lastClose()
        let base = [NamedValue("close", close), NamedValue(exits.column, atr)]

        if let position {
            let side = RuleSide(of: position)
            let range = PriceRange(bars.dropLast().suffix(exitLookback))
            let inputs = base + range.inputs(exitLookback)
            let level = side == .long ? range.low : range.high
            let broken = side == .long ? close < level : close > level
            let levelText = "\(side == .long ? "low" : "high") \(exitLookback) \(fmt(level))"
            guard broken else { return .none(reason: "holding \(side.word): close \(fmt(close)), \(levelText)", inputs: inputs) }
            return RuleOrder.close(
                position, confidence: ruleConfidence(abs(close - level) / atr),
                rationale: "close \(fmt(close)) \(side == .long ? "<" : ">") \(levelText): breakout failed", inputs: inputs
            )
        }
        let range = PriceRange(bars.dropLast().suffix(lookback))
        let volume = VolumeRatio(bars, lookback: lookback)
        let inputs = base + range.inputs(lookback) + volume.inputs(lookback: lookback)
        let (up, down) = (range.high * threshold, range.low / threshold)
        let volumeOK = volume.ratio >= volumeThreshold
        let long = close > up && volumeOK, short = close < down && volumeOK
        guard let side = RuleSide.entry(long: long, short: short, market: entry.market) else {
            let why = short ? "downside breakout on spot (long-only)" : "no breakout"
            return .none(
                reason: "\(why): close \(fmt(close)), range \(fmt(range.low))–\(fmt(range.high)), vol \(fmt(volume.ratio))×", inputs: inputs
            )
        }
        let level = side == .long ? up : down
        let broke = side == .long
            ? "close \(fmt(close)) > high \(lookback) \(fmt(range.high)) × \(fmt(threshold))"
            : "close \(fmt(close)) < low \(lookback) \(fmt(range.low)) / \(fmt(threshold))"
        return RuleOrder.enter(
            side, size: sizing.fraction, at: entry, leverage: sizing.leverage(on: entry.market),
            exits: exits.exits(atr),
            confidence: ruleConfidence(abs(close - level) / atr, volume.ratio / volumeThreshold - 1),
            rationale: "\(broke), vol \(fmt(volume.ratio))× ≥ \(fmt(volumeThreshold))", inputs: inputs
        )
    }
}

/// The highest high and lowest low of some bars.
struct PriceRange {
    let high: Double, low: Double

    init(_ bars: ArraySlice<SnapshotBar>) {
        high = bars.map(\.high.doubleValue).max() ?? 0
        low = bars.map(\.low.doubleValue).min() ?? 0
    }

    /// `highest_high_N`, `lowest_low_N`.
    func inputs(_ count: Int) -> [NamedValue] { [NamedValue("highest_high_\(count)", high), NamedValue("lowest_low_\(count)", low)] }
}
