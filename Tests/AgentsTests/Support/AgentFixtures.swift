import Agents
import ArenaCore
import ArenaTesting
import Models

/// Snapshots, specs and inputs for agent tests: real BTC/ETH snapshots from the bundled data.
enum AgentFixtures {
    static let btc = SampleSnapshots.btc
    static let eth = SampleSnapshots.eth

    /// A warm snapshot (the 30th tick of the bundled data), built once.
    static let snapshot: MarketSnapshot = {
        do { return try SampleSnapshots.snapshots(limit: 30).last! } catch { fatalError("sample snapshots: \(error)") }
    }()

    /// The spec of an `llm` agent with `parameters` over the defaults of an OpenAI-compatible local server.
    static func spec(_ id: String = "agent", _ parameters: [String: String] = [:]) throws -> ModelSpec {
        var p = ["provider": "openai", "base_url": "http://127.0.0.1:9/v1", "model": "test-model", "api_key_env": "none"]
        for (k, v) in parameters { p[k] = v }
        return try SampleSnapshots.spec(id, kind: "llm", p)
    }

    static func input(_ spec: ModelSpec, snapshot: MarketSnapshot = snapshot, positions: [PositionState] = [], history: [DecisionSummary] = [],
                      spentToday: FixedDecimal? = .zero) throws -> ModelInput {
        var job = try SampleSnapshots.job(spec, snapshot, account: SampleSnapshots.account(spec.id, at: snapshot.tick, positions: positions), history: history)
        job.spentToday = spentToday
        return ModelInput(job)
    }

    /// A long spot position in `symbol`.
    static func long(_ symbol: Symbol, _ quantity: FixedDecimal, at price: FixedDecimal, market: MarketKind = .spot) -> PositionState {
        PositionState(symbol: symbol, quantity: quantity, averagePrice: price, unrealizedPnL: .zero, market: market, markPrice: price, openedAt: snapshot.tick)
    }

    /// The last price of `symbol` in the sample snapshot.
    static func price(_ symbol: Symbol) -> FixedDecimal { snapshot.entry(for: symbol)!.ticker.last }

    /// A spot reply as JSON text.
    static func reply(
        symbol: String? = "BTCUSDT", action: String = "BUY", size: String = "0.1", takeProfit: String? = nil, stopLoss: String? = nil,
        confidence: String = "0.7", rationale: String = "trend up", extra: String = ""
    ) -> String {
        let p = price(btc).doubleValue
        let tp = takeProfit ?? PromptNumber.double(p * 1.02, places: 2), sl = stopLoss ?? PromptNumber.double(p * 0.99, places: 2)
        let sym = symbol.map { "\"\($0)\"" } ?? "null"
        return #"{"symbol":\#(sym),"action":"\#(action)","position_size_pct":\#(size),"take_profit":\#(tp),"stop_loss":\#(sl),"confidence":\#(confidence),"rationale":"\#(rationale)"\#(extra)}"#
    }
}
