import ArenaCore

/// The model kinds of the order-flow scorer, for the catalogue.
public enum OrderFlowModels {
    /// Every order-flow kind.
    public static let all: [any TradingModel.Type] = [OrderFlowModel.self]
}

/// The order-flow scorer (spec §5 kind 2, §13; seed 003): a layered score
/// of CVD, large trades, crowding, open interest, funding and liquidations
/// under the `v51_baseline` or `v52_8signals` profile, entering at the
/// threshold with an ATR bracket (TP1 closes half and moves the stop to
/// break-even, TP2, a time stop), a per-symbol cooldown read from the model's
/// own history, and flips.
///
/// Per symbol in scope: flat, it opens when the CVDs agree, the score
/// reaches the threshold and the symbol is out of cooldown (on spot only
/// longs); holding, a reading of the other side scoring at least the
/// threshold flips the position on a perpetual (close only on spot, without
/// CVD consensus, or in cooldown: cooldown never blocks a close). Among
/// symbols, a close or flip comes first, then the highest-scoring entry
/// (ties to the first symbol); otherwise it HOLDs naming each symbol's reason.
public struct OrderFlowModel: TradingModel {
    public static let schema = ModelSchema(
        kind: "orderflow",
        summary: "order-flow scorer: CVD, P99 large trades, crowding, open interest, funding, liquidations; ATR bracket, tiers, cooldown, flips",
        parameters: [
            ParameterSpec("profile", .choice(OrderFlowProfile.all.map(\.name)), default: OrderFlowProfile.v52.name, "layer weights and ATR bracket"),
            .number("threshold", 75, 0...200, "entry and flip score"),
            .number("heavy_threshold", 85, 0...200, "score of the heavy tier"),
            .number("heavy_multiplier", 1.5, 1...5, "size multiplier of the heavy tier"),
            .int("cooldown_minutes", 10, 0...1_440, "minutes after an entry before the symbol's next one"),
            .number("risk_per_trade", 0.02, 0.0001...0.5, "1R as a fraction of NAV"),
            .number("max_position", 0.2, 0.000001...10, "largest position as a fraction of NAV"),
            .int("time_stop_minutes", 60, 1...10_080, "minutes before an open position is closed at market"),
            .symbolScope,
        ],
        workload: .cpu
    )

    /// The weights and bracket multiples.
    public let profile: OrderFlowProfile
    /// Threshold, tiers, cooldown, risk and size.
    public let settings: OrderFlowSettings
    /// The one symbol traded, or nil for every symbol of the snapshot.
    public let symbolScope: Symbol?

    public init(parameters: ModelParameters) throws(ModelConfigError) {
        guard let profile = OrderFlowProfile.named(parameters.word("profile")) else {
            throw .wrongType(key: "profile", value: parameters.word("profile"), expected: "a profile")
        }
        self.profile = profile
        settings = OrderFlowSettings(
            threshold: parameters.double("threshold"), heavyThreshold: parameters.double("heavy_threshold"),
            heavyMultiplier: parameters.decimal("heavy_multiplier"), cooldownSeconds: Int64(parameters.int("cooldown_minutes")) * 60,
            riskPerTrade: parameters.decimal("risk_per_trade"), maxPosition: parameters.decimal("max_position"),
            timeStopSeconds: Int64(parameters.int("time_stop_minutes")) * 60
        )
        guard settings.heavyThreshold >= settings.threshold else {
            throw .inconsistent(key: "heavy_threshold", reason: "\(fmt(settings.heavyThreshold)) is below threshold \(fmt(settings.threshold))")
        }
        symbolScope = parameters.symbolOrAll("symbol")
    }

    /// ATR(5m, 14); CVD and large trades (required); open interest, long/short
    /// ratio, top-trader share and (v52) liquidations, optional; for v52 the
    /// settled funding history, optional so that spot is accepted (its funding
    /// layer then scores 0). The funding rate itself is read where the snapshot
    /// has it and not declared: ``OrderFlowInput/fundingRate`` is a required input.
    public var needs: MarketNeeds {
        MarketNeeds(
            indicators: ["atr:\(Self.atrPeriod)"], timeframe: .m5, bars: 1, orderFlow: profile.optionalInputs.union([.cvd, .largeTrades]),
            fundingHistory: profile.fundingHistory, fundingHistoryIsOptional: true
        )
    }

    /// The ATR period (14) and its column.
    static let atrPeriod = 14
    static let atrColumn = "atr_\(atrPeriod)"

    public func decide(_ input: ModelInput) async throws -> ModelProposal { try decideNow(input) }

    /// The decision, synchronously (scoring never waits).
    public func decideNow(_ input: ModelInput) throws -> ModelProposal {
        let symbols = symbolScope.map { [$0] } ?? input.snapshot.symbols.map(\.symbol)
        var best: OrderFlowVerdict?
        var holds: [String] = []
        for symbol in symbols {
            let verdict = try self.verdict(symbol, input)
            if verdict.kind == .hold { holds.append(verdict.proposal.rationale) }
            if best.map({ verdict.outranks($0) }) ?? true { best = verdict }
        }
        guard var chosen = best?.proposal else { return .hold("no symbol in scope") }
        if chosen.action == .hold, holds.count > 1 { chosen.rationale = holds.joined(separator: "; ") }
        return chosen
    }
}
