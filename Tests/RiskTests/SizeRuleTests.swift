import ArenaCore
import ArenaTesting
import Risk
import Testing

/// Size limits: per order, capital in use, open symbols, per-trade risk, notional, step.
@Suite(.cpuBound) struct SizeRuleTests {
    typealias F = Fixture

    @Test func aDecisionWithinEveryLimitIsApprovedUnchanged() {
        var engine = F.engine()
        let result = engine.judge(F.decision())
        #expect(result.verdict.outcome == .approved)
        #expect(result.verdict.changes.isEmpty && result.verdict.reasons.isEmpty)
        let order = result.verdict.plans.first?.order
        #expect(order?.quantity == F.d("0.02"))
        #expect(order?.clientOrderID == .derived(from: "alpha@1722506400000", leg: "entry"))
        #expect(order?.purpose == .entry && order?.reduceOnly == false && order?.type == .market)
        #expect(result.commands == result.verdict.plans.map { .place($0, at: F.start) })
    }

    @Test func maxOrderPctResizesAndSaysWhatAndWhy() {
        var engine = F.engine()
        let result = engine.judge(F.decision(size: "0.5"))
        #expect(result.verdict.outcome == .resized)
        #expect(result.verdict.reasons == ["max_order_pct"])
        // 0.5 × 10 000 / 50 000 = 0.1 → 20 % of NAV = 2 000 / 50 000 = 0.04
        #expect(result.verdict.changes == [VerdictChange(field: "quantity", from: "0.1", to: "0.04", rule: "max_order_pct")])
        #expect(result.verdict.plans.first?.order.quantity == F.d("0.04"))
    }

    /// ETH at 2 500: 1.8 ETH is 4 500 in use (room 500 → 0.01 BTC), 2 ETH is 5 000 (no room), 0.04 ETH is 100.
    @Test(arguments: [("1.8", "0.01" as String?, VerdictOutcome.resized), ("2", nil, .rejected), ("0.04", "0.02", .approved)])
    func maxCapitalInUse(ethQuantity: String, quantity: String?, outcome: VerdictOutcome) {
        var limits = RiskLimits.standard
        limits.maxOpenSymbols = 2
        var engine = F.engine(limits)
        let eth = F.position(F.eth, quantity: ethQuantity, average: "2500")
        let result = engine.judge(F.decision(), account: F.account(positions: [eth]))
        #expect(result.verdict.outcome == outcome)
        #expect(result.verdict.plans.first?.order.quantity == quantity.map(F.d))
        if outcome != .approved { #expect(result.verdict.reasons == ["max_capital_in_use"]) }
    }

    @Test func maxOpenSymbolsBlocksASecondSymbolNotTheHeldOne() {
        var engine = F.engine()
        let holdingETH = F.account(positions: [F.position(F.eth, quantity: "0.1", average: "2500")])
        let other = engine.judge(F.decision(), account: holdingETH)
        #expect(other.verdict.outcome == .rejected && other.verdict.reasons == ["max_open_symbols"])

        let holdingBTC = F.account(positions: [F.position(quantity: "0.01")])
        let add = engine.judge(F.decision(at: F.at(600), intent: .add), account: holdingBTC)
        #expect(add.verdict.outcome == .approved)
    }

    @Test(arguments: [("40000", "65000", "0.02", VerdictOutcome.approved), ("30000", "80000", "0.01", .resized)])
    func maxRiskPerTrade(stop: String, target: String, quantity: String, outcome: VerdictOutcome) {
        var engine = F.engine()
        // 2 % of 10 000 = 200: 10 000 × 0.02 = 200 passes; 20 000 × 0.02 = 400 → 0.01.
        let result = engine.judge(F.decision(takeProfit: target, stopLoss: stop))
        #expect(result.verdict.outcome == outcome)
        #expect(result.verdict.plans.first?.order.quantity == F.d(quantity))
        if outcome == .resized { #expect(result.verdict.changes.map(\.rule) == ["max_risk_per_trade"]) }
        #expect(result.verdict.plans.first?.bracket?.riskAmount == F.d("200"))
    }

    @Test(arguments: [(nil as String?, "0.02", VerdictOutcome.approved), ("500", "0.01", .resized)])
    func maxNotionalPerOrder(maximum: String?, quantity: String, outcome: VerdictOutcome) {
        var limits = RiskLimits.standard
        limits.maxNotionalPerOrder = maximum.map(F.d)
        var engine = F.engine(limits)
        let result = engine.judge(F.decision())
        #expect(result.verdict.outcome == outcome)
        #expect(result.verdict.plans.first?.order.quantity == F.d(quantity))
        if outcome == .resized { #expect(result.verdict.reasons == ["max_notional_per_order"]) }
    }

    @Test func quantitiesRoundDownToTheStepAndZeroIsRejected() {
        var engine = F.engine()
        // 1 000 / 30 000 = 0.0333… → 0.03333
        let rounded = engine.judge(F.decision(takeProfit: "32000", stopLoss: "29500"), snapshot: F.snapshot(price: "30000", at: F.start))
        #expect(rounded.verdict.plans.first?.order.quantity == F.d("0.03333"))

        var limits = RiskLimits.standard
        limits.quantityStep = 1
        var coarse = F.engine(limits)
        let zero = coarse.judge(F.decision())
        #expect(zero.verdict.outcome == .rejected && zero.verdict.reasons == ["below_min_quantity"])
    }

    @Test(arguments: ["0", "-0.1", "1.5"])
    func aSizeOutsideZeroToOneIsRejected(size: String) {
        var engine = F.engine()
        let result = engine.judge(F.decision(size: size))
        #expect(result.verdict.outcome == .rejected && result.verdict.reasons == ["invalid_size"])
    }

    @Test func twapSlicesLargeEntriesOnly() {
        var limits = RiskLimits.standard
        var engine = F.engine(limits)
        #expect(engine.judge(F.decision()).verdict.plans.first?.twap == nil)
        limits.twap = RiskLimits.TWAPPolicy(thresholdNotional: 500, slices: 4, intervalSeconds: 30)
        var sliced = F.engine(limits)
        #expect(sliced.judge(F.decision()).verdict.plans.first?.twap == TWAPPlan(slices: 4, intervalSeconds: 30))
    }

    @Test func extremeValuesNeverCrash() {
        var engine = F.engine()
        let huge = engine.judge(F.decision(), account: F.account(nav: FixedDecimal.max.description))
        #expect(huge.verdict.outcome != .approved || huge.verdict.plans.allSatisfy { $0.order.quantity.isPositive })
        let tiny = engine.judge(F.decision(at: F.at(3600)), snapshot: F.snapshot(price: "0.000000000001", at: F.at(3600)))
        #expect(tiny.verdict.outcome == .rejected)
    }
}
