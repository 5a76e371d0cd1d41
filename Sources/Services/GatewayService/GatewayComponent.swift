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
        sections: [UniverseConfig.self, MarketConfig.self], schemas: [.gateway]
    )

    /// The gateway's parts on `environment`; a market section it cannot serve
    /// is a configuration error naming the key.
    public static func build(in environment: ServiceEnvironment) throws -> [any Service] {
        let market = try environment.section(MarketConfig.self)
        let universe = market.symbols.map { InstrumentKey(venue: market.venue, symbol: $0) }
        let feed = try FeedFactory.feed(market: market, logger: environment.context.logger)
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
            context: environment.context, publisher: try environment.publisher(), store: environment.store, feed: feed,
            kernel: KernelConfiguration(market), universe: universe, staleStreams: feed.staleStreams,
            pipeline: pipeline, history: history, status: status, gate: gate
        )]
    }
}

extension KernelConfiguration {
    /// The kernel's settings from the `market` section.
    init(_ market: MarketConfig) {
        self.init(
            timeframes: market.timeframes, barSource: market.barsFrom,
            staleAfter: .milliseconds(market.integrity.staleAfterMs), jumpSigmas: market.integrity.jumpSigmas,
            jumpWindow: market.integrity.jumpWindow, jumpMinimumSamples: min(30, market.integrity.jumpWindow)
        )
    }
}
