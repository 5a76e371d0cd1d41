import ArenaCore
import ArenaWire
import FeaturesService
import Testing

/// Answers that must not become decisions, and one that must.
@Suite struct DecisionValidatorTests {
    static let btc = Symbol(unchecked: "BTCUSDT")
    static let tick = Timestamp(milliseconds: 1_680_321_660_000)

    static var job: ScoringJob {
        let model = ModelSpec(id: ModelID(unchecked: "m"), kind: "stand_in", version: "1", parameters: [], configHash: "c0ffee")
        let entry = SymbolSnapshot(
            symbol: btc, venue: VenueID(unchecked: "binance"), market: .spot, bars1m: [],
            ticker: Ticker(bid: nil, ask: nil, last: FixedDecimal(28_000), time: tick), indicatorTimeframe: .m1, indicators: [],
            orderFlow: nil, regime: RegimeReading(regime: .range, inputs: RegimeInputs(adx: nil, bollingerWidth: nil, atrPercentile: nil, efficiency: nil, volumeTrend: nil, breakout: 0), history: [])
        )
        let snapshot = MarketSnapshot(tick: tick, tickIntervalSeconds: 60, symbols: [entry])
        return ScoringJob(
            decisionID: ScoringJob.decisionID(model: model.id, tick: tick), model: model,
            sealed: try! SealedSnapshot(snapshot: snapshot, claimedHash: "ab12"),
            account: .opening(model: model.id, capital: FixedDecimal(10_000), at: tick), deadline: tick
        )
    }

    static var good: ModelDecision {
        let j = job
        return ModelDecision(
            decisionID: j.decisionID, modelID: j.model.id, configHash: j.model.configHash, tick: tick, snapshotHash: j.snapshotHash,
            outcome: .decided, action: .buy, symbol: btc, positionSizePct: try! FixedDecimal(parsing: "0.1"),
            takeProfit: FixedDecimal(29_000), stopLoss: FixedDecimal(27_500), leverage: nil, confidence: 0.6, rationale: "ok",
            latencyMilliseconds: 999_999, worker: "liar", trace: nil
        )
    }

    @Test func aGoodAnswerIsAcceptedWithTheArenasLatencyAndWorker() throws {
        let decision = try DecisionValidator.accept(Self.good, for: Self.job, latencyMilliseconds: 12, worker: "w1/abcd").get()
        #expect(decision.latencyMilliseconds == 12 && decision.worker == "w1/abcd")
        #expect(decision.action == .buy)
    }

    /// Spoils one field of `d`; the name is what the refusal must mention.
    static func spoil(_ name: String, _ d: inout ModelDecision) {
        switch name {
        case "decision id": d.decisionID = "m@1"
        case "model": d.modelID = ModelID(unchecked: "other")
        case "config hash": d.configHash = "beef"
        case "tick": d.tick = d.tick.advanced(by: .seconds(60))
        case "snapshot hash": d.snapshotHash = "cd34"
        case "timeout": d.outcome = .timeout
        case "with HOLD": d.outcome = .failed
        case "without a symbol": d.symbol = nil
        case "not in the snapshot": d.symbol = Symbol(unchecked: "DOGEUSDT")
        case "position_size_pct": d.positionSizePct = .zero
        case "outside 0…1": d.positionSizePct = FixedDecimal(2)
        case "confidence": d.confidence = .nan
        case "rationale": d.rationale = String(repeating: "x", count: 201)
        case "take_profit": d.takeProfit = FixedDecimal(-1)
        case "leverage": d.leverage = .zero
        default: Issue.record("no spoiler named \(name)")
        }
    }

    @Test(arguments: ["decision id", "model", "config hash", "tick", "snapshot hash", "timeout", "with HOLD", "without a symbol", "not in the snapshot", "position_size_pct", "outside 0…1", "confidence", "rationale", "take_profit", "leverage"])
    func aBadAnswerIsRefusedNamingWhy(_ expected: String) {
        var answer = Self.good
        Self.spoil(expected, &answer)
        switch DecisionValidator.accept(answer, for: Self.job, latencyMilliseconds: 1, worker: "w") {
        case .success: Issue.record("accepted an answer with a bad \(expected)")
        case let .failure(violation): #expect(violation.description.contains(expected), "\(violation)")
        }
    }

    @Test func aHoldNeedsNoSymbolOrSize() throws {
        var hold = Self.good
        hold.action = .hold
        hold.symbol = nil
        hold.positionSizePct = .zero
        #expect(throws: Never.self) { try DecisionValidator.accept(hold, for: Self.job, latencyMilliseconds: 1, worker: "w").get() }
    }
}
