import ArenaCore
import ArenaTesting
import Risk
import Testing

/// The switches a study uses: no default exits (`default_stop_pct: null`) and entries sized at the
/// fill (`size_at_fill: true`).
@Suite(.cpuBound) struct StudyRuleTests {
    typealias F = Fixture

    static var studyLimits: RiskLimits {
        var limits = RiskLimits.standard
        limits.defaultStopPct = nil
        limits.maxOrderPct = nil
        limits.maxCapitalInUsePct = nil
        limits.maxRiskPerTradePct = nil
        limits.maxNotionalPerOrder = nil
        limits.minRewardRisk = nil
        limits.twap = nil
        limits.quantityStep = FixedDecimal(raw: 1)
        limits.sizeAtFill = true
        return limits
    }

    @Test func withoutDefaultExitsAnEntryNamingNoneGetsNoBracketAndTheWholeSize() {
        var engine = F.engine(Self.studyLimits)
        let result = engine.judge(F.decision(size: "1", takeProfit: nil, stopLoss: nil))
        #expect(result.verdict.outcome == .approved)
        let plan = result.verdict.plans.first
        #expect(plan?.bracket == nil)
        // All of NAV at the decision's price as the estimate, and as the budget the venue sizes from.
        #expect(plan?.order.quantity == F.d("0.2"))
        #expect(plan?.order.quoteBudget == F.d("10000"))
    }

    @Test func withoutADefaultStopATargetAloneIsRejected() {
        var engine = F.engine(Self.studyLimits)
        let result = engine.judge(F.decision(takeProfit: "52000", stopLoss: nil))
        #expect(result.verdict.outcome == .rejected && result.verdict.reasons == ["stop_loss_missing"])
    }

    @Test func aResizedEntryCarriesTheBudgetOfWhatIsLeft() {
        var limits = Self.studyLimits
        limits.maxOrderPct = F.d("0.5")
        var engine = F.engine(limits)
        let result = engine.judge(F.decision(size: "1", takeProfit: nil, stopLoss: nil))
        #expect(result.verdict.outcome == .resized)
        #expect(result.verdict.plans.first?.order.quoteBudget == F.d("5000"))
    }

    @Test func byDefaultTheQuantityIsFixedAtTheDecisionsPrice() {
        var engine = F.engine()
        let result = engine.judge(F.decision())
        #expect(result.verdict.plans.first?.order.quoteBudget == nil)
        #expect(result.verdict.plans.first?.bracket != nil)
    }
}
