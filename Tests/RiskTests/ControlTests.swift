import ArenaCore
import ArenaTesting
import Risk
import Testing

/// Operator controls: states, kill switch, flatten, status, idempotency.
@Suite(.cpuBound) struct ControlTests {
    typealias F = Fixture

    @Test func theGlobalKillSwitchFlattensEveryModelAndHaltsTheArena() {
        var engine = F.engine()
        let outcome = engine.control(F.control("kill-all", .killSwitch, model: nil), now: F.start)
        #expect(outcome.reply.applied && outcome.reply.firstReceipt)
        #expect(outcome.commands.map(\.kind) == [.flatten, .flatten])
        #expect(outcome.commands.map(\.modelID) == [F.alpha, F.beta])
        #expect(outcome.stateChanges.map(\.modelID) == [nil] && outcome.stateChanges.map(\.to) == [.halted])
        #expect(outcome.stateChanges.first?.by == "operator:ops")
        #expect(outcome.alerts.map(\.kind) == ["kill_switch"] && outcome.alerts.first?.severity == .critical)
        #expect(outcome.reply.states.first == TradingStateEntry(modelID: nil, state: .halted, reason: "kill_switch: test", until: nil))
        for model in [F.alpha, F.beta] {
            #expect(engine.judge(F.decision(model), account: F.account(model)).verdict.reasons == ["halted"])
        }
    }

    @Test func aModelKillSwitchFlattensAndHaltsThatModelOnly() {
        var engine = F.engine()
        let outcome = engine.control(F.control("kill-a", .killSwitch, model: F.alpha), now: F.start)
        #expect(outcome.commands.map(\.modelID) == [F.alpha])
        #expect(engine.effectiveState(of: F.alpha) == .halted && engine.effectiveState(of: F.beta) == .active)
    }

    @Test func flattenSendsCommandsWithoutChangingStates() {
        var engine = F.engine()
        let outcome = engine.control(F.control("flat-b", .flatten, model: F.beta), now: F.start)
        #expect(outcome.commands.map(\.kind) == [.flatten] && outcome.stateChanges.isEmpty && outcome.alerts.isEmpty)
        #expect(engine.states.allSatisfy { $0.state == .active })
    }

    @Test func aRepeatedRequestIsAnsweredAndNotAppliedAgain() {
        var engine = F.engine()
        let request = F.control("kill-a", .killSwitch, model: F.alpha)
        _ = engine.control(request, now: F.start)
        _ = engine.control(F.control("resume-a", .setState, model: F.alpha, state: .active), now: F.at(1))
        let repeated = engine.control(request, now: F.at(2))
        #expect(!repeated.reply.firstReceipt && !repeated.reply.applied)
        #expect(repeated.commands.isEmpty && repeated.stateChanges.isEmpty && repeated.records.isEmpty)
        #expect(engine.effectiveState(of: F.alpha) == .active)
    }

    @Test func unknownModelsAndMissingStatesAreRefused() {
        var engine = F.engine()
        let unknown = engine.control(F.control("x", .killSwitch, model: ModelID(unchecked: "gamma")), now: F.start)
        #expect(!unknown.reply.applied && unknown.reply.firstReceipt && unknown.commands.isEmpty)
        #expect(unknown.reply.message.contains("unknown model"))
        let noState = engine.control(F.control("y", .setState, model: F.alpha), now: F.start)
        #expect(!noState.reply.applied && noState.stateChanges.isEmpty)
    }

    @Test func setStateAndStatus() {
        var engine = F.engine()
        let halt = engine.control(F.control("h", .setState, model: F.beta, state: .halted), now: F.start)
        #expect(halt.stateChanges == [
            TradingStateChange(modelID: F.beta, from: .active, to: .halted, reason: "operator: test", by: "operator:ops", until: nil, time: F.start)
        ])
        #expect(halt.alerts.map(\.kind) == ["halted"])
        let status = engine.control(F.control("s", .status, model: nil), now: F.at(1))
        #expect(status.reply.applied && status.stateChanges.isEmpty)
        #expect(status.reply.states.map(\.state) == [.active, .active, .halted])
        #expect(status.reply.states.map(\.modelID) == [nil, F.alpha, F.beta])
    }
}
