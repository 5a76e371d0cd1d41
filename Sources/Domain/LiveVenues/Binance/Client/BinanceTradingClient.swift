import ArenaCore
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// The Binance REST trading layer for one market (spot or USDⓈ-M) and one key (ADR 0020).
///
/// - Every signed request carries `timestamp` in the server's time (``ServerClock``, measured at
///   the first signed call and every `resyncInterval`) and `recvWindow`, and is signed over the
///   exact bytes sent (``BinanceSigner``).
/// - An order is checked against the symbol's filters from ``exchangeInfo()`` before it is sent;
///   a symbol without filters is refused (fail closed).
/// - Rate-limit headers are tracked; after a 429/418 nothing is sent until `Retry-After` has passed.
/// - Every failure says what it means for the order (``BinanceVenueError/outcome``); an unknown
///   outcome is resolved by ``resolveUnknown(symbol:clientOrderID:)``, which queries and never re-places.
///
/// Nothing here blocks a thread: waits are `Task.sleep`, I/O is AsyncHTTPClient.
public actor BinanceTradingClient {
    /// How the client behaves; the defaults suit the test network.
    public struct Configuration: Sendable {
        /// `recvWindow` in milliseconds (Binance's default 5000, at most 60000).
        public var recvWindow: Int64 = 5_000
        /// The longest wait for an answer; past it the outcome is unknown.
        public var requestTimeout: Duration = .seconds(10)
        /// Whether `timestamp` is corrected by the measured offset, and how often it is measured.
        public var skewCorrection = true
        public var resyncInterval: Duration = .seconds(300)
        /// How often ``resolveUnknown(symbol:clientOrderID:)`` queries, and for how long before it gives up.
        public var resolvePollInterval: Duration = .milliseconds(250)
        public var resolveDeadline: Duration = .seconds(60)
        /// The local wall clock in milliseconds since the epoch (a test may shift it).
        public var localMilliseconds: @Sendable () -> Int64 = { WallClock().now().milliseconds }

        public init() {}
    }

    public let environment: BinanceEnvironment
    let configuration: Configuration
    private let signer: BinanceSigner
    private let apiKey: String
    private let http: HTTPClient
    let logger: Logger
    /// The measured server-time offset.
    public private(set) var serverClock: ServerClock
    /// The rate-limit counters from the last answers, and any block after a 429/418.
    public private(set) var rateLimits = BinanceRateLimits()
    /// The filters of every symbol from the last ``exchangeInfo()``.
    public private(set) var filters: [Symbol: SymbolFilters] = [:]
    /// The `timestamp` each placement went out with, kept until its outcome is known.
    var placementTimestamps: [ClientOrderID: Int64] = [:]

    /// A client for `environment` (testnet by default in configuration; production only when named).
    public init(
        environment: BinanceEnvironment, credentials: BinanceCredentials, configuration: Configuration = Configuration(),
        http: HTTPClient = .shared, logger: Logger = Logger(label: "arena.venues.binance")
    ) {
        self.environment = environment
        self.configuration = configuration
        signer = BinanceSigner(credentials: credentials)
        apiKey = credentials.apiKey
        self.http = http
        self.logger = logger
        serverClock = ServerClock(resyncInterval: configuration.resyncInterval, correctionEnabled: configuration.skewCorrection)
        logger.info("binance trading client", metadata: ["venue": "\(environment)", "key": "\(credentials.redactedKey)"])
    }

    /// The market this client trades.
    public nonisolated var market: BinanceMarket { environment.market }

    /// Measures the server-time offset now (also done before the first signed request and every `resyncInterval`).
    public func synchronizeTime() async throws(BinanceVenueError) {
        let sent = configuration.localMilliseconds()
        let data = try await send(.GET, .time, [], signed: false)
        let received = configuration.localMilliseconds()
        struct Time: Decodable { var serverTime: Int64 }
        let time = try decode(Time.self, data)
        serverClock.record(serverTime: time.serverTime, sentAt: sent, receivedAt: received)
        logger.debug("server time measured", metadata: [
            "offsetMs": "\(serverClock.offsetMilliseconds)", "roundTripMs": "\(received - sent)",
        ])
    }

    /// Loads every symbol's filters (`exchangeInfo`) and keeps them for the checks before sending.
    @discardableResult
    public func exchangeInfo() async throws(BinanceVenueError) -> [Symbol: SymbolFilters] {
        let data = try await send(.GET, .exchangeInfo, [], signed: false)
        do { filters = try SymbolFilters.parse(exchangeInfo: data) } catch { throw .decoding("exchangeInfo: \(error)") }
        return filters
    }

    /// Sends one request and returns the 2xx body; a signed one is stamped and signed here.
    /// `placement` records the `timestamp` a placement went out with (for resolving an unknown outcome).
    /// `keyed` sends the API key without a signature (`USER_STREAM` endpoints).
    func send(
        _ method: HTTPMethod, _ endpoint: BinanceEndpoint, _ parameters: [(String, String)], signed: Bool,
        keyed: Bool = false, placement: ClientOrderID? = nil
    ) async throws(BinanceVenueError) -> Data {
        if let remaining = rateLimits.remainingBlock(now: .now) { throw .rateLimitedLocally(remaining: remaining) }
        var query = BinanceSigner.encode(parameters), body = ""
        if signed {
            if serverClock.needsMeasurement(now: configuration.localMilliseconds()) { try await synchronizeTime() }
            let timestamp = serverClock.timestamp(now: configuration.localMilliseconds())
            if let placement { placementTimestamps[placement] = timestamp }
            let payload = BinanceSigner.encode(parameters, recvWindow: configuration.recvWindow, timestamp: timestamp)
            // POST parameters go in the form body, the others in the query (both as the docs' examples).
            (query, body) = method == .POST ? signer.signed(query: "", body: payload) : signer.signed(query: payload)
        }
        var request = HTTPClientRequest(url: environment.baseURL + environment.path(endpoint) + (query.isEmpty ? "" : "?" + query))
        request.method = method
        if signed || keyed { request.headers.add(name: "X-MBX-APIKEY", value: apiKey) }
        if !body.isEmpty {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let status: Int, headers: HTTPHeaders, data: Data
        do {
            let response = try await http.execute(request, timeout: .milliseconds(configuration.requestTimeout.wholeMilliseconds), logger: logger)
            let bytes = try await response.body.collect(upTo: 16 << 20)
            (status, headers, data) = (Int(response.status.code), response.headers, Data(bytes.readableBytesView))
        } catch {
            throw Self.classify(error)
        }
        rateLimits.observe(headers: headers.map { ($0.name, $0.value) })
        logger.debug("binance request", metadata: ["method": "\(method.rawValue)", "path": "\(environment.path(endpoint))", "status": "\(status)"])
        guard !(200..<300).contains(status) else { return data }
        return try await fail(status: status, headers: headers, data: data)
    }

    /// Turns a non-2xx answer into the typed error, after its side effects: a 429/418 blocks sending,
    /// a -1021 has the server time measured again (once) before it is reported.
    private func fail(status: Int, headers: HTTPHeaders, data: Data) async throws(BinanceVenueError) -> Data {
        let retryAfter = BinanceRateLimits.retryAfter(headers.first(name: "Retry-After"))
        if status == 429 || status == 418 { rateLimits.block(retryAfter: retryAfter, now: .now) }
        struct APIError: Decodable { var code: Int; var msg: String }
        guard let api = try? JSONDecoder().decode(APIError.self, from: data) else {
            throw .http(status: status, retryAfter: retryAfter, bodyPrefix: String(decoding: data.prefix(200), as: UTF8.self))
        }
        let code = BinanceErrorCode(code: api.code)
        logger.warning("binance error", metadata: ["code": "\(api.code)", "msg": "\(api.msg)", "status": "\(status)"])
        if code == .invalidTimestamp && serverClock.correctionEnabled {
            serverClock.invalidate()
            try? await synchronizeTime()
        }
        throw .api(code, message: api.msg, httpStatus: status, retryAfter: retryAfter)
    }

    /// A thrown transport error as a venue error: a deadline is an unknown outcome; a connection
    /// that never opened sent nothing.
    private static func classify(_ error: any Error) -> BinanceVenueError {
        if let e = error as? HTTPClientError {
            if e == .deadlineExceeded || e == .readTimeout { return .timedOut }
            if e == .connectTimeout || e == .invalidURL { return .transport("\(e)", mayHaveBeenSent: false) }
        }
        if error is NIOConnectionError { return .transport("\(error)", mayHaveBeenSent: false) }
        return .transport("\(error)", mayHaveBeenSent: true)
    }

    /// `data` decoded as `T`; a 2xx body that does not decode is an unknown outcome.
    func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws(BinanceVenueError) -> T {
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw .decoding("\(T.self): \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
    }
}
