import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaStore
import Features
import ServiceLifecycle

extension ServiceKind {
    /// The feature engine and arena clock (spec §4).
    public static let features: ServiceKind = "features"
}

/// The feature engine and the arena clock as a component: the store, the
/// scorer pool's dispatcher, the subscriptions to the gateway's market data
/// and the OMS's accounts, the gateway history client for warm-up, the risk
/// guard requester, and the ``FeatureEngineService``.
public enum FeaturesComponent: ServiceComponent {
    /// The gateway, whose stream and history the engine reads.
    static let gateway: ServiceKind = "gateway"
    /// The risk guard, which acknowledges every decision.
    static let risk: ServiceKind = "risk"
    /// The OMS, whose account states the jobs carry.
    static let oms: ServiceKind = "oms"

    public static let descriptor = ServiceDescriptor(
        kind: .features, summary: "feature engine and arena clock: snapshots, rounds, decisions",
        binds: [.pub, .router],
        peers: [BusPeer(gateway, .pub), BusPeer(gateway, .rep), BusPeer(risk, .rep), BusPeer(oms, .pub)],
        sections: [UniverseConfig.self, FeaturesConfig.self, ModelsConfig.self], schemas: [.features]
    )

    /// The engine's parts on `environment`; a configuration it cannot serve
    /// (indicator list, tick interval, roster) is an error naming the key.
    public static func build(in environment: ServiceEnvironment) throws -> [any Service] {
        let universe = try environment.section(UniverseConfig.self)
        let features = try environment.section(FeaturesConfig.self)
        let logger = environment.context.logger
        let models = try environment.section(ModelsConfig.self)
        let roster: ModelRoster
        do { roster = try ModelRoster(models) } catch {
            throw ConfigError.invalidValue(key: "models", value: "\(models.models.count) models", reason: "\(error)")
        }
        let plan = try RosterPlan(models: roster, universe: universe, features: features)
        let engine: FeatureEngine
        do {
            engine = try FeatureEngine(configuration: FeatureEngineConfiguration(
                instruments: universe.symbols.map { .init(symbol: $0, venue: universe.venue, market: universe.kind) },
                indicators: plan.indicators, indicatorTimeframe: features.indicatorTimeframe,
                tickIntervalSeconds: Int64(features.tickSeconds), barHistory: plan.barHistory, fundingHistory: plan.fundingHistory,
                snapshotBars1m: features.snapshotBars1m
            ))
        } catch {
            throw ConfigError.invalidValue(key: "features", value: plan.indicators, reason: "\(error)")
        }
        let status = FeaturesStatus()
        environment.reportCounters { status.counters }
        let publisher = try environment.publisher()
        let market = try environment.subscribe(
            to: gateway, topics: marketTopics(indicatorTimeframe: features.indicatorTimeframe),
            // Deep enough to hold the live stream while the warm-up history loads.
            bufferCapacity: 1 << 18
        )
        // The OMS's pace marks on the same socket as its accounts: a mark arrives after the accounts it covers.
        let accountsFeed = try environment.subscribe(to: oms, topics: [ArenaTopics.accounts, PaceTopics.mark(oms.rawValue)])
        let history = HistoryClient(requester: try environment.requester(to: gateway))
        let ledger = DecisionLedger(store: environment.store)
        let forwarder = RiskForwarder(
            requester: try environment.requester(to: risk), ledger: ledger,
            backoff: Backoff(initial: .milliseconds(250), maximum: .seconds(10)), status: status, logger: logger
        )
        let accounts = AccountBook(startingCapital: features.startingCapital)
        let runner = RoundRunner(RoundRunner.Parts(
            dispatcher: try environment.dispatcher(), roster: roster, plan: plan, history: ModelHistory(), accounts: accounts, ledger: ledger,
            forwarder: forwarder,
            publisher: publisher, deadline: features.deadline, status: status, logger: logger,
            durable: environment.context.config.arena.lockstep
        ), clock: environment.transport.clock)
        logger.info("arena clock", metadata: [
            "tick_seconds": "\(features.tickSeconds)", "deadline_ms": "\(features.deadlineMs)", "indicators": "\(plan.indicators)",
            "bar_history": "\(plan.barHistory)", "funding_history": "\(plan.fundingHistory)",
            "models": "\(roster.models.map { "\($0.id)=\($0.configHash.prefix(12))" })",
        ])
        return [FeatureEngineService(context: environment.context, parts: FeatureEngineService.Parts(
            engine: engine, market: market, accountsFeed: accountsFeed,
            warmUp: WarmUp(history: history, symbols: universe.symbols, indicatorTimeframe: features.indicatorTimeframe, hours: features.warmupHours),
            runner: runner, forwarder: forwarder, accounts: accounts, publisher: publisher, status: status
        ))]
    }

    /// The roster checked against the market (see ``RosterPlan``).
    public static func crossCheck(_ config: ArenaConfig) -> [ConfigError] {
        do { _ = try RosterPlan(config) } catch { return [error] }
        return []
    }

    /// The gateway topics the engine uses: trades, the book, depth, funding,
    /// liquidations, positioning, the bars of 1m and of the indicator timeframe, the
    /// gateway's pace marks (a lockstep replay), and its heartbeats (subscribed last: the first to arrive proves the
    /// others are in place). Taking only these, a lost message in any of them
    /// is a reported gap (sequence numbers run per topic) and nothing else is
    /// received to be skipped.
    static func marketTopics(indicatorTimeframe: Timeframe) -> [String] {
        let timeframes = indicatorTimeframe == .m1 ? [Timeframe.m1] : [.m1, indicatorTimeframe]
        return ["md.trade.", "md.book.", "md.depth.", "md.funding.", "md.liq.", MarketTopics.positioningPrefix] + timeframes.map { "md.bar.\($0.rawValue)." }
            + [PaceTopics.mark(gateway.rawValue), HeartbeatPublisher.topic(gateway)]
    }
}
