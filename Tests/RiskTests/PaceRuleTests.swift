import ArenaCore
import ArenaTesting
import Risk
import Testing

/// Pace limits: trade interval, trades per 24 h, one decision per tick, cooldowns, stop-out guard, order rate, confidence.
@Suite(.cpuBound) struct PaceRuleTests {
    typealias F = Fixture

    /// Limits with only the rule under test slowing entries down.
    static func only(_ adjust: (inout RiskLimits) -> Void) -> RiskLimits {
        var limits = RiskLimits.standard
        limits.minTradeIntervalSeconds = nil
        limits.maxTradesPer24h = nil
        adjust(&limits)
        return limits
    }

    @Test func minTradeInterval() {
        var engine = F.engine()
        #expect(engine.judge(F.decision()).verdict.outcome == .approved)
        let early = engine.judge(F.decision(at: F.at(60)))
        #expect(early.verdict.outcome == .rejected && early.verdict.reasons == ["min_trade_interval"])
        #expect(engine.judge(F.decision(at: F.at(300))).verdict.outcome == .approved)
    }

    @Test func maxTradesPer24h() {
        var engine = F.engine(Self.only { $0.maxTradesPer24h = 2 })
        #expect(engine.judge(F.decision(at: F.at(0))).verdict.outcome == .approved)
        #expect(engine.judge(F.decision(at: F.at(60))).verdict.outcome == .approved)
        let third = engine.judge(F.decision(at: F.at(120)))
        #expect(third.verdict.reasons == ["max_trades_24h"])
        #expect(engine.judge(F.decision(at: F.at(86_400 + 60))).verdict.outcome == .approved)
    }

    /// Entries noted out of time order are counted and pruned like ordered ones.
    @Test func maxTradesPer24hCountsEntriesNotedOutOfOrder() {
        var engine = F.engine(Self.only { $0.maxTradesPer24h = 2 })
        #expect(engine.judge(F.decision(at: F.at(100_000))).verdict.outcome == .approved)
        #expect(engine.judge(F.decision(at: F.at(90_000))).verdict.outcome == .approved)
        #expect(engine.judge(F.decision(at: F.at(100_060))).verdict.reasons == ["max_trades_24h"])
        #expect(engine.judge(F.decision(at: F.at(90_000 + 86_400 + 1))).verdict.outcome == .approved)
        #expect(engine.judge(F.decision(at: F.at(90_000 + 86_400 + 61))).verdict.reasons == ["max_trades_24h"])
        #expect(engine.judge(F.decision(at: F.at(100_000 + 86_400 + 1))).verdict.outcome == .approved)
    }

    @Test func oneDecisionPerModelPerTick() {
        var engine = F.engine(Self.only { _ in })
        #expect(engine.judge(F.decision()).verdict.outcome == .approved)
        let again = engine.judge(F.decision(takeProfit: "53000"))
        #expect(again.verdict.reasons == ["one_decision_per_tick"])
        #expect(engine.judge(F.decision(F.beta), account: F.account(F.beta)).verdict.outcome == .approved)
        #expect(engine.judge(F.decision(at: F.at(60))).verdict.outcome == .approved)
    }

    @Test func cooldownAfterALoss() {
        var engine = F.engine()
        engine.observe(F.fill(purpose: .exit, at: F.start), realizedPnL: F.d("12.5"))
        #expect(engine.judge(F.decision(at: F.at(60))).verdict.outcome == .approved)

        var losing = F.engine()
        losing.observe(F.fill(purpose: .exit, at: F.start), realizedPnL: F.d("-12.5"))
        #expect(losing.judge(F.decision(at: F.at(60))).verdict.reasons == ["loss_cooldown"])
        #expect(losing.judge(F.decision(at: F.at(900))).verdict.outcome == .approved)
    }

    @Test func stopOutGuardPausesAfterThreeStopOutsInSixHours() {
        var engine = F.engine()
        for n in 0..<2 { engine.observe(F.fill(purpose: .stopLoss, at: F.at(Int64(n) * 3_600), n: n), realizedPnL: nil) }
        #expect(engine.judge(F.decision(at: F.at(7_300))).verdict.outcome == .approved)
        engine.observe(F.fill(purpose: .stopLoss, at: F.at(7_400), n: 3), realizedPnL: nil)
        #expect(engine.judge(F.decision(at: F.at(7_800))).verdict.reasons == ["stop_out_guard"])
        // An hour after the third stop-out the pause is over.
        #expect(engine.judge(F.decision(at: F.at(11_000))).verdict.outcome == .approved)
    }

    @Test func orderRateLimitCountsOrdersInTheLastSecond() {
        var engine = F.engine(Self.only { $0.maxOrdersPerSecond = 2 })
        let now = F.at(10)
        #expect(engine.judge(F.decision(at: F.at(1)), now: now).verdict.outcome == .approved)
        #expect(engine.judge(F.decision(at: F.at(2)), now: now).verdict.outcome == .approved)
        #expect(engine.judge(F.decision(at: F.at(3)), now: now).verdict.reasons == ["order_rate_limit"])
        #expect(engine.judge(F.decision(at: F.at(4)), now: F.at(11)).verdict.outcome == .approved)
    }

    @Test(arguments: [(0.49, VerdictOutcome.rejected), (0.5, .approved), (Double.nan, .rejected)])
    func minConfidence(confidence: Double, outcome: VerdictOutcome) {
        var engine = F.engine()
        let result = engine.judge(F.decision(confidence: confidence))
        #expect(result.verdict.outcome == outcome)
        if outcome == .rejected { #expect(result.verdict.reasons == ["min_confidence"]) }
    }
}
