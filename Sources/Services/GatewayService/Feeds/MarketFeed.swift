import ArenaCore
import MarketData

/// Where the gateway's events come from: a replay of files or a live venue.
///
/// A feed also drives the pipeline's clock, because only it knows what time
/// it is: a replay on a simulated clock ticks at each event's time (so a
/// replay is deterministic and instant), a live feed ticks on the wall clock.
public protocol MarketFeed: Sendable {
    /// For logs: `replay(3 files)`, `binance spot`.
    var name: String { get }
    /// The streams that must keep delivering (a stale alert after silence):
    /// `trades`, and `book`, `funding`, `klines` when the feed carries them.
    var staleStreams: [String] { get }
    /// The venue's trade history for gap repair, when it has one.
    var tradeHistory: (any TradeHistorySource)? { get }
    /// The venue's 1m kline history, when it has one.
    var klineHistory: (any KlineHistorySource)? { get }
    /// The venue's order-book snapshots, when it has them.
    var depthSnapshots: (any DepthSnapshotSource)? { get }
    /// Counters of the feed's own, for the STATUS reply (the positioning poller's); none by default.
    var counters: [String: Int64] { get }
    /// Runs until the feed ends (a replay's last event) or the task is cancelled.
    func run(into pipeline: GatewayPipeline) async throws
}

extension MarketFeed {
    public var counters: [String: Int64] { [:] }
}

/// Ticks a pipeline on the wall clock: every `interval`, feeds are checked
/// against now and bars close `grace` after their end (late trades still count).
public struct WallClockTicker: Sendable {
    public let interval: Duration
    public let grace: Duration
    public let clock: any ArenaClock

    public init(interval: Duration = .milliseconds(250), grace: Duration = .seconds(2), clock: any ArenaClock = WallClock()) {
        self.interval = interval
        self.grace = grace
        self.clock = clock
    }

    /// Ticks until cancelled.
    public func run(_ pipeline: GatewayPipeline) async {
        while !Task.isCancelled {
            let now = clock.now()
            await pipeline.tick(now: now, barClock: now.advanced(by: .zero - grace))
            try? await Task.sleep(for: interval)
        }
    }
}
