import ArenaCore
import ArenaTesting
import ArenaWire
import Execution
import Features
import MarketData
import Models
import Risk
import Testing

/// No look-ahead, end to end in one process: the real feature engine builds
/// the tick's snapshot from three days of real BTC and ETH klines, a real
/// model decides on it, the risk engine sizes the order, and the OMS kernel
/// fills it on the paper venue. Changing every price after the fill bar
/// changes nothing of it: not the snapshot (its hash), not the decision, not
/// the verdict, not the fill. Changing the fill bar changes the fill.
@Suite(.cpuBound) struct NoLookAheadTests {
    struct Outcome: Equatable {
        var snapshotHash: String
        var decision: ModelDecision
        var verdict: RiskVerdict
        var fill: Fill?
    }

    static let tickIndex = 30

    /// The chain at the 30th warm tick, with `change` applied to each 1m bar first (by its open time).
    static func run(_ change: (Timestamp) -> FixedDecimal) async throws -> Outcome {
        let btc = try SampleSnapshots.minuteBars(moving: change).btc
        let snapshot = try SampleSnapshots.snapshot(tickIndex: tickIndex, moving: change)
        let sealed = try SealedSnapshot(sealing: snapshot)
        let spec = try SampleSnapshots.spec("holder", kind: "buy_and_hold")
        let job = try SampleSnapshots.job(spec, snapshot)
        let decision = try await ArenaModels.catalog.model(job.model).decide(ModelInput(job)).decision(for: job)
        var risk = RiskEngine(limits: .standard, models: [spec.id], venue: ExecutionVenues.paper)
        var kernel = ExecutionKernel(models: [spec.id])
        let account = try #require(kernel.account(of: spec.id))
        let evaluation = risk.evaluate(decision, snapshot: snapshot, account: account, now: snapshot.tick)
        var fill: Fill?
        for bar in btc where bar.closeTime > snapshot.tick.advanced(by: .seconds(-120)) && fill == nil {
            for record in kernel.handle(.bar(bar)).records { if case .fill(let f) = record, fill == nil { fill = f } }
            if bar.closeTime == snapshot.tick { for command in evaluation.commands { _ = kernel.handle(command) } }
        }
        return Outcome(snapshotHash: sealed.hash, decision: decision, verdict: evaluation.verdict, fill: fill)
    }

    @Test func aDecisionAndItsFillSeeNothingAfterTheFillBar() async throws {
        let reference = try await Self.run { _ in .zero }
        let tick = reference.decision.tick
        #expect(reference.decision.action == .buy && reference.verdict.plans.count == 1, "\(reference.verdict)")
        let fill = try #require(reference.fill)
        #expect(fill.time == tick.advanced(by: .seconds(60)), "it fills on the bar after the tick")
        // Every price after the fill bar (which opens at the tick) moves by ±500.
        let later = try await Self.run { $0 > tick ? FixedDecimal($0.milliseconds / 60_000 % 2 == 0 ? 500 : -500) : .zero }
        #expect(later == reference)
        // The fill bar itself does change the fill, and only the fill.
        let fillBar = try await Self.run { $0 == tick ? FixedDecimal(500) : .zero }
        #expect(fillBar.snapshotHash == reference.snapshotHash && fillBar.decision == reference.decision)
        #expect(fillBar.fill?.price != reference.fill?.price)
    }
}
