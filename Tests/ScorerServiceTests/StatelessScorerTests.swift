import ArenaBus
import ArenaCore
import ArenaTesting
import ArenaWire
import Foundation
import Models
import Testing

/// The scorer is stateless (issue: "a model's decision depends only on its
/// job"): the same job answered by two scorer processes gives byte-identical
/// decisions, and a scorer killed and restarted between two ticks changes
/// nothing in the decisions.
@Suite(.serialized) struct StatelessScorerTests {
    /// The roster: every product kind that runs on spot klines.
    static func roster() throws -> [ModelSpec] {
        [
            try SampleSnapshots.spec("hodl", kind: "buy_and_hold"),
            try SampleSnapshots.spec("eth_half", kind: "buy_and_hold", ["symbol": "ETHUSDT", "position_size": "0.5"]),
            try SampleSnapshots.spec("cash", kind: "all_cash"),
        ]
    }

    static func ensemble() throws -> ModelSpec {
        try SampleSnapshots.spec("vote", kind: "ensemble", ["members": "hodl,eth_half,cash", "mode": "confidence"])
    }

    /// Every model's decision at `snapshot` (members first, then the ensemble with their decisions) from `pool`.
    static func round(_ snapshot: MarketSnapshot, pool: ScorerPool) async throws -> [ModelDecision] {
        var members: [ModelDecision] = []
        for spec in try roster() { members.append(try await pool.decide(try SampleSnapshots.job(spec, snapshot)).decision) }
        let vote = try await pool.decide(try SampleSnapshots.job(try ensemble(), snapshot, members: members)).decision
        return members + [vote]
    }

    @Test func theSameJobOnTwoScorerProcessesGivesByteIdenticalDecisions() async throws {
        let pool = try ScorerPool()
        let a = try await pool.startScorer(capacity: 1), b = try await pool.startScorer(capacity: 1)
        defer { a.abandon(); b.abandon() }
        let snapshots = try SampleSnapshots.snapshots(limit: 4)
        #expect(snapshots.count == 4)
        var workers = Set<String>()
        for snapshot in snapshots {
            var jobs = try Self.roster().map { try SampleSnapshots.job($0, snapshot) }
            let members = try await jobs.asyncMap { try await pool.decide($0).decision }
            jobs.append(try SampleSnapshots.job(try Self.ensemble(), snapshot, members: members))
            for job in jobs {
                // Two submissions at once: each scorer holds one job, so each answers one of them.
                async let first = pool.decide(job)
                async let second = pool.decide(job)
                let (one, two) = try await (first, second)
                #expect(one.worker != two.worker, "both answers came from \(one.worker)")
                workers.formUnion([one.worker, two.worker])
                #expect(try one.decision.canonicalBytes() == two.decision.canonicalBytes(), "\(job.decisionID)")
                #expect(one.decision.decisionID == job.decisionID && one.decision.outcome == .decided)
            }
        }
        // Two scorers (a scorer that missed heartbeats under load would come back under a new session id).
        #expect(workers.count >= 2)
        await pool.close()
    }

    @Test func aScorerKilledAndRestartedBetweenTicksChangesNothing() async throws {
        let snapshots = try SampleSnapshots.snapshots(limit: 2)
        // Reference: one scorer answers both ticks.
        let steady = try ScorerPool()
        let reference = try await steady.startScorer(capacity: 4)
        var expected: [ModelDecision] = []
        for snapshot in snapshots { expected += try await Self.round(snapshot, pool: steady) }
        reference.abandon()
        await steady.close()

        // The first scorer answers the first tick and is killed; a new one answers the second.
        let pool = try ScorerPool()
        let first = try await pool.startScorer(capacity: 4)
        var got = try await Self.round(snapshots[0], pool: pool)
        try await pool.kill(first)
        let second = try await pool.startScorer(capacity: 4)
        defer { second.abandon() }
        got += try await Self.round(snapshots[1], pool: pool)
        #expect(got.count == expected.count)
        for (g, e) in zip(got, expected) { #expect(try g.canonicalBytes() == e.canonicalBytes(), "\(g.decisionID)") }
        #expect(got.contains { $0.action == .buy } && got.contains { $0.action == .hold })
        await pool.close()
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
