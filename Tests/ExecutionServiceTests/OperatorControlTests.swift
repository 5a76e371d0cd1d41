import ArenaCore
import ArenaTesting
import Foundation
import Testing

/// An operator halts a model from the command line (`arena risk set halted`)
/// while it holds a position: its next entry is rejected `halted`, its
/// closing order passes and fills; the kill switch (`arena risk kill`)
/// flattens and halts the arena. Every change is signed with the operator.
extension ExecutionProcessSuites {
@Suite struct OperatorControlTests {
    static let alpha = ExecutionRig.models[0], beta = ExecutionRig.models[1]

    static func decision(_ model: ModelID, _ snapshot: MarketSnapshot, hash: String, _ intent: PositionIntent) -> ModelDecision {
        let open = intent == .open
        return ModelDecision(
            decisionID: ScoringJob.decisionID(model: model, tick: snapshot.tick), modelID: model, configHash: "test", tick: snapshot.tick,
            snapshotHash: hash, outcome: .decided, action: open ? .buy : .sell, symbol: SampleSnapshots.btc,
            positionSizePct: open ? try! FixedDecimal(parsing: "0.1") : 1, takeProfit: nil, stopLoss: nil, leverage: nil, confidence: 0.8,
            rationale: "operator test", latencyMilliseconds: 1, worker: nil, trace: nil, intent: intent
        )
    }

    func arena(_ rig: ExecutionRig, _ arguments: [String]) async throws -> CompletedProcess {
        try await ChildProcess.run(
            TestData.debugBuild.appendingPathComponent("arena"), ["risk"] + arguments + ["--config", rig.environment["ARENA_CONFIG"]!, "--operator-name", "alice"],
            replacingArenaVariables: true
        )
    }

    @Test func aHaltedModelsCloseFillsItsOpenDoesNotAndTheKillSwitchFlattensEveryone() async throws {
        let rig = try ExecutionRig(name: "operator")
        let oms = try rig.start("oms"), risk = try rig.start("risk")
        defer { oms.abandon(); risk.abandon() }
        try await rig.awaitSubscribed()
        try await rig.awaitRiskSettled()
        // Seconds of computation: on a thread of their own, never on the pool the sockets' deadlines need.
        let snapshots = try await OffPool.run { try SampleSnapshots.snapshots(limit: 4) }
        let minutes = try await OffPool.run { try OMSRecoveryTests.minutes(from: snapshots[0].tick.advanced(by: .seconds(-60)), count: 20) }
        var round = 0
        for minute in minutes {
            try await rig.step(minute)
            guard round < snapshots.count, minute[0].closeTime == snapshots[round].tick else { continue }
            let snapshot = snapshots[round], hash = try SealedSnapshot(sealing: snapshot).hash
            try rig.publish(snapshot)
            switch round {
            case 0:
                for model in [Self.alpha, Self.beta] { _ = try await rig.ask(rig.risk, Self.decision(model, snapshot, hash: hash, .open), DecisionAck.self) }
            case 1:
                let halted = try await arena(rig, ["set", "halted", "--model", "alpha", "--reason", "review"])
                #expect(halted.status == 0 && halted.stdout.contains("alpha  HALTED"), "\(halted)")
                _ = try await rig.ask(rig.risk, Self.decision(Self.alpha, snapshot, hash: hash, .close), DecisionAck.self)
            case 2:
                _ = try await rig.ask(rig.risk, Self.decision(Self.alpha, snapshot, hash: hash, .open), DecisionAck.self)
            default:
                let killed = try await arena(rig, ["kill", "--reason", "drill"])
                #expect(killed.status == 0, "\(killed)")
            }
            try await rig.awaitRiskSettled()
            round += 1
        }
        // The flattening orders fill on the minute after the kill switch.
        let last = try #require(minutes.last?.first)
        for minute in try await OffPool.run({ try OMSRecoveryTests.minutes(from: last.closeTime, count: 2) }) { try await rig.step(minute) }
        let status = try await arena(rig, ["status"])
        #expect(status.stdout.contains("(arena)  HALTED"), "\(status)")
        try await rig.until("beta flattened by the kill switch") { ($0.accounts[Self.beta]?.positions.isEmpty ?? false) }
        let seen = rig.seen.withLock { $0 }
        let verdicts = Dictionary(seen.verdicts.map { ($0.decisionID, $0) }, uniquingKeysWith: { a, _ in a })
        let close = try #require(verdicts[ScoringJob.decisionID(model: Self.alpha, tick: snapshots[1].tick)])
        #expect(close.state == .halted && close.outcome == .approved, "a halted model's close passes: \(close)")
        let reopen = try #require(verdicts[ScoringJob.decisionID(model: Self.alpha, tick: snapshots[2].tick)])
        #expect(reopen.outcome == .rejected && reopen.reasons == ["halted"], "\(reopen)")
        #expect(seen.fills.contains { $0.modelID == Self.alpha && $0.purpose == .exit }, "the close filled")
        #expect(seen.fills.contains { $0.modelID == Self.beta && $0.purpose == .flatten }, "the kill switch flattened beta")
        #expect(seen.stateChanges.contains { $0.modelID == Self.alpha && $0.to == .halted && $0.by == "operator:alice" })
        #expect(seen.alerts.contains { $0.kind == "kill_switch" })
        await rig.close()
    }
}
}
