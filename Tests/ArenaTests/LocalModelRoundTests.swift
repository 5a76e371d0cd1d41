import ArenaCore
import ArenaTesting
import Foundation
import Testing

/// One arena round with an LLM agent against a real local model (`make test-llm`: llama-cpp-python's
/// OpenAI-compatible server with Gemma 3 270M, started by `scripts/llm-server.sh`). Off unless
/// `LLM_LOCAL_BASE_URL` names the server: the model takes minutes to build and is not part of `make test`.
///
/// A 270M base model answers nonsense; what is tested is that the real reply travels the whole way and
/// that validation judges it: a valid decision, or a HOLD naming each violation. The record is printed.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["LLM_LOCAL_BASE_URL"] != nil))
struct LocalModelRoundTests {
    @Test func oneRoundAgainstTheLocalModel() async throws {
        let base = try #require(ProcessInfo.processInfo.environment["LLM_LOCAL_BASE_URL"])
        let model = ProcessInfo.processInfo.environment["LLM_LOCAL_MODEL"] ?? "gemma-3-270m-q4_k_m"
        let folder = try ReplayAgreementTests.folder("local-llm")
        defer { try? FileManager.default.removeItem(at: folder) }
        let storePath = folder.appendingPathComponent("arena.sqlite").path
        // A small context: 20 bars a symbol; the CPU model reads about 125 prompt tokens a second, so the deadlines are minutes.
        let roster = """
              - {id: local_llm, kind: llm, params: {provider: openai, base_url: "\(base)", model: \(model), api_key_env: none, json_schema: inline, bars: 20, max_tokens: 300, deadline_seconds: 110, max_attempts: 1, temperature: 0}}
            """
        let config = ReplayAgreementTests.configuration(store: "sqlite:\(storePath)", roster: roster)
        let environment = ["ARENA_CONFIG": try config.write(in: folder), "ARENA_FEATURES__DEADLINE_MS": "120000"]
        let build = ReplayAgreementTests.build
        let risk = try ChildProcess(build.appendingPathComponent("arena-testkit"), ["stand-in-risk", try config.endpoint("risk", .rep)])
        let scorer = try ChildProcess(build.appendingPathComponent("arena-scorer"), [], environment: environment, standardError: true)
        let features = try ChildProcess(build.appendingPathComponent("arena-features"), [], environment: environment, standardError: true)
        let gateway = try ChildProcess(build.appendingPathComponent("arena-gateway"), [], environment: environment)
        let everyone = [gateway, features, scorer, risk]
        defer { for process in everyone { process.abandon() } }
        // The first round's decision, however long the model takes.
        let clock = ContinuousClock(), end = clock.now.advanced(by: .seconds(600))
        var decision: ModelDecision?
        while decision == nil {
            decision = (try? await ReplayRecord.read("sqlite:\(storePath)"))?.decisions.values.min { $0.tick < $1.tick }
            guard clock.now < end else { break }
            if decision == nil { try await Task.sleep(for: .seconds(1)) }
        }
        for process in everyone {
            process.kill(SIGTERM)
            await process.stop()
        }
        let made = try #require(decision, "no decision within 10 minutes; scorer: \(scorer.output.suffix(10))")
        let trace = try #require(made.trace), exchange = try #require(made.exchange)
        print("""
            ==== recorded prompt (\(trace.promptTemplateVersion), sha256 \(trace.promptHash)) ====
            \(trace.prompt)
            ==== raw reply (request \(exchange.calls.first?.requestID ?? "-"), \(trace.inputTokens) + \(trace.outputTokens) tokens, \(exchange.calls.first?.latencyMilliseconds ?? 0) ms) ====
            \(trace.rawReply)
            ==== validation ====
            \(trace.validationErrors.isEmpty ? "valid" : trace.validationErrors.joined(separator: "\n"))
            ==== decision ====
            \(made.action.rawValue) \(made.symbol?.value ?? "-") size \(made.positionSizePct) confidence \(made.confidence): \(made.rationale)
            """)
        // The model answered over HTTP (not a transport failure or a timeout) and its reply was judged.
        #expect(made.outcome == .decided)
        #expect(["ok", "truncated", "empty", "refused"].contains(exchange.calls.first?.outcome ?? ""), "\(exchange.calls)")
        #expect(trace.inputTokens > 0 && !trace.prompt.isEmpty)
        #expect(made.action != .hold || !trace.validationErrors.isEmpty || exchange.parsedReply != nil)
    }
}
