import ArenaCore

/// One deterministic sample of every registered message type: the source of
/// the golden vectors in `proto/golden/` and of interoperability tests.
public enum WireSamples {
    /// The metadata used in golden frames.
    public static let metadata = EnvelopeMetadata(
        id: MessageID(instance: 0x0123_4567_89AB_CDEF, sequence: 42),
        correlation: MessageID(instance: 0xFEDC_BA98_7654_3210, sequence: 7),
        source: "gateway", sentAt: Timestamp(nanoseconds: 1_722_470_400_125_431_000), trace: "tick-20240801T0000Z",
        topicSequence: 9
    )

    /// The sample trade (also what the benchmarks send).
    public static var trade: Trade {
        let t0 = Timestamp(milliseconds: 1_722_470_400_000)
        return Trade(
            venue: VenueID(unchecked: "binance"), symbol: Symbol(unchecked: "BTCUSDT"), market: .spot, tradeID: 3_012_345_678,
            price: try! FixedDecimal(parsing: "67124.45"), quantity: try! FixedDecimal(parsing: "0.00123"), takerSide: .buy,
            eventTime: t0, receiveTime: t0.advanced(by: .microseconds(2_431))
        )
    }

    /// `(file stem, message)` for every registered type, in id order.
    public static var all: [(name: String, message: any WireMessage)] {
        let venue = VenueID(unchecked: "binance"), btc = Symbol(unchecked: "BTCUSDT")
        let t0 = Timestamp(milliseconds: 1_722_470_400_000)
        func d(_ s: String) -> FixedDecimal { try! FixedDecimal(parsing: s) }
        let sampleBar = Bar(
            venue: venue, symbol: Symbol(unchecked: "ETHUSDT"), timeframe: .m5, openTime: t0, open: d("3230.5"),
            high: d("3241.99"), low: d("3228.01"), close: d("3240"), volume: d("1520.3371"),
            quoteVolume: d("4921433.118822"), tradeCount: 8_812, takerBuyVolume: nil, isClosed: true
        )
        let sampleFunding = FundingRate(
            venue: VenueID(unchecked: "binance-usdm"), symbol: btc, rate: d("-0.00012345"), markPrice: d("67130.1"),
            indexPrice: nil, nextFundingTime: Timestamp(milliseconds: 1_722_499_200_000), eventTime: t0
        )
        return [
            ("Trade", trade),
            ("Bar", sampleBar),
            ("BookTop", BookTop(
                venue: venue, symbol: btc, bidPrice: d("67124.44"), bidQuantity: d("1.5"), askPrice: d("67124.45"),
                askQuantity: d("0.25"), updateID: 51_827_349_000, eventTime: t0
            )),
            ("FundingRate", sampleFunding),
            ("Liquidation", Liquidation(
                venue: VenueID(unchecked: "binance-usdm"), symbol: Symbol(unchecked: "SOLUSDT"), side: .buy,
                price: d("142.07"), quantity: d("350"), averagePrice: d("142.11"), eventTime: t0
            )),
            ("BookDepth", BookDepth(
                venue: venue, symbol: btc,
                bids: [PriceLevel(price: d("61837.63"), quantity: d("3.78826")), PriceLevel(price: d("61837.62"), quantity: d("0.617"))],
                asks: [PriceLevel(price: d("61837.64"), quantity: d("1.54698"))], updateID: 50_093_239_218, eventTime: t0
            )),
            // The documented examples of Binance's three endpoints; the top-trader share is absent, as when that endpoint failed.
            ("Positioning", Positioning(
                venue: VenueID(unchecked: "binance-usdm"), symbol: btc, period: .m5, openInterest: d("20403.637"),
                openInterestValue: d("150570784.07809979"), longShortRatio: d("1.9559"), topTraderLongShare: nil, eventTime: t0
            )),
            ("BarsQuery", BarsQuery(
                symbol: btc, timeframe: .h1, range: TimeRange(from: t0, to: t0.advanced(by: .seconds(86_400))), limit: 500
            )),
            ("BarsReply", BarsReply(bars: [sampleBar], truncated: false)),
            ("TradesQuery", TradesQuery(
                symbol: btc, range: TimeRange(from: t0, to: t0.advanced(by: .seconds(60))), afterTradeID: 3_012_345_677, limit: 1_000
            )),
            ("TradesReply", TradesReply(trades: [trade], truncated: true)),
            ("LatestPricesQuery", LatestPricesQuery(symbols: [btc, Symbol(unchecked: "ETHUSDT")])),
            ("LatestPricesReply", LatestPricesReply(prices: [LatestPrice(symbol: btc, price: d("67124.45"), time: t0)])),
            ("LatestFundingQuery", LatestFundingQuery(symbols: [])),
            ("LatestFundingReply", LatestFundingReply(rates: [sampleFunding])),
            ("CoverageQuery", CoverageQuery(symbols: [btc], timeframes: [.m1, .h1])),
            ("CoverageReply", CoverageReply(entries: [
                CoverageEntry(
                    symbol: btc, timeframe: .m1, first: t0, last: t0.advanced(by: .seconds(3_540)), bars: 58, missingBars: 2,
                    missing: [TimeRange(from: t0.advanced(by: .seconds(600)), to: t0.advanced(by: .seconds(720)))]
                ),
            ])),
            ("Heartbeat", Heartbeat(
                service: ServiceName(unchecked: "features"), instance: "5f1c2e9a", state: .ready, sentAt: t0,
                uptimeSeconds: 3_600, intervalMilliseconds: 1_000, cpuSeconds: 12.5, residentMemoryBytes: 48_234_496
            )),
            ("Alert", Alert(
                id: "gap-BTCUSDT-3012345000", severity: .warning, kind: "data_gap", source: ServiceName(unchecked: "gateway"),
                title: "Gap in BTCUSDT trades", message: "aggregate ids 3012345000–3012345099 missing; repairing by REST ✓",
                symbol: btc, model: nil, fields: ["missing": "100", "venue": "binance"], time: t0
            )),
            ("ControlRequest", ControlRequest(command: .status)),
            ("ServiceStatus", ServiceStatus(
                service: ServiceName(unchecked: "risk"), instance: "a1b2c3d4", state: .degraded, version: "0.1.0",
                startedAt: t0, now: t0.advanced(by: .seconds(90)), counters: ["verdicts": 12, "errors": 0]
            )),
            ("PaceMark", PaceMark(service: ServiceName(unchecked: "oms"), through: t0.advanced(by: .seconds(60)), phase: .settle)),
            ("ErrorReply", ErrorReply(code: "unsupported_message_type", message: "no handler for Bar#2", retryable: false)),
        ] + arenaSamples(d)
    }

