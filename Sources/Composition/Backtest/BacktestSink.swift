import ArenaCore
import Execution

/// Where a backtest's records go, in the order they happen: the same records a live run's
/// services publish and store (market data, decisions, rounds, verdicts, state changes, the OMS
/// kernel's order events, fills, funding and accounts).
public protocol BacktestSink: AnyObject {
    func market(_ message: MarketMessage) throws
    func round(_ record: RoundRecord) throws
    func decision(_ decision: ModelDecision) throws
    func verdict(_ verdict: RiskVerdict) throws
    func stateChange(_ change: TradingStateChange) throws
    func execution(_ record: ExecutionRecord) throws
    /// The run ended: flush what is buffered.
    func finish() throws
}
