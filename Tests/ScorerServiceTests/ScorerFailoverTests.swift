import ArenaBus
import ArenaCore
import ArenaTesting
import Foundation
import Testing

/// Killing a scorer in the middle of a round loses no decision: each of its
/// jobs is re-dispatched to a live scorer (or, past its deadline, reported as
/// timed out, which the arena records as a HOLD), never silently lost.
@Suite(.serialized) struct ScorerFailoverTests {
    @Test func killingAScorerMidRoundLosesNoDecision() async throws {
        let pool = try ScorerPool()
        let doomed = try await pool.startScorer(capacity: 4), survivor = try await pool.startScorer(capacity: 4)
        defer { doomed.abandon(); survivor.abandon() }
        let snapshot = try #require(try SampleSnapshots.snapshots(limit: 1).first)
        let jobs = try (0..<8).map { i in
            try SampleSnapshots.job(try SampleSnapshots.spec("probe\(i)", kind: "io_probe", ["delay_ms": "1500", "action": "BUY"]), snapshot)
        }
        let outcomes = try await withThrowingTaskGroup(of: (String, JobOutcome).self) { group in
            for job in jobs { group.addTask { (job.decisionID, await pool.dispatcher.submit(job, deadline: .seconds(15), trace: job.decisionID)) } }
            // Both scorers hold four jobs each by now; one of them dies without a word.
            try await Task.sleep(for: .milliseconds(500))
            doomed.kill(SIGKILL)
            var all: [String: JobOutcome] = [:]
            for try await (id, outcome) in group { all[id] = outcome }
            return all
        }
        #expect(outcomes.count == 8)
        var answeredBy: [String: Int] = [:]
        for (id, outcome) in outcomes {
            guard case let .completed(result, worker, _) = outcome else {
                Issue.record("\(id): \(outcome)")
                continue
            }
            #expect(try result.decode(ModelDecision.self).decisionID == id)
            answeredBy[worker.description, default: 0] += 1
        }
        // Every job was answered, all by the survivor: the doomed scorer's four were re-dispatched to it.
        #expect(answeredBy.count == 1 && answeredBy.values.first == 8, "\(answeredBy)")
        #expect(pool.dispatcher.statistics.redispatched == 4 && pool.dispatcher.statistics.workersLost == 1)
        await pool.close()
    }

    /// SIGTERM: the scorer leaves the pool with DISCONNECT and its jobs are handed back at once.
    @Test func aStoppingScorerHandsBackItsJobs() async throws {
        let pool = try ScorerPool()
        let stopping = try await pool.startScorer(capacity: 2), staying = try await pool.startScorer(capacity: 2)
        defer { stopping.abandon(); staying.abandon() }
        let snapshot = try #require(try SampleSnapshots.snapshots(limit: 1).first)
        let jobs = try (0..<4).map { i in
            try SampleSnapshots.job(try SampleSnapshots.spec("probe\(i)", kind: "io_probe", ["delay_ms": "2000"]), snapshot)
        }
        try await withThrowingTaskGroup(of: (String, JobOutcome).self) { group in
            for job in jobs { group.addTask { (job.decisionID, await pool.dispatcher.submit(job, deadline: .seconds(20), trace: job.decisionID)) } }
            try await Task.sleep(for: .milliseconds(500))
            stopping.kill(SIGTERM)
            for try await (id, outcome) in group {
                guard case let .completed(result, _, _) = outcome else {
                    Issue.record("\(id): \(outcome)")
                    continue
                }
                #expect(try result.decode(ModelDecision.self).decisionID == id)
            }
        }
        #expect(pool.dispatcher.statistics.redispatched == 2, "\(pool.dispatcher.statistics)")
        await stopping.stop()
        #expect(!stopping.isRunning)
        await pool.close()
    }
}
