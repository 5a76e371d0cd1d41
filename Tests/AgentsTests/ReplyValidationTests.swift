@testable import Agents
import ArenaCore
import ArenaTesting
import Models
import Testing

/// Strict reading and validation of replies: exactly one JSON object, the schema, the account.
@Suite struct ReplyValidationTests {
    func violations(_ text: String, profile: String = "spot", positions: [PositionState] = []) throws -> [String] {
        let spec = try AgentFixtures.spec("v", ["profile": profile])
        let input = try AgentFixtures.input(spec, positions: positions)
        guard case .success(let object) = ReplyReading.object(text) else {
            if case .failure(let v) = ReplyReading.object(text) { return [v.name] }
            return []
        }
        let settings = try AgentSettings(LLMAgent.schema.parameters(spec.parameters))
        switch DecisionValidation(rules: settings.rules, input: input).proposal(object) {
        case .success: return []
        case .failure(let v): return v.map(\.name)
        }
    }

    @Test func malformedRepliesAreNamedNeverGuessed() throws {
        let valid = AgentFixtures.reply()
        #expect(try violations(valid) == [])
        #expect(try violations("[\(valid)]") == ["array_not_object"])
        #expect(try violations("Sure! Here is my decision: \(valid) Good luck.") == ["prose_around_json"])
        #expect(try violations("```json\n\(valid)\n```") == ["markdown_fence"])
        #expect(try violations(String(valid.dropLast(20))) == ["truncated_json"])
        #expect(try violations("") == ["empty_reply"])
        #expect(try violations("   \n") == ["empty_reply"])
        #expect(try violations("I would BUY bitcoin now.") == ["not_json"])
        #expect(try violations("\"BUY\"") == ["not_an_object"])
        #expect(try violations(#"{"action":"BUY","action":"HOLD"}"#) == ["duplicate_key"])
        #expect(try violations(valid + valid) == ["text_after_json"])
    }

    @Test func schemaViolations() throws {
        #expect(try violations(AgentFixtures.reply(extra: #","leverage":3"#)) == ["unknown_field"])
        #expect(try violations(#"{"symbol":"BTCUSDT","action":"BUY"}"#).filter { $0 == "missing_field" }.count == 5)
        #expect(try violations(AgentFixtures.reply(action: "LONG")) == ["unknown_action"])
        #expect(try violations(AgentFixtures.reply(size: "\"0.1\"")) == ["wrong_type"])
        #expect(try violations(AgentFixtures.reply(confidence: "1.5")) == ["confidence_out_of_range"])
        #expect(try violations(AgentFixtures.reply(rationale: String(repeating: "x", count: 201))) == ["rationale_too_long"])
        #expect(try violations(AgentFixtures.reply(rationale: String(repeating: "x", count: 200))) == [])
    }

    @Test func repliesMustMakeSenseForTheAccount() throws {
        let btc = AgentFixtures.btc, price = AgentFixtures.price(btc)
        #expect(try violations(AgentFixtures.reply(symbol: "DOGEUSDT")) == ["symbol_not_in_universe"])
        #expect(try violations(AgentFixtures.reply(symbol: "")) == ["symbol_not_in_universe"])
        #expect(try violations(AgentFixtures.reply(symbol: nil)) == ["symbol_missing"])
        #expect(try violations(AgentFixtures.reply(action: "SELL")) == ["sell_while_flat"])
        #expect(try violations(AgentFixtures.reply(size: "0.25")) == ["size_out_of_bounds"])
        #expect(try violations(AgentFixtures.reply(size: "0")) == ["size_out_of_bounds"])
        #expect(try violations(AgentFixtures.reply(takeProfit: "\((price - 1).description)")) == ["take_profit_wrong_side"])
        #expect(try violations(AgentFixtures.reply(stopLoss: "\((price + 1).description)")) == ["stop_loss_wrong_side"])
        let held = AgentFixtures.long(btc, FixedDecimal(test: "0.01"), at: price)
        #expect(try violations(AgentFixtures.reply(), positions: [held]) == ["buy_while_in_position"])
        #expect(try violations(AgentFixtures.reply(action: "SELL"), positions: [held]) == [])
        let eth = AgentFixtures.long(AgentFixtures.eth, 1, at: AgentFixtures.price(AgentFixtures.eth))
        #expect(try violations(AgentFixtures.reply(), positions: [eth]) == ["second_open_symbol"])
        // A HOLD needs no symbol and no sensible prices.
        #expect(try violations(AgentFixtures.reply(symbol: nil, action: "HOLD", size: "0", takeProfit: "0", stopLoss: "0")) == [])
    }

    @Test func aValidReplyBecomesThatProposal() throws {
        let spec = try AgentFixtures.spec()
        let input = try AgentFixtures.input(spec)
        let text = AgentFixtures.reply(size: "0.15", takeProfit: "30000.5", stopLoss: "27000.25")
        guard case .success(let object) = ReplyReading.object(text) else { Issue.record("not read"); return }
        let settings = try AgentSettings(LLMAgent.schema.parameters(spec.parameters))
        guard case .success(let p) = DecisionValidation(rules: settings.rules, input: input).proposal(object) else {
            Issue.record("rejected: \(DecisionValidation(rules: settings.rules, input: input).proposal(object))"); return
        }
        #expect(p.action == .buy && p.intent == .open && p.symbol == AgentFixtures.btc)
        #expect(p.positionSizePct == FixedDecimal(test: "0.15"))
        #expect(p.takeProfit == FixedDecimal(test: "30000.5") && p.stopLoss == FixedDecimal(test: "27000.25"))
        #expect(p.confidence == 0.7 && p.rationale == "trend up")
    }

    @Test func perpetualProfile() throws {
        let price = AgentFixtures.price(AgentFixtures.btc)
        func perp(_ action: String, tp: FixedDecimal, sl: FixedDecimal, leverage: String = "3", invalidation: String = "close above the range") -> String {
            AgentFixtures.reply(action: action, takeProfit: tp.description, stopLoss: sl.description,
                                extra: #","leverage":\#(leverage),"invalidation_condition":"\#(invalidation)""#)
        }
        #expect(try violations(perp("SELL", tp: price - 100, sl: price + 100), profile: "perpetual") == [])
        #expect(try violations(perp("SELL", tp: price + 100, sl: price - 100), profile: "perpetual") == ["take_profit_wrong_side", "stop_loss_wrong_side"])
        #expect(try violations(perp("BUY", tp: price + 100, sl: price - 100, leverage: "50"), profile: "perpetual") == ["leverage_out_of_bounds"])
        #expect(try violations(perp("BUY", tp: price + 100, sl: price - 100, invalidation: " "), profile: "perpetual") == ["invalidation_condition_missing"])
        // The spot reply lacks the perpetual fields.
        #expect(try violations(AgentFixtures.reply(), profile: "perpetual") == ["missing_field", "missing_field"])
    }

    @Test func strictJSONKeepsNumbersAsWritten() throws {
        let node = try StrictJSON.parse(#" {"b": 65000.123456789012, "a": [1e-3, -0, true, null, "x\u00e9\n"]} "#)
        #expect(node.canonical == #"{"a":[1e-3,-0,true,null,"xé\n"],"b":65000.123456789012}"#)
        #expect(throws: JSONSyntaxError.self) { try StrictJSON.parse("{\"a\":01}") }
        #expect(throws: JSONSyntaxError.self) { try StrictJSON.parse("{\"a\":1,}") }
        #expect(throws: JSONSyntaxError.self) { try StrictJSON.parse("{'a':1}") }
    }
}

