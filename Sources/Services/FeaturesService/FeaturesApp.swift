import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaStore
import Features

/// Assembles the feature engine process from its configuration: the store,
/// the bus presence, the scorer pool's dispatcher, the subscriptions to the
/// gateway and the OMS, the gateway history client for warm-up, the risk
/// guard requester, and the ``FeatureEngineService``.
public enum FeaturesApp {
    /// Adds the feature engine's parts to `host`; a configuration it cannot
    /// serve (indicator list, tick interval, missing endpoints) is an error naming the key.
    public static func configure(_ host: inout ServiceHost) throws {
        let config = host.context.config
        let features = config.features
        let settings = try BusSettings(config.bus)
        let name = ServiceName(unchecked: host.context.service.rawValue)
        let engine: FeatureEngine
        do {
            engine = try FeatureEngine(configuration: FeatureEngineConfiguration(
                instruments: config.market.symbols.map { .init(symbol: $0, venue: config.market.venue, market: config.market.kind) },
                indicators: features.indicators, indicatorTimeframe: features.indicatorTimeframe,
                tickIntervalSeconds: Int64(features.tickSeconds)
            ))
        } catch {
            throw ConfigError.invalidValue(key: "features", value: features.indicators, reason: "\(error)")
        }
        let roster: ModelRoster
        do { roster = try ModelRoster(config.models) } catch {
            throw ConfigError.invalidValue(key: "models", value: "\(config.models.models.count) models", reason: "\(error)")
        }
        let store = try host.addStore(schemas: [.features])
        let status = FeaturesStatus()
        let publisher = try host.addBusPresence(counters: { status.counters })
        guard let router = host.context.serviceConfig.router else { throw ConfigError.missing(key: "services.features.router") }
        let gateway = config.services.gateway, risk = config.services.risk, oms = config.services.oms
        guard let gatewayPub = gateway.pub else { throw ConfigError.missing(key: "services.gateway.pub") }
        guard let gatewayRep = gateway.rep else { throw ConfigError.missing(key: "services.gateway.rep") }
        guard let riskRep = risk.rep else { throw ConfigError.missing(key: "services.risk.rep") }
        guard let omsPub = oms.pub else { throw ConfigError.missing(key: "services.oms.pub") }

        let dispatcher = try Dispatcher(
            service: name, bind: [router.description],
            options: Dispatcher.Options(
                socket: settings.socket, curve: settings.curveServer, heartbeatInterval: settings.heartbeatInterval,
                liveness: settings.heartbeatLiveness, codec: settings.codec
            )
        )
        let requesterOptions = Requester.Options(
            socket: settings.socket, curve: settings.curveClient, timeout: settings.requestTimeout, retries: settings.requestRetries,
            codec: settings.codec
        )
        let market = try Subscriber(
            // Everything the gateway publishes, filtered here: sequence numbers are per
            // publisher, so only the whole stream shows a lost message as a gap.
            service: name, connect: [gatewayPub.description], topics: [""],
            // Deep enough to hold the live stream while the warm-up history loads.
            options: Subscriber.Options(socket: settings.socket, curve: settings.curveClient, bufferCapacity: 1 << 18)
        )
        let accountsFeed = try Subscriber(
            service: name, connect: [omsPub.description], topics: [""],
            options: Subscriber.Options(socket: settings.socket, curve: settings.curveClient)
        )
        let history = HistoryClient(requester: try Requester(service: name, connect: [gatewayRep.description], options: requesterOptions))
        let ledger = DecisionLedger(store: store)
        let forwarder = RiskForwarder(
            requester: try Requester(service: name, connect: [riskRep.description], options: requesterOptions),
            ledger: ledger, backoff: Backoff(initial: .milliseconds(250), maximum: .seconds(10)), status: status,
            logger: host.context.logger
        )
        let accounts = AccountBook(startingCapital: features.startingCapital)
        let runner = RoundRunner(RoundRunner.Parts(
            dispatcher: dispatcher, roster: roster, accounts: accounts, ledger: ledger, forwarder: forwarder, publisher: publisher,
            deadline: features.deadline, status: status, logger: host.context.logger
        ))
        host.context.logger.info("arena clock", metadata: [
            "tick_seconds": "\(features.tickSeconds)", "deadline_ms": "\(features.deadlineMs)",
            "models": "\(roster.models.map { "\($0.id)=\($0.configHash.prefix(12))" })",
        ])
        host.addServices(FeatureEngineService(context: host.context, parts: FeatureEngineService.Parts(
            engine: engine, market: market, accountsFeed: accountsFeed,
            warmUp: WarmUp(history: history, symbols: config.market.symbols, indicatorTimeframe: features.indicatorTimeframe, hours: features.warmupHours),
            runner: runner, forwarder: forwarder, accounts: accounts, publisher: publisher, status: status
        )))
    }
}
