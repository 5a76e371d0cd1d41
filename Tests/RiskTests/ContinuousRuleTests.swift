import ArenaCore
import ArenaTesting
import Risk
import Testing

/// Continuous rules: position stop, holding time, kill switch, daily halt.
@Suite(.cpuBound) struct ContinuousRuleTests {
    typealias F = Fixture

    @Test(arguments: [("0.04", "47500", true), ("0.04", "47600", false), ("-0.04", "52500", true), ("-0.04", "47500", false)])
    func positionStop(quantity: String, mark: String, fires: Bool) {
        var engine = F.engine()
        let position = F.position(quantity: quantity, mark: mark, market: .perpetual, openedAt: F.at(-60))
        let reaction = engine.observe(F.account(positions: [position]), now: F.start)
        #expect(reaction.commands.count == (fires ? 1 : 0))
        if fires {
            let order = reaction.commands.first?.plan?.order
            #expect(order?.purpose == .forcedExit && order?.reduceOnly == true && order?.quantity == F.d("0.04"))
            #expect(order?.side == (quantity.hasPrefix("-") ? .buy : .sell))
            #expect(order?.clientOrderID == .derived(from: "alpha/forced/BTCUSDT/\(F.at(-60).milliseconds)", leg: "exit"))
            #expect(reaction.alerts.map(\.kind) == ["position_stop"])
        }
    }

    @Test func aForcedExitFiresOnceAndAgainOnlyForANewPosition() {
        var engine = F.engine()
        let losing = F.account(positions: [F.position(quantity: "0.04", mark: "47000")])
        #expect(engine.observe(losing, now: F.start).commands.count == 1)
        #expect(engine.observe(losing, now: F.at(1)).isEmpty)
        #expect(engine.observe(F.account(), now: F.at(2)).isEmpty)
        let reopened = F.account(positions: [F.position(quantity: "0.04", mark: "47000", openedAt: F.at(3))])
        #expect(engine.observe(reopened, now: F.at(4)).commands.count == 1)
    }

    @Test(arguments: [(71, false), (73, true)])
    func maxHoldingTime(hours: Int64, fires: Bool) {
        var engine = F.engine()
        let held = F.account(positions: [F.position(quantity: "0.04", openedAt: F.at(-hours * 3_600))])
        let reaction = engine.observe(held, now: F.start)
        #expect(reaction.commands.count == (fires ? 1 : 0))
        #expect(reaction.alerts.map(\.kind) == (fires ? ["max_holding_time"] : []))
    }

    @Test func killSwitchFlattensAndHaltsOnce() {
        var engine = F.engine()
        #expect(engine.observe(F.account(nav: "9001", peak: "10000"), now: F.start).isEmpty)
        let hit = engine.observe(F.account(nav: "9000", peak: "10000"), now: F.at(1))
        #expect(hit.commands.map(\.kind) == [.flatten] && hit.commands.first?.modelID == F.alpha)
        #expect(hit.stateChanges.map(\.to) == [.halted])
        #expect(hit.stateChanges.first?.reason == "max_drawdown" && hit.stateChanges.first?.by == "rule:max_drawdown")
        #expect(hit.alerts.map(\.severity) == [.critical] && hit.alerts.first?.message.hasPrefix("kill switch") == true)
        #expect(engine.observe(F.account(nav: "8500", peak: "10000"), now: F.at(2)).isEmpty)
        #expect(engine.state(of: F.alpha)?.state == .halted)
        // A halted model still closes.
        let close = engine.judge(F.decision(at: F.at(3), action: .sell, intent: .close), account: F.account(positions: [F.position(quantity: "0.01")]))
        #expect(close.verdict.outcome == .approved)
    }

    @Test func theDailyHaltLiftsAtTheNextUTCDay() {
        var engine = F.engine()
        #expect(engine.observe(F.account(nav: "9600", dayStart: "10000"), now: F.start).isEmpty)
        let hit = engine.observe(F.account(nav: "9500", dayStart: "10000"), now: F.at(60))
        let midnight = Timestamp(milliseconds: 1_722_556_800_000)  // 2024-08-02T00:00:00Z
        #expect(hit.stateChanges == [
            TradingStateChange(modelID: F.alpha, from: .active, to: .halted, reason: "daily_drawdown", by: "rule:daily_drawdown", until: midnight, time: F.at(60))
        ])
        #expect(hit.alerts.map(\.kind) == ["daily_drawdown"] && hit.commands.isEmpty)
        #expect(engine.observe(F.account(nav: "9400", dayStart: "10000"), now: F.at(120)).isEmpty)
        #expect(engine.judge(F.decision(at: F.at(180))).verdict.reasons == ["halted"])

        let justBefore = Timestamp(nanoseconds: midnight.nanoseconds - 1)
        #expect(engine.observe(F.account(nav: "9400", dayStart: "10000"), now: justBefore).isEmpty)
        let lifted = engine.observe(F.account(nav: "9400", dayStart: "9400"), now: midnight)
        #expect(lifted.stateChanges.map(\.to) == [.active] && lifted.stateChanges.first?.reason == "halt_expired")
        #expect(engine.judge(F.decision(at: midnight)).verdict.outcome == .approved)
    }

    @Test func aDailyHaltNeverShortensAKillSwitch() {
        var engine = F.engine()
        _ = engine.observe(F.account(nav: "8000", peak: "10000", dayStart: "10000"), now: F.start)
        #expect(engine.state(of: F.alpha) == TradingStateEntry(modelID: F.alpha, state: .halted, reason: "max_drawdown", until: nil))
    }
}
