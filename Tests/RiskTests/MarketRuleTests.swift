import ArenaCore
import ArenaTesting
import Risk
import Testing

/// Market limits: context, long-only spot, leverage, volatility.
@Suite(.cpuBound) struct MarketRuleTests {
    typealias F = Fixture

    @Test func anEntryWithoutMarketContextIsRejectedAnExitIsNot() {
        var engine = F.engine()
        let none = engine.evaluate(F.decision(), snapshot: nil, account: F.account(), now: F.start)
        #expect(none.verdict.outcome == .rejected && none.verdict.reasons == ["no_market_context"])

        let ethOnly = MarketSnapshot(tick: F.at(60), tickIntervalSeconds: 60, symbols: [F.symbol(F.eth, price: "2500", at: F.at(60))])
        let missing = engine.evaluate(F.decision(at: F.at(60)), snapshot: ethOnly, account: F.account(), now: F.at(60))
        #expect(missing.verdict.reasons == ["no_market_context"])

        let held = F.account(positions: [F.position(quantity: "0.02")])
        let close = engine.evaluate(F.decision(at: F.at(120), action: .sell, intent: .close), snapshot: nil, account: held, now: F.at(120))
        #expect(close.verdict.outcome == .approved)
        #expect(close.verdict.plans.map(\.order.quantity) == [F.d("0.02")])
    }

    @Test(arguments: [MarketKind.spot, .perpetual])
    func shortsOnlyOnPerpetuals(market: MarketKind) {
        var engine = F.engine()
        let short = F.decision(action: .sell, takeProfit: "48000", stopLoss: "51000")
        let result = engine.judge(short, snapshot: F.snapshot(market: market, at: F.start))
        if market == .spot {
            #expect(result.verdict.outcome == .rejected && result.verdict.reasons == ["spot_long_only"])
        } else {
            #expect(result.verdict.outcome == .approved)
            #expect(result.verdict.plans.first?.order.side == .sell)
        }
    }

    @Test(arguments: [
        (MarketKind.perpetual, "2", "2", nil as String?), (.perpetual, "5", "3", "max_leverage"), (.spot, "2", "1", "spot_leverage"),
        (.spot, "1", "1", nil),
    ])
    func leverageCaps(market: MarketKind, asked: String, granted: String, rule: String?) {
        var engine = F.engine()
        let result = engine.judge(F.decision(leverage: asked), snapshot: F.snapshot(market: market, at: F.start))
        #expect(result.verdict.plans.first?.order.leverage == F.d(granted))
        #expect(result.verdict.changes.filter { $0.field == "leverage" }.map(\.rule) == (rule.map { [$0] } ?? []))
        #expect(result.verdict.outcome == (rule == nil ? .approved : .resized))
    }

    @Test func aNonPositiveLeverageIsRejected() {
        var engine = F.engine()
        let result = engine.judge(F.decision(leverage: "0"), snapshot: F.snapshot(market: .perpetual, at: F.start))
        #expect(result.verdict.reasons == ["invalid_leverage"])
    }

    /// The snapshot states the ATR percentile as a rank 0…100; the limits are fractions.
    @Test(arguments: [(50.0, "0.02" as String?, VerdictOutcome.approved), (95, "0.01", .resized), (99, nil, .rejected)])
    func highVolatilityThrottle(percentile: Double, quantity: String?, outcome: VerdictOutcome) {
        var engine = F.engine()
        let result = engine.judge(F.decision(), snapshot: F.snapshot(atrPercentile: percentile, at: F.start))
        #expect(result.verdict.outcome == outcome)
        #expect(result.verdict.plans.first?.order.quantity == quantity.map(F.d))
        let expected: [String] = switch outcome {
        case .resized: ["volatility_throttle"]
        case .rejected: ["volatility_block"]
        default: []
        }
        #expect(result.verdict.reasons == expected)
    }
}
