import ArenaCore

/// `momentum` (spec §12): ride a strong move confirmed by volume and RSI.
///
/// On the indicator timeframe, at the newest closed bar, with n =
/// momentum_period: rate of change ROC = close / close n bars earlier − 1;
/// volume ratio = the bar's volume / the mean volume of the n bars before it.
/// - **Long entry**: ROC ≥ price_momentum_threshold, volume ratio ≥
///   volume_momentum_threshold, RSI(rsi_period) ≥ 50 + rsi_momentum_threshold.
/// - **Short entry** (perpetual only; spot is long-only): ROC ≤
///   −price_momentum_threshold, the same volume test, RSI ≤ 50 − rsi_momentum_threshold.
/// - **Exit**: a long closes when ROC < 0, a short when ROC > 0.
/// - **Stop / target**: stop_loss_atr and take_profit_atr × ATR(atr_period)
///   from the last price (a bracket; the target closes all).
/// - **Size**: max_position of NAV; leverage max_leverage on a perpetual.
/// - **Confidence**: entry `0.5 + 0.5 × mean(c(|ROC| / price_momentum_threshold − 1), c(volume ratio / volume_momentum_threshold − 1))`,
///   exit `0.5 + 0.5 × c(|ROC| / price_momentum_threshold)`, with c clamping to 0…1.
public struct MomentumStrategy: RuleStrategy {
    public static let schema = ModelSchema(
        kind: "momentum", summary: "rate-of-change momentum with volume and RSI confirmation",
        parameters: [
            .int("momentum_period", 14, 1...1000, "bars the rate of change spans"),
            .number("price_momentum_threshold", 0.05, 0.0001...1, "smallest rate of change to enter"),
            .number("volume_momentum_threshold", 1.3, 0...100, "volume over its mean needed to enter"),
            .int("rsi_period", 14, 2...500, "RSI period"),
            .number("rsi_momentum_threshold", 5, 0...50, "RSI distance from 50 needed to enter"),
        ] + ATRExitRule.parameters(stop: 2.5, target: 5.0) + RuleSizing.parameters(maxPosition: 0.20, maxLeverage: 3) + [.symbolScope]
    )

    let period: Int, priceThreshold: Double, volumeThreshold: Double
    let rsiPeriod: Int, rsiThreshold: Double
    let exits: ATRExitRule
    let sizing: RuleSizing
    public let symbolScope: Symbol?

    public init(parameters p: ModelParameters) throws(ModelConfigError) {
        period = p.int("momentum_period")
        priceThreshold = p.double("price_momentum_threshold")
        volumeThreshold = p.double("volume_momentum_threshold")
        rsiPeriod = p.int("rsi_period")
        rsiThreshold = p.double("rsi_momentum_threshold")
        exits = try ATRExitRule(p)
        sizing = RuleSizing(p)
        symbolScope = p.symbolOrAll("symbol")
    }

    public var needs: MarketNeeds { MarketNeeds(indicators: ["rsi:\(rsiPeriod)", exits.item], bars: period + 1) }

    public func evaluate(_ entry: SymbolSnapshot, position: PositionState?, input: ModelInput) throws -> RuleSignal {
        let bars = try entry.requireBars(period + 1)
        let rsi = try entry.require("rsi_\(rsiPeriod)"), atr = try entry.require(exits.column)
        let close = try entry.lastClose(), before = bars.first?.close.doubleValue ?? 0
        let roc = before > 0 ? close / before - 1 : 0
        let volume = VolumeRatio(bars, lookback: period)
        let inputs = [
            NamedValue("close", close), NamedValue("close_lag_\(period)", before), NamedValue("roc_\(period)", roc),
            NamedValue("rsi_\(rsiPeriod)", rsi), NamedValue(exits.column, atr),
        ] + volume.inputs(lookback: period)
        let values = "ROC\(period) \(fmt(roc * 100))%, vol \(fmt(volume.ratio))×, RSI \(fmt(rsi))"

        if let position {
            let side = RuleSide(of: position)
            let faded = side == .long ? roc < 0 : roc > 0
            guard faded else { return .none(reason: "holding \(side.word): \(values)", inputs: inputs) }
            return RuleOrder.close(
                position, confidence: ruleConfidence(abs(roc) / priceThreshold),
                rationale: "ROC\(period) \(fmt(roc * 100))% turned \(roc < 0 ? "negative" : "positive"): momentum over", inputs: inputs
            )
        }
        let volumeOK = volume.ratio >= volumeThreshold
        let long = roc >= priceThreshold && volumeOK && rsi >= 50 + rsiThreshold
        let short = roc <= -priceThreshold && volumeOK && rsi <= 50 - rsiThreshold
        guard let side = RuleSide.entry(long: long, short: short, market: entry.market) else {
            return .none(reason: "\(short ? "downward momentum on spot (long-only)" : "no momentum"): \(values)", inputs: inputs)
        }
        let rsiBound = side == .long ? "≥ \(fmt(50 + rsiThreshold))" : "≤ \(fmt(50 - rsiThreshold))"
        let rocBound = side == .long ? "≥ \(fmt(priceThreshold * 100))%" : "≤ −\(fmt(priceThreshold * 100))%"
        return RuleOrder.enter(
            side, size: sizing.fraction, at: entry, leverage: sizing.leverage(on: entry.market), exits: exits.exits(atr),
            confidence: ruleConfidence(abs(roc) / priceThreshold - 1, volume.ratio / volumeThreshold - 1),
            rationale: "ROC\(period) \(fmt(roc * 100))% \(rocBound), vol \(fmt(volume.ratio))× ≥ \(fmt(volumeThreshold)), "
                + "RSI \(fmt(rsi)) \(rsiBound)",
            inputs: inputs
        )
    }
}
