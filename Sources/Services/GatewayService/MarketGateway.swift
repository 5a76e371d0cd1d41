import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaStore
import Logging
import MarketData
import ServiceLifecycle

/// The market gateway (spec §3) as a ServiceLifecycle service: a feed's events
/// go through the ``MarketKernel`` (via ``GatewayPipeline``) to `md.*` on the
/// bus and into the store; history requests are answered on the REP endpoint.
///
/// Start order: the store is prepared first (``StorePreparation``), then the
/// writers and the pipeline are built, then the feed runs. After a replay ends
/// the gateway keeps serving history until it is stopped.
public struct MarketGateway: Service, CustomStringConvertible {
    private let context: HostContext
    private let publisher: any MessagePublisher
    private let store: StoreHandle
    private let feed: any MarketFeed
    private let kernelConfiguration: KernelConfiguration
    private let universe: [InstrumentKey]
    private let staleStreams: [String]
    /// The pipeline and the history store, set once built, for the REP routes made before they exist.
    private let pipeline: Eventual<GatewayPipeline>
    private let history: Eventual<HistoryStore>
    private let status: GatewayStatus
    /// Services a replay waits for (`market.replay.wait_for`).
    private let gate: ReplayGate?

    public init(
        context: HostContext, publisher: any MessagePublisher, store: StoreHandle, feed: any MarketFeed,
        kernel: KernelConfiguration, universe: [InstrumentKey], staleStreams: [String],
        pipeline: Eventual<GatewayPipeline>, history: Eventual<HistoryStore>, status: GatewayStatus, gate: ReplayGate? = nil
    ) {
        self.gate = gate
        self.status = status
        self.pipeline = pipeline
        self.history = history
        self.context = context
        self.publisher = publisher
        self.store = store
        self.feed = feed
        self.kernelConfiguration = kernel
        self.universe = universe
        self.staleStreams = staleStreams
    }

    public var description: String { "MarketGateway(\(feed.name))" }

    public func run() async throws {
        let logger = context.logger
        let service = ServiceName(unchecked: context.service.rawValue)
        let database = try await store.value()
        let clock = WallClock()
        let outputsBox = Eventual<MarketOutputs>()
        let storage = MarketStorage(database: database, logger: logger) { alert in
            outputsBox.current?.publish(alert: alert.alert(source: service, time: clock.now()))
            logger.warning("store writer", metadata: ["event": "\(alert)"])
        }
        let outputs = MarketOutputs(publisher: publisher, storage: storage, service: service, clock: clock, logger: logger)
        outputsBox.fulfil(outputs)
        let kernel = try MarketKernel(
            configuration: kernelConfiguration, universe: universe, staleStreams: staleStreams, start: clock.now()
        )
        let pipeline = GatewayPipeline(kernel: kernel, outputs: outputs, history: feed.tradeHistory, klines: feed.klineHistory, snapshots: feed.depthSnapshots, status: status,
             logger: logger)
        self.pipeline.fulfil(pipeline)
        history.fulfil(HistoryStore(database: database, venue: universe.first?.venue ?? VenueID(unchecked: "binance")))
        logger.info("gateway feed starting", metadata: ["feed": "\(feed.name)", "universe": "\(universe)"])
        do {
            try await cancelWhenGracefulShutdown {
                try await gate?.open(logger: logger)
                // Parsing and the kernel are the CPU-heavy part: on a thread of
                // their own, so they never hold the cooperative pool.
                try await DedicatedExecutor(name: "gateway.feed").run { try await feed.run(into: pipeline) }
                let counters = await pipeline.counters
                await storage.flush()
                status.update(counters)
                status.markFeedFinished()
                logger.notice("feed finished and stored; serving history until stopped", metadata: ["counters": "\(counters.dictionary)"])
                try await gracefulShutdown()
            }
        } catch is CancellationError {
            // A graceful shutdown cancels the feed; what it delivered is flushed below.
        }
        await storage.close()
        let counters = await pipeline.counters.dictionary
        logger.info("gateway stopped", metadata: ["counters": "\(counters)"])
    }
}
