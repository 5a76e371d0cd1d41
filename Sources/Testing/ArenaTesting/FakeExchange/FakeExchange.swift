import ArenaCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import MarketData
import NIOCore
import Synchronization

/// A local stand-in for Binance and OKX that speaks their real wire formats,
/// replaying capture files, for integration tests (test support only).
///
/// Paths (one HTTP + WebSocket server on 127.0.0.1):
/// - WS `/stream?streams=a/b/c`: Binance spot combined streams;
///   WS `/usdm/stream?streams=…`: USDⓈ-M (so `ws://host:port/usdm` is the fstream base URL).
/// - REST `GET /api/v3/{aggTrades,klines,depth}` (spot) and `/fapi/v1/…` (USDⓈ-M), with
///   `X-MBX-USED-WEIGHT-1M`; klines are 1m bars built from the capture's trades; `depth` is
///   the captured snapshot with every diff broadcast so far applied, as a live book would be.
/// - REST `GET /futures/data/{openInterestHist,globalLongShortAccountRatio,topLongShortAccountRatio}`:
///   USDⓈ-M positioning statistics from points the test gives (``statistics``, ``FakeStatistics``).
/// - WS `/ws/v5/public`: OKX, answering `subscribe` and `ping`, replaying an OKX capture.
/// - Control, `POST /control/…`: `drop` (close every WS), `skip?from=&to=` (withhold
///   aggregate ids from WS; REST still has them), `garbage?count=`, `silence?seconds=`,
///   `ratelimit?count=` (the next N REST calls get 429 with `Retry-After: 1`), `position`
///   (the id of the last trade played: where the stream is).
public final class FakeExchange: Sendable {
    /// What to serve.
    public struct Configuration: Sendable {
        /// A spot capture session (hftbacktest `.gz` files, in order).
        public var spotFiles: [URL] = []
        /// A USDⓈ-M capture session.
        public var usdmFiles: [URL] = []
        /// An OKX cryptofeed capture (`<ts>: <json>` lines).
        public var okxFile: URL?
        /// Replay speed: 10 plays ten captured seconds per second.
        public var speed: Double = 1
        /// Start again at the end.
        public var loop = false
        /// Serve venue times as if the capture were happening now (at `speed`),
        /// so a live gateway's wall clock and the data agree.
        public var retimeToNow = false
        /// Port to bind; 0 picks a free one.
        public var port = 0
        /// Server ping period on every WebSocket (a client that does not pong is dropped).
        public var pingPeriod: Duration = .seconds(30)

        public init() {}
    }

    private struct Market: Sendable {
        let data: FakeMarketData
        let broadcast: FrameBroadcast
    }

    private struct Counters {
        var rateLimitNext = 0
        var weightMinute: Int64 = 0
        var weightUsed = 0
        var restCalls = 0
    }

    /// The bound port.
    public let port: Int
    /// The positioning statistics served, and failures to inject into them.
    public let statistics = FakeStatistics()
    private let spot: Market?
    private let usdm: Market?
    private let okx: FakeOKX?
    private let counters = Mutex(Counters())
    private let task = Mutex<Task<Void, any Error>?>(nil)

