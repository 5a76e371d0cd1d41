import ArenaCore
import ArenaTesting
import Foundation
import Testing

/// `kill -9` of the risk guard in the middle of a replay, right after it
/// acknowledged a round of decisions and before the OMS acknowledged the
/// orders they made, with an operator's REDUCING state in force: the
/// restarted risk guard rebuilds its states and counters from its journal,
/// sends exactly the commands the OMS never acknowledged (which the OMS takes
/// once), and the run ends with the verdicts, states and ledgers of a run
/// that was never interrupted.
extension ExecutionProcessSuites {
@Suite struct RiskRecoveryTests {
    static let alpha = ExecutionRig.models[0], beta = ExecutionRig.models[1]

    /// Alpha opens and closes BTC every 20 minutes; beta opens ETH and reduces it.
    static func decisions(_ index: Int, _ snapshot: MarketSnapshot, hash: String) -> [ModelDecision] {
        func decision(_ model: ModelID, _ action: TradeAction, _ symbol: Symbol?, _ size: String, _ intent: PositionIntent) -> ModelDecision {
            ModelDecision(
                decisionID: ScoringJob.decisionID(model: model, tick: snapshot.tick), modelID: model, configHash: "test", tick: snapshot.tick,
                snapshotHash: hash, outcome: .decided, action: action, symbol: symbol, positionSizePct: try! FixedDecimal(parsing: size),
                takeProfit: nil, stopLoss: nil, leverage: nil, confidence: 0.8, rationale: "script", latencyMilliseconds: 1, worker: nil,
                trace: nil, intent: intent
            )
        }
        let a = switch index % 4 {
        case 0: decision(alpha, .buy, SampleSnapshots.btc, "0.15", .open)
        case 2: decision(alpha, .sell, SampleSnapshots.btc, "1", .close)
        default: decision(alpha, .hold, nil, "0", .none)
        }
        let b = switch index % 3 {
        case 0: decision(beta, .buy, SampleSnapshots.eth, "0.1", .open)
        case 1: decision(beta, .sell, SampleSnapshots.eth, "0.5", .reduce)
        default: decision(beta, .hold, nil, "0", .none)
        }
        return [a, b]
    }

    /// Operator requests by round: beta only reduces for a while.
    static func controls(_ index: Int) -> [TradingControl] {
        switch index {
        case 3: [TradingControl(requestID: "op-1", command: .setState, modelID: beta, state: .reducing, operatorName: "alice", reason: "review")]
        case 7: [TradingControl(requestID: "op-2", command: .setState, modelID: beta, state: .active, operatorName: "alice", reason: "done")]
        default: []
        }
    }

    struct Outcome {
        var accounts: [ModelID: AccountState]
        var verdicts: [String: RiskVerdict]
        var states: [TradingStateEntry]
    }

    static func run(killAfterRound: Int?) async throws -> Outcome {
        let rig = try ExecutionRig(name: killAfterRound == nil ? "risk-straight" : "risk-killed")
        let oms = try rig.start("oms")
        var risk = try rig.start("risk")
        defer { oms.abandon(); risk.abandon() }
        try await rig.awaitSubscribed()
        try await rig.awaitRiskSettled()
        // Seconds of computation: on a thread of their own, never on the pool the sockets' deadlines need.
        let snapshots = try await OffPool.run { try SampleSnapshots.snapshots(limit: 12) }
        let bars = try await OffPool.run { try OMSRecoveryTests.minutes(from: snapshots[0].tick.advanced(by: .seconds(-300)), count: 12 * 5 + 10) }
        var round = 0
        for minute in bars {
            try await rig.step(minute)
            guard round < snapshots.count, minute[0].closeTime == snapshots[round].tick else { continue }
            let snapshot = snapshots[round]
            try rig.publish(snapshot)
            for control in controls(round) { _ = try await rig.ask(rig.risk, control, TradingControlReply.self) }
            let hash = try SealedSnapshot(sealing: snapshot).hash
            for decision in decisions(round, snapshot, hash: hash) {
                let ack = try await rig.ask(rig.risk, decision, DecisionAck.self)
                #expect(ack.firstReceipt)
            }
            if round == killAfterRound {
                risk.kill(SIGKILL)
                await risk.stop()
                risk = try rig.start("risk")
                // The same decisions again, as the arena clock resends what it had no answer to: each a repeat now.
                for decision in decisions(round, snapshot, hash: hash) {
                    #expect(try await rig.ask(rig.risk, decision, DecisionAck.self).firstReceipt == false)
                }
            }
            try await rig.awaitRiskSettled()
            round += 1
        }
        let states = try await rig.ask(
            rig.risk, TradingControl(requestID: "final", command: .status, modelID: nil, operatorName: "test", reason: ""), TradingControlReply.self
        ).states
        let outcome = rig.seen.withLock { s in
            Outcome(accounts: s.accounts, verdicts: Dictionary(s.verdicts.map { ($0.decisionID, $0) }, uniquingKeysWith: { a, _ in a }), states: states)
        }
        await risk.stop()
        await oms.stop()
        await rig.close()
        return outcome
    }

    @Test func aKilledRiskGuardRecoversAndTheRunEndsAsAnUninterruptedOne() async throws {
        let straight = try await Self.run(killAfterRound: nil)
        let killed = try await Self.run(killAfterRound: 4)
        #expect(
            straight.verdicts.values.contains { $0.outcome == .approved || $0.outcome == .resized },
            "the script trades: \(straight.verdicts.values.map { "\($0.decisionID) \($0.outcome) \($0.reasons) \($0.message)" })"
        )
        #expect(straight.verdicts.values.contains { $0.reasons.contains("reducing") }, "the operator's REDUCING blocked an entry")
        #expect(Set(killed.verdicts.keys).isSuperset(of: straight.verdicts.keys))
        for (id, verdict) in straight.verdicts { #expect(killed.verdicts[id] == verdict, "\(id)") }
        #expect(killed.states == straight.states)
        for model in ExecutionRig.models { #expect(killed.accounts[model] == straight.accounts[model], "\(model)") }
    }
}
}
