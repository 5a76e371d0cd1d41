@testable import Agents
import ArenaCore
import ArenaTesting
import Features
import MarketData
import Models
import Testing

/// The unified prompt: byte-identical for the same snapshot, stating what spec §14 lists,
/// and blind to anything after the tick.
@Suite(.cpuBound) struct PromptTests {
    static let tickIndex = 30

    /// The snapshot at the 30th warm tick of the bundled BTC/ETH klines, each 1m bar moved by `change(openTime)` first.
    static func snapshot(_ change: (Timestamp) -> FixedDecimal) throws -> MarketSnapshot {
        try SampleSnapshots.snapshot(tickIndex: tickIndex, moving: change)
    }

    static func prompt(_ snapshot: MarketSnapshot, _ parameters: [String: String] = [:]) throws -> RenderedPrompt {
        let spec = try AgentFixtures.spec("prompter", parameters)
        let agent = try LLMAgent(parameters: LLMAgent.schema.parameters(spec.parameters))
        return agent.renderer.render(try AgentFixtures.input(spec, snapshot: snapshot))
    }

    @Test func theSameSnapshotGivesTheSameBytes() throws {
        let a = try Self.prompt(try Self.snapshot { _ in .zero })
        let b = try Self.prompt(try Self.snapshot { _ in .zero })
        #expect(Array(a.full.utf8) == Array(b.full.utf8))
        #expect(a.hash == b.hash && a.hash.count == 64 && a.templateVersion == "spot-v1")
        #expect(try Self.prompt(AgentFixtures.snapshot, ["profile": "perpetual"]).templateVersion == "perpetual-v1")
        #expect(try Self.prompt(AgentFixtures.snapshot, ["mode": "allocator"]).templateVersion == "allocator-v1")
    }

    @Test func itStatesWhatTheSpecLists() throws {
        let snapshot = AgentFixtures.snapshot
        let text = try Self.prompt(snapshot).user
        #expect(text.contains("Market Time (UTC): \(snapshot.tick)"))
        #expect(text.contains("Account: cash_usdt: 10000, nav_usdt: 10000, positions: none"))
        #expect(text.contains("Universe: [BTCUSDT, ETHUSDT] (spot only)"))
        #expect(text.contains("oldest -> newest"))
        #expect(text.contains("Fees: 5 bp per side; Slippage: 10 bp (est.)"))
        #expect(text.contains("Long only; at most 1 open symbol") && text.contains("Max 20% of NAV per trade"))
        #expect(text.contains("spread_bp") && text.hasSuffix("Return JSON only. No extra text."))
        // 60 one-minute bars per symbol, oldest first, each closed by the tick.
        let btcBars = snapshot.entry(for: AgentFixtures.btc)!.bars1m
        #expect(btcBars.count == 60)
        let first = try #require(text.range(of: "\(btcBars.first!.openTime),")), last = try #require(text.range(of: "\(btcBars.last!.openTime),"))
        #expect(first.lowerBound < last.lowerBound)
        let perp = try Self.prompt(snapshot, ["profile": "perpetual"]).user
        #expect(perp.contains("invalidation_condition") && perp.contains("leverage from 1 to 5"))
    }

    @Test func nothingAfterTheTickReachesThePrompt() throws {
        let reference = try Self.snapshot { _ in .zero }
        let tick = reference.tick
        // Every bar that closes after the tick moves by ±500: the prompt's bytes do not change.
        let later = try Self.snapshot { $0 >= tick ? FixedDecimal($0.milliseconds / 60_000 % 2 == 0 ? 500 : -500) : .zero }
        #expect(try Self.prompt(later).full == Self.prompt(reference).full)
        // The control: a bar inside the prompt's window does change it.
        let earlier = try Self.snapshot { $0 == tick.advanced(by: .seconds(-120)) ? FixedDecimal(500) : .zero }
        #expect(try Self.prompt(earlier).full != Self.prompt(reference).full)
        // And a snapshot that did carry the future (a later bar, a later quote) renders as if it did not.
        var leaky = reference
        var btc = leaky.symbols[0]
        btc.bars1m.append(SnapshotBar(openTime: tick, open: 1, high: 2, low: 1, close: 2, volume: 9))
        btc.ticker = Ticker(bid: 1, ask: 2, last: 2, time: tick.advanced(by: .seconds(30)))
        leaky.symbols[0] = btc
        let leakyText = try Self.prompt(leaky).user
        #expect(!leakyText.contains("\(tick),1,2,1,2,9"))
        #expect(leakyText.contains("BTCUSDT: no quote at or before the tick"))
    }

    @Test func feedbackComesFromEarlierDecisionsOnly() throws {
        let snapshot = AgentFixtures.snapshot, btc = AgentFixtures.btc
        func summary(_ minutes: Int64, _ action: TradeAction, price: FixedDecimal, regime: String) -> DecisionSummary {
            DecisionSummary(
                tick: snapshot.tick.advanced(by: .seconds(minutes * 60)), outcome: .decided, action: action, intent: action == .hold ? .none : .open, symbol: btc,
                positionSizePct: 0, confidence: 0.5, score: nil, direction: nil, prices: [SymbolPrice(symbol: btc, price: price)],
                signals: [NamedValue("regime=" + regime, 1)]
            )
        }
        // BUY at 100 → 110 (+10 %), BUY at 110 → 99 (−10 %), then a HOLD; and one decision after the tick that must not count.
        let history = [summary(-15, .buy, price: 100, regime: "STRONG_TREND"), summary(-10, .buy, price: 110, regime: "RANGE"),
                       summary(-5, .hold, price: 99, regime: "RANGE"), summary(5, .buy, price: 1_000, regime: "RANGE")]
        let feedback = Feedback(history: history, before: snapshot.tick)
        #expect(feedback.trades == 2 && feedback.winRate == 0.5 && abs(feedback.averageReturn) < 1e-12)
        #expect(feedback.bestRegime?.name == "STRONG_TREND" && feedback.worstRegime?.name == "RANGE")
        #expect(feedback.lines.first == "Entries scored: 2; win rate: 50%; average return: 0%")
    }
}
