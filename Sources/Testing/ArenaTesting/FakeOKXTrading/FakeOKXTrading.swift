import ArenaCore
import Foundation
import Hummingbird
import HummingbirdWebSocket

/// A local stand-in for OKX's v5 trading API — REST and the private WebSocket — speaking the
/// documented formats on 127.0.0.1, that checks what the venue checks (test support only).
///
/// REST: `GET /api/v5/public/time`, `GET /api/v5/public/instruments?instType=`, `POST
/// /api/v5/trade/order`, `POST /api/v5/trade/cancel-order`, `GET /api/v5/trade/order`, `GET
/// /api/v5/trade/orders-pending`, `GET /api/v5/account/balance`, `GET /api/v5/trade/fills`; answers
/// are `{"code","msg","data":[…]}` with per-order `sCode`/`sMsg`.
///
/// Every private request is verified as OKX does: `OK-ACCESS-KEY` (50103 / 50111), `OK-ACCESS-PASSPHRASE`
/// (50104 / 50105), `OK-ACCESS-TIMESTAMP` (50107, 50112, and 50102 when more than 30 s from the fake's
/// clock), `OK-ACCESS-SIGN` = Base64(HMAC-SHA256(secret, timestamp + method + path?query + body)) (50106 /
/// 50113). A demo fake requires `x-simulated-trading: 1` (50101 without it) and counts every request
/// without the header as a production request. Orders are checked against the instrument's rules
/// (51001, 51000, 51121, 51020), the client order id against every earlier one (51016), the balance
/// (51008); unknown orders answer 51603, cancelling a finished one 51400.
///
/// WS `/ws/v5/private`: `login` (60005, 60024, 60006, 60007 on failure), `subscribe` to `orders`
/// (60011 before login), `ping` → `pong`, and a push on every order change.
///
/// A test can fill an order (fully or partly) at a price, make the next placements time out after
/// accepting or fail with a 5xx, rate-limit the next requests (HTTP 429, 50011), and drop the
/// WebSocket connections; it reads the requests per path, the production requests and the orders.
public final class FakeOKXTrading: Sendable {
    /// What the fake starts with.
    public struct Configuration: Sendable {
        public var port = 0
        /// The only credentials accepted.
        public var apiKey = "fake-okx-api-key-0123456789"
        public var secretKey = "FAKEOKXSECRET0123456789ABCDEFGHIJ"
        public var passphrase = "fake-okx-Passphrase-1"
        /// Demo trading: every request must carry `x-simulated-trading: 1`.
        public var demo = true
        public var instruments: [FakeOKXInstrument] = [.btcUSDT, .btcUSDTSwap]
        public var balances: [String: FixedDecimal] = ["USDT": 100_000, "BTC": 1]
        /// How far `OK-ACCESS-TIMESTAMP` may be from the fake's clock.
        public var timestampTolerance: Duration = .seconds(30)

        public init() {}
    }

    /// The bound port.
    public let port: Int
    public let apiKey: String
    let secret: [UInt8]
    let passphrase: String
    let demo: Bool
    let timestampToleranceMilliseconds: Int64
    let state: Locked<FakeOKXState>
    private let server: NotifierServer

    /// Starts serving and returns once listening.
    public init(_ configuration: Configuration = Configuration()) async throws {
        let state = Locked(FakeOKXState(
            instruments: Dictionary(uniqueKeysWithValues: configuration.instruments.map { ($0.instID, $0) }), balances: configuration.balances
        ))
        let box = FakeOKXBox()
        let router = Router()
        FakeOKXTrading.routes(router, box)
        server = try await NotifierServer(
            port: configuration.port, label: "arena.fake-okx-trading", held: HeldRequests(), router: router,
            server: .http1WebSocketUpgrade(configuration: .init(ws: .init(maxFrameSize: 1 << 20))) { head, _, _ in
                guard let fake = box.fake, (head.path ?? "").hasPrefix("/ws/v5/private") else { return .dontUpgrade }
                return .upgrade([:]) { inbound, outbound, _ in try await fake.serveWebSocket(inbound: inbound, outbound: outbound) }
            }
        )
        port = server.port
        apiKey = configuration.apiKey
        secret = Array(configuration.secretKey.utf8)
        passphrase = configuration.passphrase
        demo = configuration.demo
        timestampToleranceMilliseconds = configuration.timestampTolerance.wholeMilliseconds
        self.state = state
        box.fake = self
    }

