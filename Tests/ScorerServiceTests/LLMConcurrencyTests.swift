import ArenaCore
import ArenaTesting
import Foundation
import Testing

/// LLM agents are I/O-bound: a scorer waits on all of them at once. Twenty agents whose
/// provider takes 2 s each, on one scorer process, all decide inside the round's 8 s deadline.
@Suite(.serialized) struct LLMConcurrencyTests {
    @Test func twentyAgentsWithTwoSecondRepliesFinishARoundInsideTheDeadline() async throws {
        let server = try await FakeLLMServer(requireKey: "sk-concurrency-key")
        let pool = try ScorerPool(extraEnvironment: ["CONCURRENCY_LLM_KEY": "sk-concurrency-key"])
        let scorer = try await pool.startScorer(capacity: 64)
        let reply = #"{"symbol":null,"action":"HOLD","position_size_pct":0,"take_profit":0,"stop_loss":0,"confidence":0.5,"rationale":"waiting"}"#
        server.setResponder(for: .openai) { _ in .reply(reply, delay: .seconds(2)) }
        let snapshot = try #require(try SampleSnapshots.snapshots(limit: 30).last)
        let jobs = try (0..<20).map { i in
            try SampleSnapshots.job(try SampleSnapshots.spec("llm-\(i)", kind: "llm", [
                "provider": "openai", "base_url": server.baseURL(.openai), "model": "fake", "api_key_env": "CONCURRENCY_LLM_KEY",
            ]), snapshot)
        }
        let clock = ContinuousClock(), started = clock.now
        let decisions = try await withThrowingTaskGroup(of: ModelDecision.self) { group in
            for job in jobs { group.addTask { try await pool.decide(job, deadline: .seconds(8)).decision } }
            var out: [ModelDecision] = []
            for try await d in group { out.append(d) }
            return out
        }
        let took = clock.now - started
        scorer.kill()
        await scorer.stop()
        await pool.close()
        await server.stop()
        #expect(decisions.count == 20)
        #expect(decisions.allSatisfy { $0.outcome == .decided && $0.trace?.validationErrors == [] && $0.rationale == "waiting" }, "\(decisions.map(\.rationale))")
        #expect(took < .seconds(8), "one round of 20 two-second agents took \(took)")
        #expect(server.requests(for: .openai).count == 20)
    }
}
