import ArenaCore
import Execution
import Risk

/// Orders through the whole in-process execution path: a decision judged by
/// the risk guard's engine (every entry rule, sizing, the bracket), its
/// order placed in the OMS kernel, filled by the next trade on the paper
/// venue and booked in the ledger; entries and exits alternate. The pacing
/// limits (trade interval, trades per day, cooldowns) are off so every
/// decision makes an order.
///
/// The decisions, snapshots and trades are built beforehand (``Inputs``): they
/// arrive decoded in the services too. The risk engine judges each decision
/// against the model's latest account the kernel published, as the risk
/// guard does with `acct.<model>`.
enum RiskExecutionWorkload {
    /// One decision's inputs: the decision, its tick's snapshot and the trade after the tick.
    struct Step {
        let decision: ModelDecision
        let snapshot: MarketSnapshot
        let trade: MarketInput
    }

    /// The inputs of a run of `orders` decisions on one spot symbol.
    struct Inputs {
        let model = ModelID(unchecked: "bench")
        let steps: [Step]

        init(orders: Int) {
            let model = model, btc = Symbol(unchecked: "BTCUSDT"), venue = VenueID(unchecked: "binance")
            let regime = RegimeReading(
                regime: .range,
                inputs: RegimeInputs(adx: nil, bollingerWidth: nil, atrPercentile: nil, efficiency: nil, volumeTrend: nil, breakout: 0),
                history: []
            )
            steps = (0..<orders).map { n in
                let tick = Timestamp(nanoseconds: 1_700_000_000_000_000_000 + Int64(n) * 60_000_000_000)
                let price = FixedDecimal(30_000 + n % 7)
                let snapshot = MarketSnapshot(tick: tick, tickIntervalSeconds: 60, symbols: [SymbolSnapshot(
                    symbol: btc, venue: venue, market: .spot, bars1m: [], ticker: Ticker(bid: nil, ask: nil, last: price, time: tick),
                    indicatorTimeframe: .m1, indicators: [], orderFlow: nil, regime: regime
                )])
                let open = n % 2 == 0
                let decision = ModelDecision(
                    decisionID: "bench@\(n)", modelID: model, configHash: "bench", tick: tick, snapshotHash: "bench", outcome: .decided,
                    action: open ? .buy : .sell, symbol: btc, positionSizePct: FixedDecimal(raw: FixedDecimal.unitRaw / 10),
                    takeProfit: nil, stopLoss: nil, leverage: nil, confidence: 0.9, rationale: "", latencyMilliseconds: 0, worker: nil,
                    trace: nil, intent: open ? .open : .close
                )
                let trade = Trade(
                    venue: ExecutionVenues.paper, symbol: btc, market: .spot, tradeID: Int64(n), price: price, quantity: 1,
                    takerSide: .buy, eventTime: tick.advanced(by: .seconds(1)), receiveTime: tick.advanced(by: .seconds(1))
                )
                return Step(decision: decision, snapshot: snapshot, trade: .trade(trade))
            }
        }
    }

    static func run(_ inputs: Inputs) -> (fills: Int, verdicts: Int) {
        var limits = RiskLimits()
        limits.minTradeIntervalSeconds = nil
        limits.maxTradesPer24h = nil
        limits.cooldownAfterLossSeconds = nil
        limits.stopOutGuard = nil
        limits.maxOrdersPerSecond = nil
        limits.minRewardRisk = nil
        limits.volatility = nil
        var risk = RiskEngine(limits: limits, models: [inputs.model], venue: ExecutionVenues.paper)
        var kernel = ExecutionKernel(models: [inputs.model])
        guard var account = kernel.account(of: inputs.model) else { return (0, 0) }
        var fills = 0, verdicts = 0
        for step in inputs.steps {
            let evaluation = risk.evaluate(step.decision, snapshot: step.snapshot, account: account, now: step.decision.tick)
            verdicts += 1
            for command in evaluation.commands {
                for case .account(let published) in kernel.handle(command).records { account = published }
            }
            // What the risk guard hears from the OMS: fills, and the last account on `acct.<model>`.
            for record in kernel.handle(step.trade).records {
                switch record {
                case .fill(let fill):
                    fills += 1
                    risk.observe(fill, realizedPnL: nil)
                case .account(let published):
                    account = published
                default:
                    break
                }
            }
        }
        return (fills, verdicts)
    }
}
