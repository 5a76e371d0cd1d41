import ArenaCore
import Foundation
import Hummingbird
import HummingbirdWebSocket

/// A local stand-in for Binance's spot and USDⓈ-M REST trading API, speaking the documented
/// request formats on 127.0.0.1, that checks what a real venue checks (test support only).
///
/// Paths (spot `/api/v3/…`, USDⓈ-M `/fapi/v1/…`, USDⓈ-M account `/fapi/v2/account`): `time`,
/// `exchangeInfo`, `order` (POST place, GET query, DELETE cancel), `openOrders`, `account`,
/// `myTrades` / `userTrades`.
///
/// Every signed request is verified as Binance does: the `X-MBX-APIKEY` (-2015), the HMAC-SHA256
/// hex signature over query string + body (-1022), and `timestamp < serverTime + 1000 &&
/// serverTime − timestamp <= recvWindow` (-1021). An order is checked against the symbol's filters
/// (-1013 "Filter failure: …"), its client id against every earlier one (-2010 "Duplicate order
/// sent."), the balance (-2010 insufficient balance; USDⓈ-M -2019). Cancel and query of an
/// unknown order answer -2011 / -2013. Every answer carries `X-MBX-USED-WEIGHT-1M`, an order
/// answer `X-MBX-ORDER-COUNT-10S`/`-1D` (spot) or `-1M` (USDⓈ-M); past the weight budget the
/// answer is 429 with `Retry-After`. Each request weighs 1 (a simplification: the budget is the test's).
///
/// User-data streams (``FakeBinance+WebSocket``): spot's WebSocket API at `/ws-api/v3` answers
/// `userDataStream.subscribe.signature` (key -2015, HMAC over the sorted parameters -1022, timestamp
/// -1021) in Binance's `{"id","status","result"|"error"}` and then pushes `executionReport` (NEW,
/// TRADE, CANCELED, EXPIRED) and `outboundAccountPosition`; USDⓈ-M's `POST`/`PUT`/`DELETE
/// /fapi/v1/listenKey` (API key only) and `/ws/<listenKey>` push `ORDER_TRADE_UPDATE` and
/// `ACCOUNT_UPDATE`. A test can drop or pause the connections, expire the listen key and read the
/// keep-alives (``FakeBinance+StreamControls``).
///
/// A test can fill an order (fully or partly) at a price, make the next placements time out
/// after accepting or fail with a 5xx, and skew the fake's clock; it reads the requests per
/// path, the API keys seen and the orders held.
public final class FakeBinance: Sendable {
    /// What the fake starts with.
    public struct Configuration: Sendable {
        public var port = 0
        /// The only key and secret accepted.
        public var apiKey = "fake-binance-api-key-0123456789"
        public var secretKey = "fake-binance-secret-key-abcdefghijklmnop"
        public var symbols = [FakeBinanceSymbol()]
        public var balances: [String: FixedDecimal] = ["USDT": 100_000, "BTC": 1]
        /// Request weight allowed per window before a 429.
        public var weightBudget = 6_000
        public var weightWindow: Duration = .seconds(60)
        /// What `account` reports for the key's withdrawal permission.
        public var canWithdraw = false
        /// The commission of every trade, a fraction of its quote amount, taken in the quote asset
        /// (Binance's default rate; its default asset is what the trade brings in).
        public var commissionRate = FixedDecimal("0.001")!

        public init() {}
    }

    /// The bound port.
    public let port: Int
    /// The key and secret the fake accepts.
    public let apiKey: String
    let secret: [UInt8]
    let state: Locked<FakeBinanceState>
    private let server: NotifierServer

    /// Starts serving and returns once listening.
    public init(_ configuration: Configuration = Configuration()) async throws {
        let state = Locked(FakeBinanceState(
            symbols: Dictionary(uniqueKeysWithValues: configuration.symbols.map { ($0.symbol, $0) }),
            balances: configuration.balances, canWithdraw: configuration.canWithdraw,
            weightBudget: configuration.weightBudget, weightWindow: configuration.weightWindow,
            commissionRate: configuration.commissionRate
        ))
        let router = Router()
        let box = FakeBinanceBox()
        FakeBinance.routes(router, box)
        server = try await NotifierServer(
            port: configuration.port, label: "arena.fake-binance", held: HeldRequests(), router: router,
            server: .http1WebSocketUpgrade(configuration: .init(ws: .init(maxFrameSize: 1 << 20))) { head, _, _ in
                guard let fake = box.fake else { return .dontUpgrade }
                return fake.upgrade(path: head.path ?? "")
            }
        )
        port = server.port
        apiKey = configuration.apiKey
        secret = Array(configuration.secretKey.utf8)
        self.state = state
        box.fake = self
    }

    /// `http://127.0.0.1:<port>`, the base URL a client is pointed at.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Stops serving (answers in flight are finished).
    public func stop() async { await server.shutdown() }

    // MARK: Controls

    /// Fills `quantity` (nil: all that is left) of the order with `clientOrderID` at `price`, as the matching engine would.
    public func fill(clientOrderID: String, quantity: FixedDecimal? = nil, price: FixedDecimal) {
        state.withLock { s in
            guard let i = s.index(clientOrderID: clientOrderID, orderID: nil) else { return }
            s.fill(i, quantity: quantity ?? s.orders[i].quantity, price: price, now: Self.now(s), maker: true)
        }
    }

    /// Changes the balance of `asset` by `amount` (a deposit, a withdrawal, a trade made elsewhere).
    public func adjustBalance(_ asset: String, by amount: FixedDecimal) { state.withLock { $0.balances[asset, default: .zero] += amount } }

    /// Queues `fault` for the next order placement (faults are used one a placement, in order).
    public func injectPlacementFault(_ fault: FakeBinanceFault) { state.withLock { $0.faults.append(fault) } }

    /// Sets the fake's clock `milliseconds` ahead of the wall clock (negative: behind).
    public func skewClock(milliseconds: Int64) { state.withLock { $0.clockOffsetMilliseconds = milliseconds } }

    /// Sets the weight budget and starts a new window.
    public func setWeightBudget(_ budget: Int, window: Duration) {
        state.withLock { s in
            s.weightBudget = budget
            s.weightWindow = window
            s.windowStart = nil
        }
    }

    // MARK: Observations

    /// Requests received on `path` (e.g. `POST /api/v3/order`), refused ones included.
    public func requests(_ methodAndPath: String) -> Int { state.withLock { $0.requestsByPath[methodAndPath] ?? 0 } }
    /// Every request received, by `METHOD /path`.
    public var requestsByPath: [String: Int] { state.withLock { $0.requestsByPath } }
    /// Every `X-MBX-APIKEY` value seen.
    public var apiKeysSeen: Set<String> { state.withLock { $0.apiKeysSeen } }
    /// Orders the fake accepted (each placement at most once).
    public var placementsAccepted: Int { state.withLock { $0.placementsAccepted } }
    /// The orders held, in placement order.
    public var orders: [FakeBinanceOrder] { state.withLock { $0.orders } }
    /// The balance of `asset`.
    public func balance(_ asset: String) -> FixedDecimal { state.withLock { $0.balances[asset] ?? .zero } }

    /// The fake's clock in milliseconds (the wall clock plus the skew).
    static func now(_ s: FakeBinanceState) -> Int64 { WallClock().now().milliseconds + s.clockOffsetMilliseconds }
}

/// The fake, set once it exists (routes are built before `self` is complete).
final class FakeBinanceBox: @unchecked Sendable {
    // Written once before the server accepts its first request, read after.
    var fake: FakeBinance?
}