    /// Loads the captures, binds and starts serving; returns once listening.
    public init(_ configuration: Configuration, logger: Logger = Logger(label: "arena.fake-exchange")) async throws {
        @Sendable func market(_ files: [URL], _ kind: MarketKind) throws -> Market? {
            guard !files.isEmpty else { return nil }
            var data = try FakeMarketData(files: files, market: kind)
            let start = ContinuousClock.now
            if configuration.retimeToNow {
                // The first trade is stamped with the wall time its frame goes out (the
                // broadcast starts at `start`), and every later time follows at `speed`.
                let anchor = data.trades.first?.eventTime.nanoseconds ?? 0
                let firstOffset = data.frames.first { $0.tradeID != nil }?.offset ?? .zero
                let speed = configuration.speed
                let now = WallClock().now().nanoseconds + Int64(Double(firstOffset.components.seconds * 1_000_000_000 + firstOffset.components.attoseconds / 1_000_000_000) / speed)
                data = data.retimed { t in Timestamp(nanoseconds: now + Int64(Double(t.nanoseconds - anchor) / speed)) }
            }
            let broadcast = FrameBroadcast(
                frames: data.frames, speed: configuration.speed, loop: configuration.loop, start: configuration.retimeToNow ? start : nil
            )
            return Market(data: data, broadcast: broadcast)
        }
        // Decoding whole captures takes seconds of CPU in a debug build: not on the cooperative pool.
        (spot, usdm, okx) = try await OffPool.run {
            (
                try market(configuration.spotFiles, .spot), try market(configuration.usdmFiles, .perpetual),
                try configuration.okxFile.map { try FakeOKX(file: $0, speed: configuration.speed) }
            )
        }
        let (ports, portOut) = AsyncStream.makeStream(of: Int.self)
        let router = Router()
        let box = Unowned()
        FakeExchange.routes(router, box)
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(
                configuration: .init(ws: .init(maxFrameSize: 1 << 22, autoPing: .enabled(timePeriod: configuration.pingPeriod)))
            ) { head, _, _ in
                guard let exchange = box.exchange else { return .dontUpgrade }
                return exchange.upgrade(path: head.path ?? "")
            },
            configuration: .init(address: .hostname("127.0.0.1", port: configuration.port)),
            onServerRunning: { channel in portOut.yield(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        let serverTask = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next(), bound > 0 else {
            serverTask.cancel()
            throw FakeExchangeError.notListening
        }
        port = bound
        serverTaskCancel = { serverTask.cancel() }
        let replays = [spot?.broadcast, usdm?.broadcast].compactMap { $0 }
        task.withLock {
            $0 = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await serverTask.value }
                    for r in replays { group.addTask { await r.run() } }
                    try await group.next()
                    group.cancelAll()
                }
            }
        }
        box.exchange = self
    }

    private let serverTaskCancel: @Sendable () -> Void

    /// Stops the server and the replays.
    public func stop() {
        serverTaskCancel()
        task.withLock { $0?.cancel() }
    }

    /// The captured trades of the spot (or USDⓈ-M) session, as REST serves them.
    public func trades(_ market: MarketKind) -> [Trade] { (market == .spot ? spot : usdm)?.data.trades ?? [] }

    var spotData: FakeMarketData? { spot?.data }
    var spotPlayed: Int? { spot?.broadcast.played }
    var usdmPlayed: Int? { usdm?.broadcast.played }
    var usdmData: FakeMarketData? { usdm?.data }
    var spotBroadcast: FrameBroadcast? { spot?.broadcast }
    var usdmBroadcast: FrameBroadcast? { usdm?.broadcast }
    func injectRateLimits(_ count: Int) { counters.withLock { $0.rateLimitNext += count } }

    /// WebSocket connections open now on the Binance paths.
    public var connections: Int { (spot?.broadcast.connections ?? 0) + (usdm?.broadcast.connections ?? 0) }

    /// REST calls answered so far (429s included).
    public var restCalls: Int { counters.withLock { $0.restCalls } }

    private func upgrade(path: String) -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        if path.hasPrefix("/ws/v5/public"), let okx {
            return .upgrade([:]) { inbound, outbound, _ in try await okx.serve(inbound: inbound, outbound: outbound) }
        }
        let (route, query) = path.split(separator: "?", maxSplits: 1).map(String.init).pair
        let market: Market? = route == "/stream" ? spot : route == "/usdm/stream" ? usdm : nil
        guard let market, let query, query.hasPrefix("streams=") else { return .dontUpgrade }
        let streams = Set(query.dropFirst("streams=".count).split(separator: "/").map(String.init))
        return .upgrade([:]) { inbound, outbound, _ in
            let (id, frames) = market.broadcast.subscribe(streams: streams)
            defer { market.broadcast.unsubscribe(id) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Read (and so answer pings and see the close) while writing frames.
                group.addTask { for try await _ in inbound {} }
                group.addTask { for await text in frames { try await outbound.write(.text(text)) } }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    private func market(forREST path: String) -> Market? {
        path.hasPrefix("/api/v3/") ? spot : path.hasPrefix("/fapi/v1/") ? usdm : nil
    }

    /// Answers a REST call: 429 when injected, else `body()` with the weight header.
    func rest(_ weight: Int, _ body: () -> (HTTPResponse.Status, String)) -> Response {
        let (limited, used) = counters.withLock { c -> (Bool, Int) in
            c.restCalls += 1
            if c.rateLimitNext > 0 {
                c.rateLimitNext -= 1
                return (true, c.weightUsed)
            }
            let minute = Int64(Date().timeIntervalSince1970) / 60
            if minute != c.weightMinute { c.weightMinute = minute; c.weightUsed = 0 }
            c.weightUsed += weight
            return (false, c.weightUsed)
        }
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[HTTPField.Name("X-MBX-USED-WEIGHT-1M")!] = "\(used)"
        if limited {
            headers[HTTPField.Name("Retry-After")!] = "1"
            return Response(status: .tooManyRequests, headers: headers, body: .init(byteBuffer: ByteBuffer(string: #"{"code":-1003,"msg":"Too many requests."}"#)))
        }
        let (status, text) = body()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    private static func routes(_ router: Router<BasicRequestContext>, _ box: Unowned) {
        for prefix in ["/api/v3", "/fapi/v1"] {
            router.get("\(prefix)/aggTrades") { request, _ -> Response in
                try box.get().restAggTrades(request)
            }
            router.get("\(prefix)/klines") { request, _ -> Response in
                try box.get().restKlines(request)
            }
            router.get("\(prefix)/depth") { request, _ -> Response in
                try box.get().restDepth(request)
            }
        }
        for endpoint in FakeStatistics.Endpoint.allCases {
            router.get("/futures/data/\(endpoint.rawValue)") { request, _ -> Response in
                try box.get().restStatistic(endpoint, request)
            }
        }
        router.post("/control/:action") { request, context -> String in
            try box.get().control(context.parameters.get("action") ?? "", request.uri.queryParameters)
        }
    }
}

/// The exchange, set once it exists (routes are built before `self` is complete).
private final class Unowned: @unchecked Sendable {
    // Written once before the server accepts its first request, read after.
    var exchange: FakeExchange?
    func get() throws -> FakeExchange {
        guard let exchange else { throw HTTPError(.serviceUnavailable) }
        return exchange
    }
}

extension Array where Element == String {
    fileprivate var pair: (String, String?) { (self.first ?? "", self.count > 1 ? self[1] : nil) }
}
