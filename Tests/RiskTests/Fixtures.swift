import ArenaCore
import Risk

/// Small, realistic inputs for the risk engine: BTC at 50 000 on spot or
/// perpetual, a 10 000 USDT account, decisions one tick apart.
enum Fixture {
    static let btc = Symbol(unchecked: "BTCUSDT")
    static let eth = Symbol(unchecked: "ETHUSDT")
    static let alpha = ModelID(unchecked: "alpha")
    static let beta = ModelID(unchecked: "beta")
    static let venue = VenueID(unchecked: "paper")
    /// 2024-08-01T10:00:00Z.
    static let start = Timestamp(milliseconds: 1_722_506_400_000)

    /// `start` + `seconds`.
    static func at(_ seconds: Int64) -> Timestamp { Timestamp(nanoseconds: start.nanoseconds + seconds * 1_000_000_000) }

    /// An exact decimal from a literal written in the test.
    static func d(_ text: String) -> FixedDecimal {
        guard let value = FixedDecimal(text) else { fatalError("bad decimal literal \(text) in a test") }
        return value
    }

    static func engine(_ limits: RiskLimits = .standard) -> RiskEngine {
        RiskEngine(limits: limits, models: [alpha, beta], venue: venue)
    }

    static func symbol(_ symbol: Symbol = btc, price: String = "50000", market: MarketKind = .spot, atrPercentile: Double? = 50, at tick: Timestamp) -> SymbolSnapshot {
        SymbolSnapshot(
            symbol: symbol, venue: venue, market: market, bars1m: [], ticker: Ticker(bid: nil, ask: nil, last: d(price), time: tick),
            indicatorTimeframe: .m15, indicators: [],
            orderFlow: nil,
            regime: RegimeReading(
                regime: .range,
                inputs: RegimeInputs(adx: 20, bollingerWidth: 0.02, atrPercentile: atrPercentile, efficiency: 0.3, volumeTrend: 1, breakout: 0),
                history: []
            )
        )
    }

    static func snapshot(price: String = "50000", market: MarketKind = .spot, atrPercentile: Double? = 50, at tick: Timestamp) -> MarketSnapshot {
        MarketSnapshot(
            tick: tick, tickIntervalSeconds: 60,
            symbols: [symbol(btc, price: price, market: market, atrPercentile: atrPercentile, at: tick), symbol(eth, price: "2500", market: market, at: tick)]
        )
    }

    static func position(
        _ symbol: Symbol = btc, quantity: String, average: String = "50000", mark: String? = nil, market: MarketKind = .spot,
        leverage: String = "1", openedAt: Timestamp = start
    ) -> PositionState {
        PositionState(
            symbol: symbol, quantity: d(quantity), averagePrice: d(average), unrealizedPnL: .zero, market: market,
            markPrice: mark.map(d), leverage: d(leverage), openedAt: openedAt
        )
    }

    static func account(
        _ model: ModelID = alpha, nav: String = "10000", positions: [PositionState] = [], peak: String? = nil, dayStart: String? = nil,
        at time: Timestamp = start
    ) -> AccountState {
        AccountState(
            modelID: model, source: .ledger, asOf: time, sequence: 1, cash: d(nav), positions: positions, nav: d(nav),
            realizedPnL: .zero, fees: .zero, peakNAV: peak.map(d), dayStartNAV: dayStart.map(d)
        )
    }

    /// A decision at `tick`: by default BUY/OPEN 10 % of NAV in BTC, stop 49 000, target 52 000, confidence 0.8.
    static func decision(
        _ model: ModelID = alpha, at tick: Timestamp = start, action: TradeAction = .buy, intent: PositionIntent = .open,
        symbol: Symbol? = btc, size: String = "0.1", takeProfit: String? = "52000", stopLoss: String? = "49000",
        leverage: String? = nil, confidence: Double = 0.8, bracket: Bracket? = nil
    ) -> ModelDecision {
        ModelDecision(
            decisionID: ScoringJob.decisionID(model: model, tick: tick), modelID: model, configHash: "cfg", tick: tick,
            snapshotHash: "snap", outcome: .decided, action: action, symbol: symbol, positionSizePct: d(size),
            takeProfit: takeProfit.map(d), stopLoss: stopLoss.map(d), leverage: leverage.map(d), confidence: confidence,
            rationale: "test", latencyMilliseconds: 1, worker: nil, trace: nil, intent: intent, bracket: bracket
        )
    }

    /// A fill of `model`'s order at `time`.
    static func fill(_ model: ModelID = alpha, purpose: OrderPurpose, at time: Timestamp, n: Int = 1) -> Fill {
        Fill(
            fillID: "f\(n)#1", clientOrderID: .derived(from: "fill\(n)", leg: "exit"), modelID: model, symbol: btc, market: .spot,
            side: .sell, quantity: d("0.01"), price: d("49000"), fee: .zero, liquidity: .taker, purpose: purpose, time: time
        )
    }

    static func control(_ id: String, _ command: TradingControl.Command, model: ModelID?, state: TradingState? = nil) -> TradingControl {
        TradingControl(requestID: id, command: command, modelID: model, state: state, operatorName: "ops", reason: "test")
    }
}

extension RiskEngine {
    /// Evaluates the default-market decision `decision` at its own tick (a convenience for tests).
    mutating func judge(
        _ decision: ModelDecision, account: AccountState = Fixture.account(), snapshot: MarketSnapshot? = nil, now: Timestamp? = nil
    ) -> RiskEvaluation {
        let time = now ?? decision.tick
        return evaluate(decision, snapshot: snapshot ?? Fixture.snapshot(at: decision.tick), account: account, now: time)
    }
}
