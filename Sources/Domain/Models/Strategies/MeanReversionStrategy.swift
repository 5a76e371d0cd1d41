import ArenaCore

/// `mean_reversion` (spec §12): buy a close stretched far below its mean, sell
/// one stretched far above, and get out as it comes back.
///
/// On the indicator timeframe, at the newest closed bar: z = (close −
/// SMA(ma_period)) / σ, σ the population standard deviation of the last
/// std_period closes (the newest included).
/// - **Long entry**: z ≤ −entry_std and RSI(rsi_period) ≤ rsi_oversold.
/// - **Short entry** (perpetual only; spot is long-only): z ≥ entry_std and RSI ≥ rsi_overbought.
/// - **Exit**: a long closes when z ≥ −exit_std, a short when z ≤ exit_std.
/// - **Stop / target**: stop stop_loss_pct below (long) or above (short) the
///   last price; target the exit level SMA ∓ exit_std × σ (rounded to 8 places). No bracket.
/// - **Size**: max_position of NAV; leverage max_leverage on a perpetual.
/// - **Confidence**: entry `0.5 + 0.5 × mean(c(|z| − entry_std), c(RSI distance past its bound / 10))`,
///   exit `0.5 + 0.5 × c(distance of z past ∓exit_std)`, with c clamping to 0…1.
public struct MeanReversionStrategy: RuleStrategy {
    public static let schema = ModelSchema(
        kind: "mean_reversion", summary: "z-score of the close against its moving average, confirmed by RSI",
        parameters: [
            .int("ma_period", 20, 2...1000, "moving average period"),
            .int("std_period", 20, 2...1000, "standard deviation window"),
            .number("entry_std", 2.0, 0.1...10, "z-score distance to enter"),
            .number("exit_std", 0.5, 0...10, "z-score distance at which to exit"),
            .int("rsi_period", 14, 2...500, "RSI period"),
            .number("rsi_oversold", 30, 0...100, "highest RSI for a long"),
            .number("rsi_overbought", 70, 0...100, "lowest RSI for a short"),
            .number("stop_loss_pct", 0.03, 0.0001...0.5, "stop distance, a fraction of the entry price"),
        ] + RuleSizing.parameters(maxPosition: 0.25, maxLeverage: 2) + [.symbolScope]
    )

    let maPeriod: Int, stdPeriod: Int, entryStd: Double, exitStd: Double
    let rsiPeriod: Int, rsiOversold: Double, rsiOverbought: Double
    let stopFraction: FixedDecimal
    let sizing: RuleSizing
    public let symbolScope: Symbol?

    public init(parameters p: ModelParameters) throws(ModelConfigError) {
        (maPeriod, stdPeriod) = (p.int("ma_period"), p.int("std_period"))
        (exitStd, entryStd) = try p.ordered("exit_std", "entry_std")
        (rsiOversold, rsiOverbought) = try p.ordered("rsi_oversold", "rsi_overbought")
        rsiPeriod = p.int("rsi_period")
        stopFraction = p.decimal("stop_loss_pct")
        sizing = RuleSizing(p)
        symbolScope = p.symbolOrAll("symbol")
    }

    public var needs: MarketNeeds { MarketNeeds(indicators: ["sma:\(maPeriod)", "rsi:\(rsiPeriod)"], bars: stdPeriod) }

    public func evaluate(_ entry: SymbolSnapshot, position: PositionState?, input: ModelInput) throws -> RuleSignal {
        let sma = try entry.require("sma_\(maPeriod)"), rsi = try entry.require("rsi_\(rsiPeriod)")
        let closes = try entry.requireBars(stdPeriod).map(\.close.doubleValue)
        let close = closes.last ?? 0, sigma = Self.populationDeviation(closes)
        var inputs = [
            NamedValue("close", close), NamedValue("sma_\(maPeriod)", sma), NamedValue("stdev_\(stdPeriod)", sigma),
            NamedValue("rsi_\(rsiPeriod)", rsi),
        ]
        guard sigma > 0 else { return .none(reason: "flat window: σ\(stdPeriod) is 0", inputs: inputs) }
        let z = (close - sma) / sigma
        inputs.append(NamedValue("zscore", z))
        let values = "z \(fmt(z)) (close \(fmt(close)), SMA\(maPeriod) \(fmt(sma)), σ \(fmt(sigma))), RSI \(fmt(rsi))"

        if let position {
            let side = RuleSide(of: position)
            // How far z has come back past the exit level, toward the mean.
            let back = side == .long ? z + exitStd : exitStd - z
            guard back >= 0 else { return .none(reason: "holding \(side.word): \(values)", inputs: inputs) }
            return RuleOrder.close(
                position, confidence: ruleConfidence(back),
                rationale: "z \(fmt(z)) \(side == .long ? "≥ −" : "≤ ")\(fmt(exitStd)): reverted toward SMA\(maPeriod) \(fmt(sma))",
                inputs: inputs
            )
        }
        let long = z <= -entryStd && rsi <= rsiOversold
        let short = z >= entryStd && rsi >= rsiOverbought
        guard let side = RuleSide.entry(long: long, short: short, market: entry.market) else {
            return .none(reason: "\(short ? "stretched up on spot (long-only)" : "not stretched"): \(values)", inputs: inputs)
        }
        let stretched = side == .long
            ? "z \(fmt(z)) ≤ −\(fmt(entryStd)), RSI \(fmt(rsi)) ≤ \(fmt(rsiOversold))"
            : "z \(fmt(z)) ≥ \(fmt(entryStd)), RSI \(fmt(rsi)) ≥ \(fmt(rsiOverbought))"
        let rsiMargin = side == .long ? rsiOversold - rsi : rsi - rsiOverbought
        return RuleOrder.enter(
            side, size: sizing.fraction, at: entry, leverage: sizing.leverage(on: entry.market),
            exits: .percent(stop: stopFraction, target: sma - side.sign * exitStd * sigma),
            confidence: ruleConfidence(abs(z) - entryStd, rsiMargin / 10),
            rationale: "\(stretched), SMA\(maPeriod) \(fmt(sma)), σ \(fmt(sigma))", inputs: inputs
        )
    }

    /// The population standard deviation of `xs` (two passes: the mean, then the squared deviations).
    static func populationDeviation(_ xs: [Double]) -> Double {
        guard !xs.isEmpty else { return 0 }
        let n = Double(xs.count)
        let mean = xs.reduce(0, +) / n
        return (xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
    }
}
