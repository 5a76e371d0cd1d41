import Agents
import ArenaCore
import ArenaTesting
import ArenaWire
import Foundation
import Models
import Testing

/// LLM agents against the local provider servers, over real HTTP: valid replies become decisions
/// with their whole record; every malformed kind, a timeout and a spent budget become HOLDs naming why.
@Suite struct AgentCallTests {
    @Test(arguments: FakeLLMProvider.allCases)
    func aValidReplyBecomesADecisionWithItsRecord(_ provider: FakeLLMProvider) async throws {
        let rig = try await AgentRig()
        let reply = AgentFixtures.reply(size: "0.1", confidence: "0.8", rationale: "EMA9 above EMA21")
        rig.server.script([.reply(reply, inputTokens: 1_000, outputTokens: 200)], for: provider)
        let spec = try rig.spec(provider)
        let decision = try await rig.decide(spec)
        await rig.stop()
        #expect(decision.action == .buy && decision.intent == .open && decision.symbol == AgentFixtures.btc)
        #expect(decision.positionSizePct == FixedDecimal(test: "0.1") && decision.confidence == 0.8)
        let trace = try #require(decision.trace)
        #expect(trace.promptTemplateVersion == "spot-v1" && trace.prompt.contains("Return JSON only.") && trace.promptHash.count == 64)
        #expect(trace.rawReply == reply && trace.validationErrors.isEmpty)
        #expect(trace.inputTokens == 1_000 && trace.outputTokens == 200)
        // 1,000 × 0.5 + 200 × 1.5 USD per million tokens = 0.0008 USD.
        #expect(trace.cost == FixedDecimal(test: "0.0008"))
        let exchange = try #require(decision.exchange)
        #expect(exchange.provider == provider.rawValue && exchange.model == "fake-model" && !exchange.replayed)
        #expect(exchange.calls.count == 1 && exchange.calls[0].attempts == 1 && exchange.calls[0].outcome == "ok")
        #expect(exchange.calls[0].requestID?.isEmpty == false)
        #expect(exchange.parsedReply?.contains(#""action":"BUY""#) == true)
        let sent = rig.server.requests(for: provider)
        #expect(sent.count == 1 && sent[0].userText == String(trace.prompt.split(separator: "[user]\n", maxSplits: 1)[1]))
    }

