@testable import Agents
import ArenaCore
import ArenaTesting
import Models
import Testing

/// The strategy allocator's checks and blend, and the self-consistency vote, on hand-checked cases.
@Suite struct AllocatorAndVoteTests {
    let rules = AllocatorRules(enabled: ["ema_trend", "momentum", "breakout"], entryThreshold: 0.2, exitThreshold: 0.1)
    let universe = [AgentFixtures.btc, AgentFixtures.eth]

    func reply(_ allocations: [(String, String)], total: String = "0.8", regime: String = "STRONG_TREND", symbol: String = "BTCUSDT") -> JSONNode {
        let items = allocations.map { #"{"strategy_id":"\#($0.0)","weight":\#($0.1),"confidence":0.7,"reasoning":"fits"}"# }.joined(separator: ",")
        let text = #"{"symbol":"\#(symbol)","market_regime":"\#(regime)","strategy_allocations":[\#(items)],"total_position":\#(total),"confidence":0.8,"reasoning":"trend"}"#
        return try! StrictJSON.parse(text)
    }

    func names(_ result: Result<AllocatorRules.Plan, Violations>) -> [String] {
        if case .failure(let v) = result { return v.map(\.name) }
        return []
    }

    @Test func allocatorChecks() {
        #expect(names(rules.plan(reply([("ema_trend", "0.5"), ("momentum", "0.3"), ("breakout", "0.2")]), universe: universe)) == [])
        // 1.04 is within 1 ± 0.05; 1.06 and 0.94 are not.
        #expect(names(rules.plan(reply([("ema_trend", "0.54"), ("momentum", "0.3"), ("breakout", "0.2")]), universe: universe)) == [])
        #expect(names(rules.plan(reply([("ema_trend", "0.56"), ("momentum", "0.3"), ("breakout", "0.2")]), universe: universe)) == ["weights_do_not_sum_to_one"])
        #expect(names(rules.plan(reply([("ema_trend", "0.44"), ("momentum", "0.3"), ("breakout", "0.2")]), universe: universe)) == ["weights_do_not_sum_to_one"])
        #expect(names(rules.plan(reply([("grid_trading", "1")]), universe: universe)) == ["strategy_not_enabled"])
        #expect(names(rules.plan(reply([("ema_trend", "0.5"), ("ema_trend", "0.5")]), universe: universe)) == ["duplicate_strategy"])
        #expect(names(rules.plan(reply([("ema_trend", "1.5"), ("momentum", "-0.5")]), universe: universe)) == ["weight_out_of_range", "weight_out_of_range"])
        #expect(names(rules.plan(reply([("ema_trend", "1")], total: "1.2"), universe: universe)) == ["total_position_out_of_range"])
        #expect(names(rules.plan(reply([("ema_trend", "1")], total: "-1"), universe: universe)) == [])
        #expect(names(rules.plan(reply([("ema_trend", "1")], regime: "SIDEWAYS"), universe: universe)) == ["unknown_market_regime"])
        #expect(names(rules.plan(reply([("ema_trend", "1")], symbol: "XRPUSDT"), universe: universe)) == ["symbol_not_in_universe"])
        #expect(names(rules.plan(reply([]), universe: universe)) == ["no_allocations"])
    }

    @Test func allocatorBlendHandChecked() throws {
        let readings = [
            StrategyPanel.Reading(kind: "ema_trend", signal: 0.8, entry: nil),
            StrategyPanel.Reading(kind: "momentum", signal: 0.6, entry: nil),
            StrategyPanel.Reading(kind: "breakout", signal: 0, entry: nil),
        ]
        guard case .success(let plan) = rules.plan(reply([("ema_trend", "0.5"), ("momentum", "0.3"), ("breakout", "0.2")]), universe: universe),
              case .success(let blend) = rules.blend(plan, readings: readings) else { Issue.record("rejected"); return }
        // (0.5 × 0.8 + 0.3 × 0.6 + 0.2 × 0) × 0.8 = 0.464
        #expect(abs(blend.value - 0.464) < 1e-12)
        let target = blend.target(held: nil, entry: 0.2, exit: 0.1, maxPosition: FixedDecimal(test: "0.2"))
        #expect(target.side == .long && target.size == FixedDecimal(test: "0.0928"))
        // Weights summing to 1.04 are normalised: ema_trend 0.52/1.04 = 0.5.
        guard case .success(let wide) = rules.plan(reply([("ema_trend", "0.52"), ("momentum", "0.52")]), universe: universe) else { Issue.record("rejected"); return }
        #expect(wide.weights.map(\.weight) == [0.5, 0.5])
        // A negative total on a positive blend would invert the strategies.
        guard case .success(let against) = rules.plan(reply([("ema_trend", "1")], total: "-0.5"), universe: universe) else { Issue.record("rejected"); return }
        guard case .failure(let v) = rules.blend(against, readings: readings) else { Issue.record("accepted"); return }
        #expect(v.name == "total_position_against_blend")
        // Below the entry threshold: flat stays flat.
        guard case .success(let small) = rules.plan(reply([("momentum", "0.5"), ("breakout", "0.5")], total: "0.5"), universe: universe),
              case .success(let weak) = rules.blend(small, readings: readings) else { Issue.record("rejected"); return }
        #expect(abs(weak.value - 0.15) < 1e-12)
        #expect(weak.target(held: nil, entry: 0.2, exit: 0.1, maxPosition: FixedDecimal(test: "0.2")).side == .flat)
    }

    func sample(_ i: Int, _ action: TradeAction?, symbol: Symbol? = AgentFixtures.btc, confidence: Double = 0.5) -> JudgedSample {
        let call = LLMCall(sample: i, requestID: nil, attempts: 1, outcome: "ok", error: nil, rawReply: "", parsedReply: nil, violations: [],
                           action: action, inputTokens: 0, outputTokens: 0, cost: .zero, latencyMilliseconds: 0)
        guard let action else { return JudgedSample(call: call, proposal: nil, violations: [Violation("not_json", "")]) }
        let p = action == .hold ? ModelProposal.hold("wait")
            : ModelProposal(action: action, intent: .open, symbol: symbol, positionSizePct: FixedDecimal(test: "0.1"), confidence: confidence, rationale: "r")
        return JudgedSample(call: call, proposal: p, violations: [])
    }

    @Test func votesWithThreeAndFiveSamples() {
        #expect(Vote.count([sample(0, .buy), sample(1, .buy), sample(2, .hold)]).winner == "BUY BTCUSDT")
        #expect(Vote.count([sample(0, .buy), sample(1, .sell), sample(2, .hold)]).winner == nil)
        // A failed sample votes HOLD.
        #expect(Vote.count([sample(0, .buy), sample(1, nil), sample(2, nil)]).winner == "HOLD")
        // The same action on another symbol is another choice.
        #expect(Vote.count([sample(0, .buy), sample(1, .buy, symbol: AgentFixtures.eth), sample(2, .hold)]).winner == nil)
        #expect(Vote.count([sample(0, .buy), sample(1, .buy), sample(2, .sell), sample(3, .sell), sample(4, .hold)]).winner == nil)
        #expect(Vote.count([sample(0, .buy), sample(1, .buy), sample(2, .buy), sample(3, .sell), sample(4, .hold)]).winner == "BUY BTCUSDT")
        // BUY 2, HOLD 2 (one of them a failed sample): a tie.
        #expect(Vote.count([sample(0, .buy), sample(1, .buy), sample(2, .sell), sample(3, nil), sample(4, .hold)]).winner == nil)
        #expect(Vote.count([sample(0, .buy), sample(1, nil), sample(2, .sell), sample(3, nil), sample(4, .hold)]).winner == "HOLD")
        #expect(Vote.count([sample(0, .buy), sample(1, .buy), sample(2, .sell), sample(3, nil), sample(4, .sell)]).tally == ["BUY BTCUSDT=2", "HOLD=1", "SELL BTCUSDT=2"])
    }

    @Test func voteDecisionCarriesAgreementAndEveryReply() throws {
        let spec = try AgentFixtures.spec("voter", ["mode": "vote", "samples": "3"])
        let settings = try AgentSettings(LLMAgent.schema.parameters(spec.parameters))
        let builder = ExchangeBuilder(settings: settings, prompt: RenderedPrompt(templateVersion: "spot-v1", system: "s", user: "u"))
        let won = builder.decide([sample(0, .buy, confidence: 0.6), sample(1, .buy, confidence: 0.9), sample(2, .hold)], replayed: false)
        #expect(won.action == .buy && abs(won.confidence - 2.0 / 3) < 1e-12 && won.rationale.hasPrefix("vote 2/3"))
        #expect(won.exchange?.calls.count == 3 && won.exchange?.tally == ["BUY BTCUSDT=2", "HOLD=1"])
        let tie = builder.decide([sample(0, .buy), sample(1, .sell), sample(2, .hold)], replayed: false)
        #expect(tie.action == .hold && tie.exchange?.violations == ["vote_tie"] && tie.trace?.validationErrors.last?.hasPrefix("vote_tie") == true)
    }
}
