import ArenaBus
import ArenaCore
import ArenaRuntime
import Execution
import ServiceLifecycle

extension ServiceKind {
    /// The order management system (spec §7).
    public static let oms: ServiceKind = "oms"
}

/// The OMS as a component: the journal in its store, the gateway's stream
/// and history, the REP route for the risk guard's ``ArenaCore/OrderCommand``s,
/// and the ``OMSService``.
public enum OMSComponent: ServiceComponent {
    /// The gateway, whose stream the paper venue fills on and whose history a restart catches up from.
    static let gateway: ServiceKind = "gateway"

    public static let descriptor = ServiceDescriptor(
        kind: .oms, summary: "orders, the paper venue and per-model ledgers: order events, fills, funding, accounts",
        binds: [.pub, .rep], peers: [BusPeer(gateway, .pub), BusPeer(gateway, .rep)],
        sections: [UniverseConfig.self, ExecutionConfig.self, ModelsConfig.self, ArenaClockConfig.self], schemas: [.oms]
    )

    public static func build(in environment: ServiceEnvironment) throws -> [any Service] {
        let settings = environment.context.config.arena
        let universe = try environment.section(UniverseConfig.self)
        let config = try environment.section(ExecutionConfig.self)
        let models = try environment.section(ModelsConfig.self).enabled.map(\.id)
        let clock = try environment.section(ArenaClockConfig.self)
        let logger = environment.context.logger
        let decision = TradingSwitch.of(settings, venue: config.venue)
        // The one line every service that could trade logs at start.
        logger.notice("\(decision)")
        let live = settings.mode == .live
        var venueConfig: LiveVenueConfig?
        if live {
            guard let venue = config.venue else { throw ConfigError.missing(key: "execution.venue") }
            venueConfig = venue
        }
        let status = OMSStatus()
        environment.reportCounters { status.counters }
        let kernel = ExecutionKernel(configuration: ExecutionConfiguration(
            startingCapital: clock.startingCapital, takerFeeBps: config.takerFeeBps, makerFeeBps: config.makerFeeBps,
            slippageBps: config.slippageBps, maintenanceMarginRate: config.maintenanceMarginRate,
            venue: settings.orderVenue(universe), venueMode: live ? .external : .paper
        ), models: models)
        let serviceOutputs = ServiceOutputs(publisher: try environment.publisher(), service: ServiceName(unchecked: "oms"), logger: logger)
        let outputs = ExecutionOutputs(outputs: serviceOutputs)
        let manager = OrderManager(
            kernel: kernel, journal: Journal(service: OMSTables.service, store: environment.store), outputs: outputs, status: status, logger: logger,
            waitsForStore: environment.context.config.arena.lockstep
        )
        var session: VenueSession?
        if let venueConfig {
            session = VenueSession(
                venue: try LiveVenueFactory.make(venueConfig, switch: decision, logger: logger), switch: decision, manager: manager,
                store: environment.store, symbols: universe.symbols, outputs: outputs, status: status, logger: logger,
                poll: .milliseconds(venueConfig.pollMs), settle: .milliseconds(2 * environment.context.config.bus.heartbeatIntervalMs)
            )
        }
        let feed = MarketFeed(fillOn: config.fillOn, symbols: universe.symbols)
        let market = try environment.subscribe(to: gateway, topics: feed.topics, bufferCapacity: 1 << 16)
        var routes = RequestRouter()
        routes.on(OrderCommand.self) { command, _ in try await manager.handle(command) }
        environment.serve(routes)
        logger.info(live ? "OMS at a live venue" : "OMS on the paper venue", metadata: [
            "models": "\(models.count)", "fill_on": "\(config.fillOn.rawValue)", "taker_bps": "\(config.takerFeeBps)",
            "maker_bps": "\(config.makerFeeBps)", "slippage_bps": "\(config.slippageBps)",
        ])
        return [OMSService(
            context: environment.context, manager: manager, market: market, feed: feed,
            history: config.catchUp ? HistoryClient(requester: try environment.requester(to: gateway)) : nil,
            tickSeconds: Int64(clock.tickSeconds), status: status, outputs: serviceOutputs, venue: session
        )]
    }
}