    /// Each malformed kind gives a HOLD naming its violation.
    @Test(arguments: [
        (FakeLLMStep.reply("[\(AgentFixtures.reply())]"), "array_not_object"),
        (.reply("Here you go: \(AgentFixtures.reply())"), "prose_around_json"),
        (.reply("```json\n\(AgentFixtures.reply())\n```"), "markdown_fence"),
        (.reply(#"{"symbol": "BTCUSDT", "action": "BUY", "position_size_pct": 0.1,"#), "truncated_json"),
        (.reply("BUY BTC now, strong trend"), "not_json"),
        (.truncated(#"{"symbol": "BTCUSDT", "action": "BU"#), "truncated_reply"),
        (.empty, "empty_reply"),
        (.refusal("I can't help with trading decisions."), "refusal"),
        (.reply(AgentFixtures.reply(action: "SELL")), "sell_while_flat"),
        (.reply(AgentFixtures.reply(symbol: "")), "symbol_not_in_universe"),
        (.status(400), "http_error"),
    ])
    func malformedRepliesHold(_ step: FakeLLMStep, _ violation: String) async throws {
        let rig = try await AgentRig()
        rig.server.script([step], for: .openai)
        let decision = try await rig.decide(try rig.spec())
        await rig.stop()
        #expect(decision.action == .hold && decision.outcome == .decided)
        #expect(decision.exchange?.calls.first?.violations.first?.hasPrefix(violation) == true, "\(decision.exchange?.calls ?? [])")
        #expect(decision.trace?.validationErrors.first?.hasPrefix(violation) == true)
        #expect(decision.rationale.contains(violation))
        #expect(rig.lines.withLock { $0.contains { $0.level == .warning && $0.metadata.values.contains { $0.contains(violation) } } })
    }

    @Test func aTimeoutHolds() async throws {
        let rig = try await AgentRig()
        rig.server.script([.hang], for: .anthropic)
        let started = ContinuousClock.now
        let decision = try await rig.decide(try rig.spec(.anthropic, "slow", ["deadline_seconds": "1"]))
        let took = ContinuousClock.now - started
        await rig.stop()
        #expect(decision.action == .hold && decision.exchange?.calls.first?.outcome == "timeout")
        #expect(decision.trace?.validationErrors.first?.hasPrefix("timeout") == true)
        #expect(took < .seconds(5), "the deadline covers the call: \(took)")
    }

    @Test func a429IsRetriedWithinTheDeadline() async throws {
        let rig = try await AgentRig()
        rig.server.script([.status(429, retryAfterSeconds: 1), .status(503), .reply(AgentFixtures.reply())], for: .gemini)
        // A deadline far beyond the 1.5 s of pauses: what is tested is the retrying, not how fast a loaded machine answers.
        let decision = try await rig.decide(try rig.spec(.gemini, "agent", ["deadline_seconds": "60"]))
        await rig.stop()
        #expect(decision.action == .buy)
        #expect(decision.exchange?.calls.first?.attempts == 3)
        #expect(rig.server.requests(for: .gemini).count == 3)
        // Retry-After: 1 s between the first two requests.
        let times = rig.server.requests(for: .gemini).map(\.receivedAt)
        #expect(times[1] - times[0] >= .milliseconds(950))
    }

    @Test func aSpentBudgetHoldsWithoutCalling() async throws {
        let rig = try await AgentRig()
        let decision = try await rig.decide(try rig.spec(.openai, "spender", ["daily_budget": "1"]), spentToday: FixedDecimal(test: "1.0001"))
        await rig.stop()
        #expect(decision.action == .hold && decision.exchange?.violations == ["budget_exhausted"])
        #expect(decision.rationale.contains("budget_exhausted"))
        #expect(rig.server.requestCount == 0)
    }

    @Test func theKeyAppearsNowhere() async throws {
        let rig = try await AgentRig()
        rig.server.script([.reply(AgentFixtures.reply()), .status(500), .status(500), .status(500), .status(500), .refusal("no")], for: .openai)
        var decisions: [ModelDecision] = []
        for id in ["k1", "k2", "k3"] { decisions.append(try await rig.decide(try rig.spec(.openai, id, ["max_attempts": "4"]))) }
        // A wrong key: the provider's 401 is recorded, without either key.
        let wrong = try SampleSnapshots.spec("k4", kind: "llm", [
            "provider": "anthropic", "base_url": rig.server.baseURL(.anthropic), "model": "m", "api_key_env": "TEST_LLM_KEY_WRONG",
        ])
        let input = try AgentFixtures.input(wrong)
        let runtime = AgentRuntime(transport: rig.runtime().transport, secrets: SecretSource(environment: { _ in "sk-wrong-key-0000" }, readFile: { _ in nil }),
                                   log: { line in rig.lines.withLock { $0.append(line) } })
        decisions.append(try await ArenaCatalog.running(runtime).model(wrong).decide(input).decision(for: input.job))
        await rig.stop()
        #expect(decisions.map(\.action) == [.buy, .hold, .hold, .hold])
        #expect(decisions[3].exchange?.calls.first?.error?.contains("401") == true)
        let records = try decisions.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
            + decisions.map { String(decoding: try! BinaryEncoder().encode($0), as: UTF8.self) }
        let logs = rig.lines.withLock { $0.map { "\($0.message) \($0.metadata)" } }
        for text in records + logs {
            #expect(!text.contains(AgentRig.key) && !text.contains("sk-wrong-key-0000"))
        }
        // The key did travel, in its header only.
        #expect(rig.server.requests(for: .openai).allSatisfy { $0.header("authorization") == "Bearer \(AgentRig.key)" && !$0.bodyText.contains(AgentRig.key) })
    }

    @Test func selfConsistencyVotes() async throws {
        let rig = try await AgentRig()
        let buy = AgentFixtures.reply(), hold = AgentFixtures.reply(symbol: nil, action: "HOLD", size: "0", takeProfit: "0", stopLoss: "0")
        rig.server.script([.reply(buy), .reply(hold), .reply(buy), .reply("nonsense"), .reply(buy)], for: .openai)
        let decision = try await rig.decide(try rig.spec(.openai, "voter", ["mode": "vote", "samples": "5"]))
        await rig.stop()
        #expect(decision.action == .buy && decision.confidence == 0.6)
        #expect(decision.exchange?.calls.count == 5 && decision.exchange?.tally == ["BUY BTCUSDT=3", "HOLD=2"])
        #expect(decision.trace?.validationErrors.contains { $0.contains("not_json") } == true)
        #expect(decision.trace?.inputTokens == 500)
    }

    @Test func theAllocatorBlendsTheStrategiesItWeights() async throws {
        let rig = try await AgentRig()
        let reply = #"{"symbol":"BTCUSDT","market_regime":"RANGE","strategy_allocations":[{"strategy_id":"bollinger_range","weight":0.6,"confidence":0.7,"reasoning":"range"},{"strategy_id":"mean_reversion","weight":0.4,"confidence":0.6,"reasoning":"revert"}],"total_position":0.5,"confidence":0.7,"reasoning":"ranging market"}"#
        rig.server.script([.reply(reply)], for: .openai)
        let decision = try await rig.decide(try rig.spec(.openai, "allocator", ["mode": "allocator"]))
        await rig.stop()
        #expect(decision.trace?.validationErrors == [])
        #expect(decision.details?.allocations.map(\.strategy) == ["bollinger_range", "mean_reversion"])
        #expect(decision.details?.allocations.map(\.weight) == [0.6, 0.4])
        #expect(decision.details?.notes.contains("regime RANGE") == true)
        #expect(decision.trace?.prompt.contains("Enabled strategies and their signals now") == true)
    }

    @Test func aRoundReRunFromTheRecordCallsNoProvider() async throws {
        let rig = try await AgentRig()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("replies-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        rig.server.script([.reply(AgentFixtures.reply()), .reply("not json"), .reply(AgentFixtures.reply(confidence: "0.9"))], for: .openai)
        let specs = [try rig.spec(.openai, "a"), try rig.spec(.openai, "b"), try rig.spec(.openai, "c", ["mode": "vote", "samples": "2"])]
        var first: [ModelDecision] = []
        for spec in specs { first.append(try await rig.decide(spec, book: ReplyBook(directory: folder, mode: .record))) }
        let calls = rig.server.requestCount
        var again: [ModelDecision] = []
        for spec in specs { again.append(try await rig.decide(spec, book: ReplyBook(directory: folder, mode: .replay))) }
        await rig.stop()
        #expect(rig.server.requestCount == calls, "replay made no HTTP call")
        func essence(_ d: ModelDecision) -> [String] {
            [d.action.rawValue, d.symbol?.value ?? "", "\(d.positionSizePct)", "\(d.confidence)", d.rationale, d.trace?.promptHash ?? "",
             d.trace?.rawReply ?? "", "\(d.trace?.validationErrors ?? [])", "\(d.trace?.cost ?? .zero)"]
        }
        #expect(first.map(essence) == again.map(essence))
        #expect(again.allSatisfy { $0.exchange?.replayed == true })
        // A snapshot with nothing recorded holds rather than calling.
        let other = try SampleSnapshots.snapshots(limit: 31).last!
        let input = try AgentFixtures.input(specs[0], snapshot: other)
        let missing = try await ArenaCatalog.running(rig.runtime(book: ReplyBook(directory: folder, mode: .replay))).model(specs[0]).decide(input)
        #expect(missing.action == .hold && missing.exchange?.violations == ["no_recorded_reply"])
    }
}
