import ArenaCore
import ArenaRuntime
import Foundation
import MarketData

/// Replays the files of `market.replay`, merged in time order, either as
/// fast as possible on a simulated clock (speed 0) or at speed × real time.
///
/// The pipeline's clock is the replay's: it ticks whenever event time crosses
/// a second, so bars close and feeds go stale exactly as they would have live,
/// and the same files give the same output every time.
public struct ReplayFeed: MarketFeed {
    public let files: [ReplayFileConfig]
    public let market: MarketConfig
    /// Holds each minute until the services are done with the last (`arena.lockstep`); nil races them.
    public var pacer: ReplayPacer?
    public var name: String { "replay(\(files.count) files, speed \(market.replay.speed == 0 ? "max" : "×\(market.replay.speed)"))" }
    public var tradeHistory: (any TradeHistorySource)? { nil }
    public var depthSnapshots: (any DepthSnapshotSource)? { nil }
    public var klineHistory: (any KlineHistorySource)? { nil }
    /// A replay carries what its files carry, so only trades are required to keep flowing.
    public var staleStreams: [String] { files.contains { ["aggtrades", "trades", "capture"].contains($0.format) } ? ["trades"] : [] }

    public init(market: MarketConfig, pacer: ReplayPacer? = nil) throws(ConfigError) {
        guard !market.replay.files.isEmpty else {
            throw .invalid(key: "market.replay.files", value: "[]", reason: "source replay needs at least one file")
        }
        for (i, file) in market.replay.files.enumerated() {
            guard ReplayFileOpener.formats.contains(file.format) else {
                throw .invalid(
                    key: "market.replay.files[\(i)].format", value: file.format,
                    reason: "expected one of \(ReplayFileOpener.formats.sorted().joined(separator: ", "))"
                )
            }
            if ReplayFileOpener.needsSymbol.contains(file.format), file.symbol == nil {
                throw .missing(key: "market.replay.files[\(i)].symbol")
            }
        }
        self.files = market.replay.files
        self.market = market
        self.pacer = pacer
    }

    public func run(into pipeline: GatewayPipeline) async throws {
        guard let pacer else { return try await replay(into: pipeline) }
        try await pacer.pacing { try await replay(into: pipeline) }
    }

    private func replay(into pipeline: GatewayPipeline) async throws {
        let sources = try files.map { try ReplayFileOpener.open($0, market: market) }
        let engine = ReplayEngine(sources: sources, clock: SimulatedClock(start: Timestamp(nanoseconds: 0)))
        let pacing: ReplayPacing = market.replay.speed == 0 ? .asFastAsPossible : .realTime(factor: market.replay.speed)
        var lastSecond: Int64 = .min
        var last: Timestamp?
        for try await event in engine.events(pacing: pacing) {
            let t = event.eventTime
            let second = t.nanoseconds / 1_000_000_000
            if second > lastSecond, let last {
                // Close what ended before this event, and check the feeds, at replayed time.
                await pipeline.tick(now: last, barClock: last)
                if try await pace(through: last, before: t, pipeline) == .stop { return }
            }
            lastSecond = max(lastSecond, second)
            await pipeline.ingest(event)
            last = max(last ?? t, t)
        }
        if let last {
            await pipeline.tick(now: last, barClock: last)
            _ = try await pace(through: last, before: nil, pipeline)
        }
    }

    /// In a lockstep replay, marks the pace boundaries between the data sent
    /// (up to `last`) and the next event (at `next`; nil at the end).
    private func pace(through last: Timestamp, before next: Timestamp?, _ pipeline: GatewayPipeline) async throws -> ReplayPacer.Next {
        guard let pacer else { return .proceed }
        for boundary in PaceBoundaries.between(last, next) {
            // Bars ending at the boundary close before it is marked, and everything sent is stored:
            // a service that restarts warms up from that history and must find all it missed there.
            await pipeline.tick(now: boundary, barClock: boundary)
            await pipeline.flushStorage()
            if try await pacer.mark(boundary) == .stop { return .stop }
        }
        return .proceed
    }
}

/// Where a lockstep replay marks its minutes.
enum PaceBoundaries {
    /// The boundaries to mark between data sent up to `last` and the next event at
    /// `next` (nil: the replay's end): the first boundary at or after `last`, once
    /// the next event is past it, and, after a gap, the last boundary before `next`
    /// (the minutes between carry no data, so one mark stands for them).
    static func between(_ last: Timestamp, _ next: Timestamp?) -> [Timestamp] {
        let interval = PaceTopics.intervalNanoseconds
        let first = (last.nanoseconds + interval - 1) / interval * interval
        guard let next else { return [Timestamp(nanoseconds: first)] }
        guard next.nanoseconds > first else { return [] }
        let latest = (next.nanoseconds - 1) / interval * interval
        return (latest > first ? [first, latest] : [first]).map(Timestamp.init(nanoseconds:))
    }
}

/// Opens one configured replay file as a ``ReplaySource``.
public enum ReplayFileOpener {
    /// The formats a replay file may have.
    public static let formats: Set<String> = ["klines", "aggtrades", "trades", "funding", "liquidations", "capture"]
    /// Formats whose rows do not name their symbol.
    static let needsSymbol: Set<String> = ["klines", "aggtrades", "trades", "funding"]

    public static func open(_ file: ReplayFileConfig, market: MarketConfig) throws -> any ReplaySource {
        let name = (file.path as NSString).lastPathComponent
        let instrument = ReplayInstrument(venue: market.venue, symbol: file.symbol, market: market.kind)
        switch file.format {
        case "klines":
            let bars = try KlineFile.bars(atPath: file.path, venue: market.venue, symbol: file.symbol!, timeframe: .m1)
            return ArrayReplaySource(name: name, events: bars.map { .kline($0) })
        case "aggtrades":
            return try TradeCSVSource(lines: try ByteLines(path: file.path), instrument: instrument, layout: .aggTrades)
        case "trades":
            return try TradeCSVSource(lines: try ByteLines(path: file.path), instrument: instrument)
        case "funding":
            return try FundingCSVSource(lines: try ByteLines(path: file.path), venue: market.venue, symbol: file.symbol!)
        case "liquidations":
            return LiquidationCSVSource(lines: try ByteLines(path: file.path), venue: market.venue)
        default:
            // A capture's REST snapshot lines name no symbol: they are the file's symbol's.
            let decoder = BinanceStreamDecoder(venue: market.venue, market: market.kind)
            return CaptureSource(lines: try ByteLines(path: file.path)) { [symbol = file.symbol] frame, received in
                try decoder.decode(Data(frame), receivedAt: received, snapshotSymbol: symbol)
            }
        }
    }
}
