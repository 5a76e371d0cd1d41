import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaStore
import MarketData
import ServiceLifecycle

extension ServiceKind {
    /// The market gateway (spec §3).
    public static let gateway: ServiceKind = "gateway"
}

/// The market gateway as a component: feeds, the kernel, `md.*` publishing,
/// persistence, and the history requests on its REP socket.
public enum GatewayComponent: ServiceComponent {
    public static let descriptor = ServiceDescriptor(
        kind: .gateway, summary: "market gateway: feeds, bars, integrity, md.* stream, history", binds: [.pub, .rep],
        // The replay's gate hears the feature engine's heartbeats; a lockstep replay, its, the risk guard's and the reporter's pace marks.
        peers: [BusPeer("features", .pub), BusPeer("risk", .pub), BusPeer("reporter", .pub)],
        sections: [UniverseConfig.self, MarketConfig.self], schemas: [.gateway]
    )

    /// The gateway's parts on `environment`; a market section it cannot serve
    /// is a configuration error naming the key.
    public static func build(in environment: ServiceEnvironment) throws -> [any Service] {
        let market = try environment.section(MarketConfig.self)
        let universe = market.symbols.map { InstrumentKey(venue: market.venue, symbol: $0) }
        let publisher = try environment.publisher()
        let pacer = try lockstepPacer(market: market, publisher: publisher, in: environment)
        let feed = try FeedFactory.feed(market: market, pacer: pacer, logger: environment.context.logger)
        let pipeline = Eventual<GatewayPipeline>()
        let history = Eventual<HistoryStore>()
        var routes = RequestRouter()
        HistoryRoutes.add(
            to: &routes, store: { try await history.value() }, pipeline: { try await pipeline.value() },
            universe: market.symbols, timeframes: market.timeframes
        )
        let status = GatewayStatus()
        let waitFor = market.source == .replay ? market.replay.waitFor : []
        let gate = waitFor.isEmpty ? nil : try ReplayGate(services: waitFor, environment: environment)
        environment.serve(routes)
        environment.reportCounters { status.counters.merging(feed.counters) { kernel, _ in kernel } }
        return [MarketGateway(
            context: environment.context, publisher: publisher, store: environment.store, feed: feed,
            kernel: KernelConfiguration(market), universe: universe, staleStreams: feed.staleStreams,
            pipeline: pipeline, history: history, status: status, gate: gate
        )]
    }

    /// A lockstep over a live feed, or rounds counted without one, is a configuration error.
    public static func crossCheck(_ config: ArenaConfig) -> [ConfigError] {
        guard let market = try? config.section(MarketConfig.self) else { return [] }
        var problems: [ConfigError] = []
        if config.arena.lockstep, market.source != .replay {
            problems.append(.invalid(key: "arena.lockstep", value: "true", reason: "holds a replay for the services; market.source \(market.source.rawValue) is live"))
        }
        if let rounds = market.replay.stopAfterRounds, !config.arena.lockstep {
            problems.append(.invalid(key: "market.replay.stop_after_rounds", value: "\(rounds)", reason: "counts the rounds of a lockstep replay; set arena.lockstep: true"))
        }
        return problems
    }

    /// The replay's pacer when `arena.lockstep` is on (``crossCheck(_:)`` refused it over a live feed).
    private static func lockstepPacer(market: MarketConfig, publisher: any MessagePublisher, in environment: ServiceEnvironment) throws -> ReplayPacer? {
        guard environment.context.config.arena.lockstep, market.source == .replay else { return nil }
        let outputs = ServiceOutputs(publisher: publisher, service: ServiceName(unchecked: environment.context.service.rawValue), logger: environment.context.logger)
        return try ReplayPacer(environment: environment, outputs: outputs, stopAfterRounds: market.replay.stopAfterRounds)
    }
}

extension KernelConfiguration {
    /// The kernel's settings from the `market` section.
    public init(_ market: MarketConfig) {
        self.init(
            timeframes: market.timeframes, barSource: market.barsFrom,
            staleAfter: .milliseconds(market.integrity.staleAfterMs), jumpSigmas: market.integrity.jumpSigmas,
            jumpWindow: market.integrity.jumpWindow, jumpMinimumSamples: min(30, market.integrity.jumpWindow)
        )
    }
}
