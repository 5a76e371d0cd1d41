import Arena
import ArenaCore
import ArenaRuntime
import FeaturesService
import ArenaTesting
import Foundation
import Testing

/// LLM agents through the real services as processes: the gateway replays three days of BTC and ETH,
/// the arena clock sends every job with the agent's spend of the day, the scorer calls the local
/// provider server over HTTP. The daily budget holds agents once spent, every UTC day anew, and the
/// arena clock alerts; the API key appears in no stored record and no log line of any process.
@Suite(.serialized) struct LLMArenaRunTests {
    static let key = "sk-arena-run-7b1e4f0a9c3d-SECRET"

    @Test func agentsTradeWithinTheirDailyBudgetAndTheKeyStaysSecret() async throws {
        let server = try await FakeLLMServer(requireKey: Self.key)
        let buy = #"{"symbol":"BTCUSDT","action":"BUY","position_size_pct":0.1,"take_profit":99999,"stop_loss":1000,"confidence":0.7,"rationale":"test"}"#
        server.setResponder(for: .openai) { _ in .reply(buy, inputTokens: 100, outputTokens: 20) }
        let folder = try ReplayAgreementTests.folder("llm")
        defer { try? FileManager.default.removeItem(at: folder) }
        let storePath = folder.appendingPathComponent("arena.sqlite").path
        // 100 input tokens at 1,000 USD per million: 0.1 USD a call; a budget of 0.3 USD is three calls a day.
        let roster = """
              - {id: spender, kind: llm, params: {provider: openai, base_url: "\(server.baseURL(.openai))", model: fake, api_key_env: LLM_RUN_TEST_KEY, input_price: 1000, daily_budget: 0.3}}
              - {id: voter, kind: llm, params: {provider: gemini, base_url: "\(server.baseURL(.gemini))", model: gemini-fake, api_key_env: LLM_RUN_TEST_KEY, mode: vote, samples: 3}}
            """
        let config = ReplayAgreementTests.configuration(store: "sqlite:\(storePath)", roster: roster)
        let parsed = try ArenaConfig.parse(yaml: config.yaml, catalogue: ArenaCatalogue.catalogue)
        #expect(FeaturesComponent.crossCheck(parsed).isEmpty, "\(FeaturesComponent.crossCheck(parsed))")
        let environment = ["ARENA_CONFIG": try config.write(in: folder), "LLM_RUN_TEST_KEY": Self.key]
        let build = ReplayAgreementTests.build
        let risk = try ChildProcess(build.appendingPathComponent("arena-testkit"), ["stand-in-risk", try config.endpoint("risk", .rep)], standardError: true)
        let scorer = try ChildProcess(build.appendingPathComponent("arena-scorer"), [], environment: environment, standardError: true)
        let features = try ChildProcess(build.appendingPathComponent("arena-features"), [], environment: environment, standardError: true)
        let gateway = try ChildProcess(build.appendingPathComponent("arena-gateway"), [], environment: environment, standardError: true)
        let everyone = [gateway, features, scorer, risk]
        defer { for process in everyone { process.abandon() } }
        let record = try await ReplayAgreementTests.complete("sqlite:\(storePath)", models: 2) {
            "running: \(everyone.map(\.isRunning)); features: \(features.output.suffix(5)); scorer: \(scorer.output.suffix(5))"
        }
        for process in everyone {
            process.kill(SIGTERM)
            await process.stop()
        }
        await server.stop()

        let decisions = record.decisions.values.sorted { $0.tick < $1.tick }
        #expect(decisions.allSatisfy { $0.trace?.prompt.contains("Return JSON only.") == true && $0.exchange != nil })
        let voter = decisions.filter { $0.modelID.value == "voter" }
        #expect(voter.allSatisfy { $0.action == .hold && $0.exchange?.calls.count == 3 && $0.exchange?.tally == ["HOLD=3"] })
        // The spender: per UTC day, calls until 0.3 USD is spent, then holds without calling until the next day.
        let days = Dictionary(grouping: decisions.filter { $0.modelID.value == "spender" }) { $0.tick.milliseconds / 86_400_000 }
        #expect(days.count >= 3)
        for (day, list) in days {
            let called = list.filter { !($0.exchange?.violations.contains("budget_exhausted") ?? false) }
            let held = list.count - called.count
            #expect(called.allSatisfy { $0.action == .buy && $0.trace?.cost == FixedDecimal(test: "0.1") }, "day \(day)")
            // Three calls reach the budget; rounds in flight at once (a replay at full speed) may each have been sent before the third was recorded.
            #expect(called.count >= min(3, list.count) && called.count <= 3 + 3, "day \(day): \(called.count) calls")
            if list.count > 6 { #expect(held > 0, "day \(day) never held") }
        }
        #expect(server.requests(for: .openai).count == days.values.reduce(0) { $0 + $1.filter { $0.action == .buy }.count })
        let alerts = features.output.filter { $0.contains("spent its LLM budget") }
        #expect(alerts.count == days.values.filter { $0.contains { $0.exchange?.violations.contains("budget_exhausted") == true } }.count, "\(alerts)")
        // The key: in no stored byte and no line any process wrote.
        let stored = try Data(contentsOf: URL(fileURLWithPath: storePath))
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: storePath + "-wal"))) ?? Data()
        #expect(stored.range(of: Data(Self.key.utf8)) == nil && wal.range(of: Data(Self.key.utf8)) == nil)
        for process in everyone {
            #expect(process.output.count > 5, "the process's log lines were read")
            #expect(!process.output.contains { $0.contains(Self.key) })
        }
        #expect(server.requests(for: .gemini).allSatisfy { $0.header("x-goog-api-key") == Self.key })
    }
}

