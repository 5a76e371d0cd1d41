import ArenaCore
import ArenaBus
import ArenaRuntime
import ArenaStore
import MarketData

/// Assembles the gateway process from its configuration: store, bus
/// presence with the history routes, and the ``MarketGateway`` with the
/// configured feed.
public enum GatewayApp {
    /// Adds the gateway's parts to `host`; throws a configuration error naming
    /// the key when the market section cannot be served.
    public static func configure(_ host: inout ServiceHost) throws {
        let market = host.context.config.market
        let store = try host.addStore(schemas: [.gateway])
        let universe = market.symbols.map { InstrumentKey(venue: market.venue, symbol: $0) }
        let feed = try FeedFactory.feed(market: market, logger: host.context.logger)
        let pipeline = Eventual<GatewayPipeline>()
        let history = Eventual<HistoryStore>()
        var routes = RequestRouter()
        HistoryRoutes.add(
            to: &routes, store: { try await history.value() }, pipeline: { try await pipeline.value() },
            universe: market.symbols, timeframes: market.timeframes
        )
        let status = GatewayStatus()
        let publisher = try host.addBusPresence(counters: { status.counters }, routes: routes)
        let service = MarketGateway(
            context: host.context, publisher: publisher, store: store, feed: feed,
            kernel: KernelConfiguration(market), universe: universe, staleStreams: feed.staleStreams,
            pipeline: pipeline, history: history, status: status
        )
        host.addServices(service)
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