    /// `http://127.0.0.1:<port>`, the REST base URL a client is pointed at.
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// `ws://127.0.0.1:<port>/ws/v5/private`.
    public var privateWebSocketURL: String { "ws://127.0.0.1:\(port)/ws/v5/private" }
    /// The secret key (for a test that signs by hand).
    public var secretKey: String { String(decoding: secret, as: UTF8.self) }

    /// Stops serving: held answers are let go at once, the WebSocket connections closed, then the
    /// server stops (cut off after five seconds if a client keeps a connection open).
    public func stop() async {
        state.withLock { $0.stopping = true }
        dropConnections()
        await server.shutdown()
    }

    // MARK: Controls

    /// Fills `size` (nil: all that is left) of the order with `clientOrderID` at `price`, as the
    /// matching engine would, and pushes the update to subscribed connections.
    public func fill(clientOrderID: String, size: FixedDecimal? = nil, price: FixedDecimal) {
        state.withLock { s in
            guard let i = s.index(clOrdID: clientOrderID, ordID: nil) else { return }
            s.fill(i, size: size ?? s.orders[i].sz, price: price, now: Self.now(), maker: true)
            s.push(Self.orderPush(s.orders[i]))
        }
    }

    /// Queues `fault` for the next order placement (faults are used one a placement, in order).
    public func injectPlacementFault(_ fault: FakeOKXFault) { state.withLock { $0.faults.append(fault) } }

    /// The next `count` requests (any path) answer HTTP 429 with code 50011.
    public func rateLimitNext(_ count: Int) { state.withLock { $0.rateLimitNext += count } }

    /// Closes every private WebSocket connection (the client must reconnect and log in again).
    public func dropConnections() {
        state.withLock { s in
            for connection in s.connections.values { connection.outbound.finish() }
            s.connections = [:]
        }
    }

    // MARK: Observations

    /// Requests received on `METHOD /path` (e.g. `POST /api/v5/trade/order`), refused ones included.
    public func requests(_ methodAndPath: String) -> Int { state.withLock { $0.requestsByPath[methodAndPath] ?? 0 } }
    /// Every request received, by `METHOD /path`.
    public var requestsByPath: [String: Int] { state.withLock { $0.requestsByPath } }
    /// Requests without `x-simulated-trading: 1` (each would have reached production).
    public var productionRequests: Int { state.withLock { $0.productionRequests } }
    /// Orders the fake accepted (each placement at most once).
    public var placementsAccepted: Int { state.withLock { $0.placementsAccepted } }
    /// The orders held, in placement order.
    public var orders: [FakeOKXOrder] { state.withLock { $0.orders } }
    /// The balance of `currency`.
    public func balance(_ currency: String) -> FixedDecimal { state.withLock { $0.balances[currency] ?? .zero } }
    /// Successful WebSocket logins so far.
    public var logins: Int { state.withLock { $0.logins } }
    /// `ping` frames answered so far.
    public var pings: Int { state.withLock { $0.pings } }
    /// Private connections subscribed to `orders` now.
    public var subscribedConnections: Int { state.withLock { $0.connections.values.filter(\.subscribed).count } }
    /// Every `OK-ACCESS-KEY` value seen.
    public var apiKeysSeen: Set<String> { state.withLock { $0.apiKeysSeen } }

    /// The fake's clock in milliseconds.
    static func now() -> Int64 { WallClock().now().milliseconds }
}

/// The fake, set once it exists (routes are built before `self` is complete).
final class FakeOKXBox: @unchecked Sendable {
    // Written once before the server accepts its first request, read after.
    var fake: FakeOKXTrading?
}
