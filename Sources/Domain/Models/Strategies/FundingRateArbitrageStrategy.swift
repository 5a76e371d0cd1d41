import ArenaCore

/// `funding_rate_arbitrage` (spec §12): hold the side of a perpetual that
/// collects a persistent funding rate (longs pay shorts when it is positive).
///
/// Perpetuals only: on spot it never trades. From the settled funding rates
/// (oldest first; d = min_duration, w = history_window):
/// - **Short entry**: the last d settled rates are all ≥ min_funding_rate (shorts collect).
/// - **Long entry**: the last d settled rates are all ≤ −min_funding_rate (longs collect).
/// - **Exit**: when the latest settled rate no longer pays the position at
///   least exit_funding_rate: a short closes when it is < exit_funding_rate, a
///   long when it is > −exit_funding_rate (so also when the sign flips).
/// - **Stop / target**: none (the exit is by funding).
/// - **Size**: max_position of NAV at max_leverage.
/// - **Confidence**: entry `0.5 + 0.5 × mean(c(|mean of the d rates| / min_funding_rate − 1), share of the last w
///   rates on the entry's side)`, exit `0.5 + 0.5 × c((exit_funding_rate − rate paid) / exit_funding_rate)`,
///   with c clamping to 0…1.
///
/// Inputs: `funding_rate_1` is the latest settled rate, `funding_rate_2` the one before, and so on.
public struct FundingRateArbitrageStrategy: RuleStrategy {
    public static let schema = ModelSchema(
        kind: "funding_rate_arbitrage", summary: "holds the perpetual side that collects a persistent funding rate",
        parameters: [
            .number("min_funding_rate", 0.001, 0.000001...0.1, "rate every settlement of the run must reach (in size) to enter"),
            .number("exit_funding_rate", 0.0005, 0...0.1, "rate below which the position no longer pays enough"),
            .int("min_duration", 3, 1...100, "settlements in a row the rate must hold"),
            .int("history_window", 10, 1...1000, "settlements read for the confidence"),
        ] + RuleSizing.parameters(maxPosition: 0.50, maxLeverage: 1) + [.symbolScope]
    )

    let minRate: FixedDecimal, exitRate: FixedDecimal
    let duration: Int, window: Int
    let sizing: RuleSizing
    public let symbolScope: Symbol?

    public init(parameters p: ModelParameters) throws(ModelConfigError) {
        try p.ordered("exit_funding_rate", "min_funding_rate")
        try p.ordered("min_duration", "history_window", orEqual: true)
        (minRate, exitRate) = (p.decimal("min_funding_rate"), p.decimal("exit_funding_rate"))
        (duration, window) = (p.int("min_duration"), p.int("history_window"))
        sizing = RuleSizing(p)
        symbolScope = p.symbolOrAll("symbol")
    }

    public var needs: MarketNeeds { MarketNeeds(orderFlow: [.fundingRate], fundingHistory: window) }

    public func evaluate(_ entry: SymbolSnapshot, position: PositionState?, input: ModelInput) throws -> RuleSignal {
        let close = NamedValue("close", entry.lastPrice)
        guard entry.market == .perpetual else { return .none(reason: "funding arbitrage trades perpetuals only (spot)", inputs: [close]) }

        if let position {
            let latest = try entry.requireFunding(1).last?.rate ?? .zero
            let side = RuleSide(of: position)
            let paid = side == .short ? latest : -latest
            let inputs = [NamedValue("funding_rate_1", latest.doubleValue), close]
            guard paid < exitRate else {
                return .none(reason: "holding \(side.word): funding \(latest) pays \(paid) ≥ \(exitRate)", inputs: inputs)
            }
            let why = paid.isNegative ? "the sign flipped" : "|rate| < \(exitRate)"
            return RuleOrder.close(
                position, confidence: ruleConfidence((exitRate - paid).doubleValue / exitRate.doubleValue),
                rationale: "funding \(latest): \(why), the \(side.word) no longer collects", inputs: inputs
            )
        }
        let run = try entry.requireFunding(duration).map(\.rate)
        let recent = entry.fundingHistory.suffix(window).map(\.rate)
        let mean = run.reduce(0.0) { $0 + $1.doubleValue } / Double(run.count)
        let long = run.allSatisfy { $0 <= -minRate }, short = run.allSatisfy { $0 >= minRate }
        let sideShare = { (side: RuleSide) in Double(recent.filter { side == .short ? $0.isPositive : $0.isNegative }.count) / Double(recent.count) }
        let collecting: RuleSide = mean < 0 ? .long : .short
        let inputs = run.reversed().enumerated().map { NamedValue("funding_rate_\($0.offset + 1)", $0.element.doubleValue) } + [
            NamedValue("funding_mean_\(duration)", mean), NamedValue("funding_side_share_\(window)", sideShare(collecting)), close,
        ]
        let rates = run.map(\.description).joined(separator: ", ")
        guard let side = RuleSide.entry(long: long, short: short, market: entry.market) else {
            return .none(reason: "no persistent funding: \(rates) (need all beyond ±\(minRate))", inputs: inputs)
        }
        return RuleOrder.enter(
            side, size: sizing.fraction, at: entry, leverage: sizing.leverage(on: entry.market), exits: nil,
            confidence: ruleConfidence(abs(mean) / minRate.doubleValue - 1, sideShare(side)),
            rationale: "funding \(rates) \(side == .short ? "≥ " : "≤ −")\(minRate) for \(duration) settlements: the \(side.word) collects",
            inputs: inputs
        )
    }
}