    /// The sample market snapshot (one symbol, one bar, two indicators, some
    /// order flow), at 2024-08-01 00:05 UTC: what the arena samples carry.
    public static var snapshot: MarketSnapshot {
        let btc = Symbol(unchecked: "BTCUSDT"), tick = Timestamp(milliseconds: 1_722_470_700_000)
        func d(_ s: String) -> FixedDecimal { try! FixedDecimal(parsing: s) }
        var flow = OrderFlowSnapshot(warmGroups: ["flow30m", "whales"])
        flow.cvd30m = d("-12.5031")
        flow.vwap30m = d("67101.77")
        flow.whaleBuyNotional = d("250000.5")
        flow.whaleSellNotional = .zero
        flow.whaleBuyRatio = 1
        return MarketSnapshot(tick: tick, tickIntervalSeconds: 300, symbols: [
            SymbolSnapshot(
                symbol: btc, venue: VenueID(unchecked: "binance"), market: .spot,
                bars1m: [SnapshotBar(openTime: tick.advanced(by: .seconds(-60)), open: d("67100"), high: d("67130.5"), low: d("67090.01"), close: d("67124.45"), volume: d("12.875"))],
                ticker: Ticker(bid: d("67124.44"), ask: d("67124.45"), last: d("67124.45"), time: tick),
                indicatorTimeframe: .m5,
                indicators: [IndicatorValue(name: "ema_21", value: 67050.25), IndicatorValue(name: "rsi_14", value: nil)],
                orderFlow: flow,
                regime: RegimeReading(
                    regime: .weakTrend,
                    inputs: RegimeInputs(adx: 22.5, bollingerWidth: 0.012, atrPercentile: 40, efficiency: 0.31, volumeTrend: 1.1, breakout: 0),
                    history: [.range, .weakTrend]
                )
            ),
        ])
    }

