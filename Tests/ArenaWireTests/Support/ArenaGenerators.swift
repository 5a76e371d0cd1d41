import ArenaCore
import PropertyBased

/// Random snapshots, jobs, decisions, rounds and accounts, for property-based tests.
extension Arbitrary {
    /// Finite doubles that JSON round-trips exactly (multiples of 1/64).
    static let double = Gen<Int64>.value(in: -1_000_000_000...1_000_000_000).map { Double($0) / 64 }
    static let optionalDouble = zip(Gen<Bool>.bool, double).map { $0 ? $1 : nil }
    static let model = pick(["ema_trend", "gpt-4o.v2", "buy_and_hold_btc", "m:1"]).map { ModelID(unchecked: $0) }
    static let hash = Gen.letterOrNumber.string(of: 0...64)

    static let snapshotBar = zip(timestamp, decimal, decimal, decimal, decimal, decimal)
        .map { SnapshotBar(openTime: $0, open: $1, high: $2, low: $3, close: $4, volume: $5) }
    static let ticker = zip(optionalDecimal, optionalDecimal, decimal, timestamp).map { Ticker(bid: $0, ask: $1, last: $2, time: $3) }
    static let indicatorValue = zip(text, optionalDouble).map { IndicatorValue(name: $0, value: $1) }
    static let orderFlow = zip(text.array(of: 0...3), optionalDecimal, optionalDecimal, optionalDouble, optionalDouble, optionalInt64)
        .map { groups, cvd, p99, ratio, imbalance, count in
            var flow = OrderFlowSnapshot(warmGroups: groups)
            flow.cvd30m = cvd
            flow.p99Notional = p99
            flow.whaleBuyRatio = ratio
            flow.bookImbalance = imbalance
            flow.largeBuyCount = count.map { Int(truncatingIfNeeded: $0) }
            return flow
        }
    static let optionalOrderFlow = zip(Gen<Bool>.bool, orderFlow).map { $0 ? $1 : nil }
    static let regimeReading = zip(pick(MarketRegime.allCases), optionalDouble, optionalDouble, pick(MarketRegime.allCases).array(of: 0...5))
        .map { regime, adx, width, history in
            RegimeReading(
                regime: regime,
                inputs: RegimeInputs(adx: adx, bollingerWidth: width, atrPercentile: nil, efficiency: adx, volumeTrend: width, breakout: -1),
                history: history
            )
        }
    static let symbolSnapshot = zip(
        zip(symbol, venue, pick(MarketKind.allCases), snapshotBar.array(of: 0...4)),
        zip(ticker, timeframe, indicatorValue.array(of: 0...4), optionalOrderFlow, regimeReading)
    ).map { a, b in
        SymbolSnapshot(
            symbol: a.0, venue: a.1, market: a.2, bars1m: a.3, ticker: b.0, indicatorTimeframe: b.1, indicators: b.2, orderFlow: b.3,
            regime: b.4
        )
    }
    static let marketSnapshot = zip(timestamp, int64, symbolSnapshot.array(of: 0...3))
        .map { MarketSnapshot(tick: $0, tickIntervalSeconds: $1, symbols: $2) }
    /// A snapshot under a random hash: round trips must keep the hash as sent, matching or not.
    static let sealedSnapshot = zip(hash, marketSnapshot).map { try! SealedSnapshot(snapshot: $1, claimedHash: $0) }
    static let featureSnapshot = sealedSnapshot.map(FeatureSnapshot.init)

    static let position = zip(
        zip(symbol, decimal, decimal, decimal, pick(MarketKind.allCases)), zip(decimal, decimal, decimal, optionalDecimal, timestamp)
    ).map { a, b in
        PositionState(
            symbol: a.0, quantity: a.1, averagePrice: a.2, unrealizedPnL: a.3, market: a.4, markPrice: b.0, leverage: b.1, margin: b.2,
            liquidationPrice: b.3, openedAt: b.4
        )
    }
    static let account = zip(
        zip(model, pick(AccountSource.allCases), timestamp, int64), zip(decimal, position.array(of: 0...3), decimal, decimal, decimal),
        zip(decimal, decimal, decimal, decimal, decimal)
    ).map { a, b, c in
        AccountState(
            modelID: a.0, source: a.1, asOf: a.2, sequence: a.3, cash: b.0, positions: b.1, nav: b.2, realizedPnL: b.3, fees: b.4,
            funding: c.0, unrealizedPnL: c.1, marginUsed: c.2, peakNAV: c.3, dayStartNAV: c.4
        )
    }
    static let modelSpec = zip(model, text, text, zip(text, text).map { ModelParameter(key: $0, value: $1) }.array(of: 0...4), hash)
        .map { ModelSpec(id: $0, kind: $1, version: $2, parameters: $3, configHash: $4) }
    static let scoringJob = zip(text, modelSpec, sealedSnapshot, account, timestamp)
        .map { ScoringJob(decisionID: $0, model: $1, sealed: $2, account: $3, deadline: $4) }

    static let trace = zip(zip(text, hash, text, text), zip(text.array(of: 0...3), int64, int64, decimal)).map { a, b in
        DecisionTrace(
            promptTemplateVersion: a.0, promptHash: a.1, prompt: a.2, rawReply: a.3, validationErrors: b.0, inputTokens: b.1,
            outputTokens: b.2, cost: b.3
        )
    }
    static let decision = zip(
        zip(text, model, hash, timestamp, hash, pick(DecisionOutcome.allCases)),
        zip(pick(TradeAction.allCases), zip(Gen<Bool>.bool, symbol).map { $0 ? $1 : nil }, decimal, optionalDecimal, optionalDecimal, optionalDecimal),
        zip(double, text, int64, zip(Gen<Bool>.bool, text).map { $0 ? $1 : nil }, zip(Gen<Bool>.bool, trace).map { $0 ? $1 : nil })
    ).map { a, b, c in
        ModelDecision(
            decisionID: a.0, modelID: a.1, configHash: a.2, tick: a.3, snapshotHash: a.4, outcome: a.5, action: b.0, symbol: b.1,
            positionSizePct: b.2, takeProfit: b.3, stopLoss: b.4, leverage: b.5, confidence: c.0, rationale: c.1,
            latencyMilliseconds: c.2, worker: c.3, trace: c.4
        )
    }
    static let decisionAck = zip(text, Gen<Bool>.bool).map { DecisionAck(decisionID: $0, firstReceipt: $1) }
    static let roundEntry = zip(model, text, pick(DecisionOutcome.allCases), pick(TradeAction.allCases), int64)
        .map { RoundEntry(modelID: $0, decisionID: $1, outcome: $2, action: $3, latencyMilliseconds: $4) }
    static let roundRecord = zip(timestamp, hash, timestamp, timestamp, roundEntry.array(of: 0...5))
        .map { RoundRecord(tick: $0, snapshotHash: $1, startedAt: $2, finishedAt: $3, entries: $4) }
}
