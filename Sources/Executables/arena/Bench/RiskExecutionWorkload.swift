import ArenaCore
import Execution
import Risk

/// Orders through the whole in-process execution path: a decision judged by
/// the risk guard's engine (every entry rule, sizing, the bracket), its
/// order placed in the OMS kernel, filled by the next trade on the paper
/// venue and booked in the ledger; entries and exits alternate. The pacing
/// limits (trade interval, trades per day, cooldowns) are off so every
/// decision makes an order.
enum RiskExecutionWorkload {
    static func run(orders: Int) -> (fills: Int, verdicts: Int) {
        let model = ModelID(unchecked: "bench"), btc = Symbol(unchecked: "BTCUSDT"), venue = VenueID(unchecked: "binance")
        var limits = RiskLimits()
        limits.minTradeIntervalSeconds = nil
        limits.maxTradesPer24h = nil
        limits.cooldownAfterLossSeconds = nil
        limits.stopOutGuard = nil
        limits.maxOrdersPerSecond = nil
        limits.minRewardRisk = nil
        limits.volatility = nil
        var risk = RiskEngine(limits: limits, models: [model], venue: ExecutionVenues.paper)
        var kernel = ExecutionKernel(models: [model])
        let regime = RegimeReading(
            regime: .range, inputs: RegimeInputs(adx: nil, bollingerWidth: nil, atrPercentile: nil, efficiency: nil, volumeTrend: nil, breakout: 0),
            history: []
        )
        var fills = 0, verdicts = 0
        for n in 0..<orders {
            let tick = Timestamp(nanoseconds: 1_700_000_000_000_000_000 + Int64(n) * 60_000_000_000)
            let price = FixedDecimal(30_000 + n % 7)
            let snapshot = MarketSnapshot(tick: tick, tickIntervalSeconds: 60, symbols: [SymbolSnapshot(
                symbol: btc, venue: venue, market: .spot, bars1m: [], ticker: Ticker(bid: nil, ask: nil, last: price, time: tick),
                indicatorTimeframe: .m1, indicators: [], orderFlow: nil, regime: regime
            )])
            let open = n % 2 == 0
            let decision = ModelDecision(
                decisionID: "bench@\(n)", modelID: model, configHash: "bench", tick: tick, snapshotHash: "bench", outcome: .decided,
                action: open ? .buy : .sell, symbol: btc, positionSizePct: FixedDecimal(raw: FixedDecimal.unitRaw / 10), takeProfit: nil,
                stopLoss: nil, leverage: nil, confidence: 0.9, rationale: "", latencyMilliseconds: 0, worker: nil, trace: nil,
                intent: open ? .open : .close
            )
            guard let account = kernel.account(of: model) else { break }
            let evaluation = risk.evaluate(decision, snapshot: snapshot, account: account, now: tick)
            verdicts += 1
            for command in evaluation.commands { _ = kernel.handle(command) }
            let trade = Trade(
                venue: ExecutionVenues.paper, symbol: btc, market: .spot, tradeID: Int64(n), price: price, quantity: 1, takerSide: .buy,
                eventTime: tick.advanced(by: .seconds(1)), receiveTime: tick.advanced(by: .seconds(1))
            )
            for case .fill(let fill) in kernel.handle(.trade(trade)).records {
                fills += 1
                risk.observe(fill, realizedPnL: nil)
            }
        }
        return (fills, verdicts)
    }
}
