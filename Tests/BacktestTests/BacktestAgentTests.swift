import Arena
import ArenaCore
import ArenaRuntime
import ArenaTesting
import Backtest
import Foundation
import Synchronization
import Testing

/// An LLM agent in a backtest, as a scorer runs it: first calling its provider (a local server
/// speaking OpenAI's wire format) with every reply recorded, then from the recorded replies alone,
/// with the provider gone: the same decisions and fills, and no request made.
@Suite(.cpuBound) struct BacktestAgentTests {
    static let key = "sk-backtest-agent-5e2c91d7-SECRET"
    static let keyVariable = "BACKTEST_AGENT_TEST_KEY"

    /// A study of the bundled BTC minutes with one agent deciding every hour.
    static func config(baseURL: String, replies: URL, mode: String) throws -> ArenaConfig {
        let study = StudyConfig(
            model: "ema_cross", data: BacktestStudyTests.data, symbol: Symbol(unchecked: "BTCUSDT"), feeBps: 5, slippageBps: 0, cash: 10_000
        )
        let agent = """
              - {id: agent, kind: llm, version: "1", params: {provider: openai, base_url: "\(baseURL)", model: fake, api_key_env: \(keyVariable), bars: 20, max_attempts: 1, rpm: 100000}}
            scorer: {llm_replies: "\(replies.path)", llm_replies_mode: \(mode)}
            """
        let models = try #require(study.yaml.range(of: "  - {id: ema_cross"))
        let yaml = String(study.yaml[..<models.lowerBound]).replacingOccurrences(of: "tick_seconds: 60", with: "tick_seconds: 3600") + agent + "\n"
        return try ArenaConfig.parse(yaml: yaml, source: "agent study", catalogue: ArenaCatalogue.catalogue)
    }

    /// A decision as its record shows it.
    struct Decided: Equatable {
        var tick: Int64, action: String
        var replayed: Bool, violations: Int
    }

    /// The decisions of a run's records.
    static func decisions(_ directory: URL) throws -> [Decided] {
        try String(contentsOf: directory.appendingPathComponent("records/decisions.jsonl"), encoding: .utf8).split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let exchange = try #require(object["exchange"] as? [String: Any])
            return Decided(
                tick: try #require((object["tick"] as? NSNumber)?.int64Value), action: try #require(object["action"] as? String),
                replayed: try #require(exchange["replayed"] as? Bool), violations: (exchange["violations"] as? [Any])?.count ?? 0
            )
        }
    }

    @Test func anAgentCallsItsProviderThenReplaysItsRecordedReplies() async throws {
        setenv(Self.keyVariable, Self.key, 1)
        let server = try await FakeLLMServer(requireKey: Self.key)
        let buy = #"{"symbol":"BTCUSDT","action":"BUY","position_size_pct":0.2,"take_profit":99999,"stop_loss":1000,"confidence":0.7,"rationale":"test"}"#
        let sell = #"{"symbol":"BTCUSDT","action":"SELL","position_size_pct":1,"take_profit":0,"stop_loss":0,"confidence":0.7,"rationale":"test"}"#
        // Flat: buy. Holding: sell every third hour.
        let served = Counter()
        server.setResponder(for: .openai) { request in
            let n = served.next()
            let text = request.userText.contains("positions: none") ? buy : n % 3 == 0 ? sell : FakeLLMServer.holdDecision
            return .reply(text, inputTokens: 100, outputTokens: 20)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backtest-agent-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let replies = folder.appendingPathComponent("replies"), live = folder.appendingPathComponent("live"), replay = folder.appendingPathComponent("replay")

        let called = try await Backtest.run(
            BacktestSetup(Self.config(baseURL: server.baseURL(.openai), replies: replies, mode: "record")), into: live
        )
        let requests = server.requestCount
        await server.stop()
        let first = try Self.decisions(live)
        #expect(first.count > 40 && first.count == called.rounds)
        #expect(requests == first.count, "one call per decision")
        #expect(first.allSatisfy { !$0.replayed && $0.violations == 0 }, "\(first.filter { $0.violations > 0 })")
        #expect(try #require(called.models.first).buys > 5 && called.models.first?.sells ?? 0 > 5)

        let replayed = try await Backtest.run(
            BacktestSetup(Self.config(baseURL: server.baseURL(.openai), replies: replies, mode: "replay")), into: replay
        )
        let second = try Self.decisions(replay)
        #expect(second.map { [$0.tick, $0.action] as [AnyHashable] } == first.map { [$0.tick, $0.action] as [AnyHashable] })
        #expect(second.allSatisfy { $0.replayed && $0.violations == 0 }, "every decision came from the recorded replies")
        #expect(server.requestCount == requests)
        let fills = { (d: URL) in try String(contentsOf: d.appendingPathComponent("fills.csv"), encoding: .utf8) }
        #expect(try fills(replay) == fills(live))
        #expect(replayed.models.first?.finalEquity == called.models.first?.finalEquity)
        // The key is in no record of either run.
        for directory in [live, replay] {
            for name in try FileManager.default.subpathsOfDirectory(atPath: directory.path) {
                let bytes = (try? Data(contentsOf: directory.appendingPathComponent(name))) ?? Data()
                #expect(bytes.range(of: Data(Self.key.utf8)) == nil, "\(name) holds the key")
            }
        }
    }
}

/// Requests answered so far, across the server's request tasks.
private final class Counter: Sendable {
    private let count = Mutex(0)

    func next() -> Int {
        count.withLock { n in
            n += 1
            return n
        }
    }
}
