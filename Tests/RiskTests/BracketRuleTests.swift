import ArenaCore
import ArenaTesting
import Risk
import Testing

/// The exit plan: default stop and target, sides, reward/risk, the decision's own bracket.
@Suite(.cpuBound) struct BracketRuleTests {
    typealias F = Fixture

    @Test func anEntryWithoutAStopGetsTheDefaultStop() {
        var engine = F.engine()
        let result = engine.judge(F.decision(takeProfit: "53000", stopLoss: nil))
        #expect(result.verdict.outcome == .resized)
        #expect(result.verdict.changes == [VerdictChange(field: "stop_loss", from: "none", to: "49000", rule: "default_stop")])
        #expect(result.verdict.plans.first?.bracket?.stopLoss == F.d("49000"))

        let short = engine.judge(
            F.decision(F.beta, action: .sell, takeProfit: "47000", stopLoss: nil), account: F.account(F.beta),
            snapshot: F.snapshot(market: .perpetual, at: F.start)
        )
        #expect(short.verdict.plans.first?.bracket?.stopLoss == F.d("51000"))
    }

    @Test func anEntryWithoutATargetGetsOneAtTheDefaultRewardRisk() {
        var engine = F.engine()
        let result = engine.judge(F.decision(takeProfit: nil))
        #expect(result.verdict.changes == [VerdictChange(field: "take_profit", from: "none", to: "52000", rule: "default_take_profit")])
        let bracket = result.verdict.plans.first?.bracket
        #expect(bracket?.takeProfit1 == F.d("52000") && bracket?.takeProfit1Fraction == 1 && bracket?.breakEvenAfterTakeProfit1 == false)
    }

    @Test(arguments: [
        ("52000", "51000", "stop_loss_wrong_side"), ("49500", "49000", "take_profit_wrong_side"), ("52000", "50000", "stop_loss_wrong_side"),
    ])
    func levelsOnTheWrongSideAreRejected(target: String, stop: String, reason: String) {
        var engine = F.engine()
        let result = engine.judge(F.decision(takeProfit: target, stopLoss: stop))
        #expect(result.verdict.outcome == .rejected && result.verdict.reasons == [reason])
    }

    @Test(arguments: [("51000", VerdictOutcome.rejected), ("51500", .approved), ("52000", .approved)])
    func minRewardRisk(target: String, outcome: VerdictOutcome) {
        var engine = F.engine()
        let result = engine.judge(F.decision(takeProfit: target, stopLoss: "49000"))
        #expect(result.verdict.outcome == outcome)
        if outcome == .rejected { #expect(result.verdict.reasons == ["min_reward_risk"]) }
    }

    @Test func theDecisionsBracketIsKeptWithItsLevelsAndTheFinal1R() {
        var engine = F.engine()
        let asked = Bracket(
            entryReference: F.d("50000"), stopLoss: F.d("49000"), takeProfit1: F.d("51500"), takeProfit1Fraction: F.d("0.5"),
            takeProfit2: F.d("53000"), breakEvenAfterTakeProfit1: true, timeStopSeconds: 3_600
        )
        let result = engine.judge(F.decision(takeProfit: nil, stopLoss: nil, bracket: asked))
        #expect(result.verdict.outcome == .approved)
        var expected = asked
        expected.riskAmount = F.d("20")
        #expect(result.verdict.plans.first?.bracket == expected)

        var wrongTP2 = asked
        wrongTP2.takeProfit2 = F.d("49900")
        let bad = engine.judge(F.decision(at: F.at(600), bracket: wrongTP2))
        #expect(bad.verdict.reasons == ["take_profit_wrong_side"])
    }
}
