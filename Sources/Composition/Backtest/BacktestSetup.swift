import Agents
import ArenaCore
import ArenaRuntime
import Execution
import Features
import FeaturesService
import GatewayService
import MarketData
import OMSService
import Risk
import Logging
import RiskService
import ScorerService

/// Everything a backtest is built from, read from an arena configuration exactly as the services
/// read it: the gateway's replay files and kernel settings, the feature engine's indicators and
/// clock, the roster as the arena clock checks it, the risk guard's limits, the paper venue's costs.
///
/// A backtest has no settings of its own: a study states its costs and limits in the same keys a
/// live arena uses (`execution.slippage_bps: 0`, `risk.max_order_pct: null`, …).
public struct BacktestSetup: Sendable {
    /// The market section: the replay files, the universe and the gateway kernel's settings.
    public let market: MarketConfig
    /// The feature engine's configuration, the roster's needs merged in.
    public let features: FeatureEngineConfiguration
    /// The roster, checked and built.
    public let plan: RosterPlan
    public let limits: RiskLimits
    public let execution: ExecutionConfiguration
    /// What the paper venue fills on.
    public let fillOn: ExecutionConfig.FillSource

    /// Where the market comes from: the replay files, or a gateway's store.
    public let input: BacktestInput

    /// The setup of `config` on `input`; a section the backtest cannot serve is a ``ConfigError``
    /// naming the key. LLM agents log what they hold on and why to `logger`.
    public init(_ config: ArenaConfig, input: BacktestInput = .files, logger: Logger = Logger(label: "arena.backtest")) throws(ConfigError) {
        market = try config.section(MarketConfig.self)
        self.input = input
        if input == .files {
            guard market.source == .replay else {
                throw .invalid(key: "market.source", value: market.source.rawValue, reason: "a backtest replays files (or a store); set market.source: replay")
            }
            guard !market.replay.files.isEmpty else { throw .invalid(key: "market.replay.files", value: "[]", reason: "a backtest needs at least one file") }
        }
        let features = try config.section(FeaturesConfig.self)
        let universe = try config.section(UniverseConfig.self)
        let agents = ScorerComponent.agentRuntime(try config.section(ScorerConfig.self), clock: WallClock(), logger: logger)
        plan = try RosterPlan(config, catalog: ArenaCatalog.running(agents))
        self.features = FeatureEngineConfiguration(
            instruments: universe.symbols.map { .init(symbol: $0, venue: universe.venue, market: universe.kind) },
            indicators: plan.indicators, indicatorTimeframe: features.indicatorTimeframe, tickIntervalSeconds: Int64(features.tickSeconds),
            barHistory: plan.barHistory, fundingHistory: plan.fundingHistory, snapshotBars1m: features.snapshotBars1m
        )
        limits = try config.section(RiskConfig.self).limits
        let costs = try config.section(ExecutionConfig.self)
        fillOn = costs.fillOn
        execution = ExecutionConfiguration(
            startingCapital: features.startingCapital, takerFeeBps: costs.takerFeeBps, makerFeeBps: costs.makerFeeBps,
            slippageBps: costs.slippageBps, maintenanceMarginRate: costs.maintenanceMarginRate
        )
    }

    /// The models, in roster order.
    public var models: [ModelID] { plan.roster.models.map(\.spec.id) }
}
