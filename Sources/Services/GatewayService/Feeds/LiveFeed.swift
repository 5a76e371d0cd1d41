import ArenaCore
import Logging
import MarketData
import MarketDataLive

/// A live venue: its WebSocket source, and for Binance its REST history for
/// gap repair and order-book snapshots, and on USDⓈ-M the positioning
/// statistics' poller. Ticks the pipeline on the wall clock.
///
/// Reconnects are the source's business (back-off with jitter, rotation before
/// 24 h); after one, the next trade's id shows any gap, which is repaired from
/// REST before it is processed, and the next diff breaks the book's chain,
/// which brings a new snapshot: no event is lost or doubled.
public struct LiveFeed: MarketFeed {
    public let name: String
    public let source: any VenueSource
    public let tradeHistory: (any TradeHistorySource)?
    public let klineHistory: (any KlineHistorySource)?
    public let depthSnapshots: (any DepthSnapshotSource)?
    public let staleStreams: [String]
    public let ticker: WallClockTicker
    /// Polls the positioning statistics into the pipeline, when the market has them.
    public let positioning: PositioningPoller?
    private let logger: Logger

    public init(
        name: String, source: any VenueSource, rest: BinanceRESTClient?, positioning: PositioningPoller? = nil, staleStreams: [String],
        ticker: WallClockTicker, logger: Logger
    ) {
        self.positioning = positioning
        self.name = name
        self.source = source
        self.tradeHistory = rest.map(BinanceHistory.init)
        self.klineHistory = rest.map(BinanceHistory.init)
        self.depthSnapshots = rest.map(BinanceHistory.init)
        self.staleStreams = staleStreams
        self.ticker = ticker
        self.logger = logger
    }

    /// The positioning poller's counters (requests, points, errors by kind).
    public var counters: [String: Int64] { positioning?.counters ?? [:] }

    public func run(into pipeline: GatewayPipeline) async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await ticker.run(pipeline) }
            if let positioning {
                group.addTask { await positioning.run { await pipeline.ingest(.market(.positioning($0))) } }
            }
            for await event in source.events() {
                switch event {
                case .event(let e):
                    await pipeline.ingest(e)
                case .connected(let id):
                    logger.notice("venue connected", metadata: ["feed": "\(name)", "connection": "\(id)"])
                case .disconnected(let id, let reason):
                    logger.warning("venue disconnected", metadata: ["feed": "\(name)", "connection": "\(id)", "reason": "\(reason)"])
                case .malformed(let error):
                    await pipeline.malformed(error)
                }
            }
            group.cancelAll()
        }
    }
}

/// Binance REST as the gateway's trade, kline and book-snapshot history.
public struct BinanceHistory: TradeHistorySource, KlineHistorySource, DepthSnapshotSource {
    public let rest: BinanceRESTClient

    public init(rest: BinanceRESTClient) { self.rest = rest }

    public func klines(of instrument: InstrumentKey, range: TimeRange) async throws -> [Bar] {
        try await rest.klines(symbol: instrument.symbol, timeframe: .m1, start: range.from, end: range.to)
    }

    public func trades(of instrument: InstrumentKey, ids: ClosedRange<Int64>) async throws -> [Trade] {
        try await rest.aggTrades(symbol: instrument.symbol, from: ids.lowerBound, through: ids.upperBound)
    }

    public func snapshot(of instrument: InstrumentKey, market: MarketKind) async throws -> DepthSnapshot {
        try await rest.depth(symbol: instrument.symbol)
    }
}