    /// Samples of the feature engine's and the arena clock's messages.
    private static func arenaSamples(_ d: (String) -> FixedDecimal) -> [(name: String, message: any WireMessage)] {
        let btc = Symbol(unchecked: "BTCUSDT"), model = ModelID(unchecked: "ema_trend")
        let snapshot = Self.snapshot, tick = snapshot.tick
        let hash = String(repeating: "ab", count: 32)
        // A made-up hash keeps the golden vectors readable; the bytes after it are the snapshot's canonical bytes.
        let sealed = try! SealedSnapshot(snapshot: snapshot, claimedHash: hash)
        let spec = ModelSpec(
            id: model, kind: "ema_trend", version: "1",
            parameters: [ModelParameter(key: "ema_fast", value: "9"), ModelParameter(key: "ema_slow", value: "55")],
            configHash: String(repeating: "cd", count: 32)
        )
        let account = AccountState(
            modelID: model, source: .ledger, asOf: tick, sequence: 42, cash: d("8000"),
            positions: [PositionState(
                symbol: btc, quantity: d("0.03"), averagePrice: d("66000"), unrealizedPnL: d("33.7335"), markPrice: d("67124.45"),
                openedAt: tick.advanced(by: .seconds(-3_600))
            )],
            nav: d("10013.7335"), realizedPnL: d("-12.5"), fees: d("3.96"), unrealizedPnL: d("33.7335"), peakNAV: d("10120"),
            dayStartNAV: d("10050")
        )
        let decisionID = ScoringJob.decisionID(model: model, tick: tick)
        let decision = ModelDecision(
            decisionID: decisionID, modelID: model, configHash: spec.configHash, tick: tick, snapshotHash: hash,
            outcome: .decided, action: .buy, symbol: btc, positionSizePct: d("0.2"), takeProfit: d("68000"),
            stopLoss: d("66500"), leverage: nil, confidence: 0.7, rationale: "EMA 9 > 21 > 55, RSI 58",
            latencyMilliseconds: 3, worker: "scorer-1", trace: nil, intent: .open,
            bracket: Bracket(
                entryReference: d("67000"), stopLoss: d("66500"), takeProfit1: d("67500"), takeProfit1Fraction: d("0.5"),
                takeProfit2: d("68000"), breakEvenAfterTakeProfit1: true, timeStopSeconds: 3_600, atr: d("250"), stopATR: d("2"),
                takeProfit1ATR: d("2"), takeProfit2ATR: d("4"), riskAmount: d("200")
            ),
            details: DecisionDetails(
                inputs: [NamedValue("ema_9", 67010.5), NamedValue("rsi_14", 58.25)], score: 82, threshold: 75, tier: "standard",
                direction: .buy, layers: [LayerScore(name: "direction", score: 40, maximum: 45, reason: "CVD 30m and 4h agree")],
                allocations: [Allocation(strategy: "ema_trend", weight: 0.6, signal: 0.8, score: 0.7, reason: "fit 1 in STRONG_TREND")],
                votes: [Vote(model: model, decisionID: decisionID, action: .buy, symbol: btc, confidence: 0.7, outcome: .decided)],
                notes: ["open interest missing"]
            ),
            // Every field of the LLM record, so the golden vectors cover it (a rule strategy carries none).
            exchange: LLMExchange(
                provider: "openai", model: "gpt-4o-mini", mode: "vote", replayed: false,
                calls: [LLMCall(
                    sample: 0, requestID: "chatcmpl-123", attempts: 2, outcome: "ok", error: nil, rawReply: #"{"action":"BUY"}"#,
                    parsedReply: #"{"action":"BUY"}"#, violations: [], action: .buy, inputTokens: 1_200, outputTokens: 80, cost: d("0.000228"),
                    latencyMilliseconds: 1_450
                )],
                tally: ["BUY BTCUSDT=1"], parsedReply: #"{"action":"BUY"}"#, violations: []
            ),
            modelFile: ModelFileStamp(path: "config/models/mlp-5m.json", sha256: String(repeating: "ab", count: 32))
        )
        let history = [DecisionSummary(decision, snapshot: snapshot)]
        let execution = Self.execution(model: model, symbol: btc, tick: tick, decisionID: decisionID, bracket: decision.bracket)
        return [
            ("FeatureSnapshot", FeatureSnapshot(sealed)),
            ("ScoringJob", ScoringJob(
                decisionID: decisionID, model: spec, sealed: sealed, account: account, deadline: tick.advanced(by: .seconds(8)),
                history: history, members: [decision], spentToday: d("0.0123")
            )),
            ("ModelDecision", decision),
            ("DecisionAck", DecisionAck(decisionID: decisionID, firstReceipt: true)),
            ("RoundRecord", RoundRecord(
                tick: tick, snapshotHash: hash, startedAt: tick, finishedAt: tick.advanced(by: .milliseconds(8_000)),
                entries: [
                    RoundEntry(modelID: model, decisionID: decisionID, outcome: .decided, action: .buy, latencyMilliseconds: 3),
                    RoundEntry(modelID: ModelID(unchecked: "gpt"), decisionID: "gpt@\(tick.nanoseconds / 1_000_000)", outcome: .timeout, action: .hold, latencyMilliseconds: 8_000),
                ]
            )),
        ] + Array(execution.prefix(4)) + [("AccountState", account)] + Array(execution.dropFirst(4))
    }
}
