import ArenaCore
import AsyncHTTPClient
import Foundation
import Logging
import MarketData
import NIOCore
import NIOHTTP1

/// Why a Binance REST call failed.
public enum BinanceRESTError: Error, Sendable, CustomStringConvertible {
    /// A non-2xx answer other than a rate limit; Binance's `{"code","msg"}` when it sent one.
    case http(status: Int, apiError: BinanceAPIError?, bodyPrefix: String)
    /// 429/418 kept coming after the configured retries.
    case rateLimited(status: Int, attempts: Int)
    /// The body was not the page it should be.
    case decoding(VenueMessageError)
    /// The connection failed.
    case transport(String)
    /// The call does not exist for this client's market (nothing was sent).
    case unsupported(String)

    public var description: String {
        switch self {
        case .http(let status, let api, let body): "HTTP \(status): \(api.map(\.description) ?? body)"
        case .rateLimited(let status, let attempts): "still rate limited (HTTP \(status)) after \(attempts) attempts"
        case .decoding(let e): "undecodable body: \(e)"
        case .transport(let reason): "transport: \(reason)"
        case .unsupported(let reason): "unsupported: \(reason)"
        }
    }
}

/// Binance market-data REST calls for backfill and gap repair: aggTrades by id,
/// klines by time, depth snapshots; spot (`/api/v3`) or USDⓈ-M (`/fapi/v1`);
/// and the USDⓈ-M positioning statistics (`/futures/data`, in
/// `BinanceRESTClient+Positioning.swift`).
///
/// Every call is budgeted by a ``RequestWeightLimiter``, and the statistics
/// also by their own count of requests per 5 minutes; a 429 or 418 blocks
/// all calls for the venue's `Retry-After` (or a back-off when absent) and is retried.
public actor BinanceRESTClient {
    /// Binance's public REST hosts.
    public enum Endpoint {
        /// `https://api.binance.com`
        public static let spot = "https://api.binance.com"
        /// `https://fapi.binance.com`
        public static let usdm = "https://fapi.binance.com"
    }

    /// The largest aggTrades page Binance serves.
    public static let maxPage = 1_000

    public let market: MarketKind
    private let baseURL: String
    private let prefix: String
    private let http: HTTPClient
    let decoder: BinanceRESTDecoder
    private var limiter: RequestWeightLimiter
    /// Requests to the `/futures/data` statistics, which the venue limits by number per 5 minutes.
    private var statisticsLimiter: RequestWeightLimiter
    private let backoff: Backoff
    private let maxAttempts: Int
    private let logger: Logger
    private let clock: any ArenaClock = WallClock()

    /// Creates a client; `baseURL` defaults to Binance's host for `market`, `budgetPerMinute`
    /// to 80 % of Binance's limit (6000 spot, 2400 USDⓈ-M).
    public init(
        venue: VenueID, market: MarketKind, baseURL: String? = nil, http: HTTPClient = .shared,
        budgetPerMinute: Int? = nil, backoff: Backoff = Backoff(initial: .seconds(1), maximum: .seconds(60)),
        maxAttempts: Int = 6, logger: Logger = Logger(label: "arena.marketdata.binance-rest")
    ) {
        self.market = market
        self.baseURL = baseURL ?? (market == .spot ? Endpoint.spot : Endpoint.usdm)
        prefix = market == .spot ? "/api/v3" : "/fapi/v1"
        self.http = http
        decoder = BinanceRESTDecoder(venue: venue, market: market)
        limiter = RequestWeightLimiter(budgetPerMinute: budgetPerMinute ?? (market == .spot ? 4_800 : 1_920))
        statisticsLimiter = RequestWeightLimiter(
            budget: BinanceRequestWeight.statisticsRequestBudget, window: BinanceRequestWeight.statisticsWindow
        )
        self.backoff = backoff
        self.maxAttempts = maxAttempts
        self.logger = logger
    }

    /// One page of aggregate trades from `fromID` on (at most `limit` ≤ 1000).
    public func aggTrades(symbol: Symbol, fromID: Int64, limit: Int = BinanceRESTClient.maxPage) async throws(BinanceRESTError) -> [Trade] {
        let limit = Swift.min(Swift.max(limit, 1), Self.maxPage)
        let body = try await get("aggTrades", ["symbol": symbol.value, "fromId": "\(fromID)", "limit": "\(limit)"],
                                 weight: BinanceRequestWeight.aggTrades(market))
        do { return try decoder.aggTrades(body, symbol: symbol, receivedAt: clock.now()) } catch { throw .decoding(error) }
    }

    /// Every aggregate trade with id in `from…through`, paged 1000 at a time (a gap repair).
    public func aggTrades(symbol: Symbol, from: Int64, through: Int64) async throws(BinanceRESTError) -> [Trade] {
        var out: [Trade] = []
        var next = from
        while next <= through {
            let page = try await aggTrades(symbol: symbol, fromID: next, limit: Int(Swift.min(Int64(Self.maxPage), through - next + 1)))
            out += page.filter { $0.tradeID >= next && $0.tradeID <= through }
            // An empty page or one that does not advance means the venue has nothing further.
            guard let last = page.last?.tradeID, last >= next else { break }
            next = last + 1
        }
        return out
    }

    /// Klines opening in `start..<end`, paged by time (1000 per page).
    public func klines(symbol: Symbol, timeframe: Timeframe, start: Timestamp, end: Timestamp) async throws(BinanceRESTError) -> [Bar] {
        var out: [Bar] = []
        var from = start
        while from < end {
            let body = try await get("klines", [
                "symbol": symbol.value, "interval": timeframe.rawValue, "startTime": "\(from.milliseconds)",
                "endTime": "\(end.milliseconds - 1)", "limit": "\(Self.maxPage)",
            ], weight: BinanceRequestWeight.klines(market, limit: Self.maxPage))
            let page: [Bar]
            do { page = try decoder.klines(body, symbol: symbol, timeframe: timeframe, receivedAt: clock.now()) } catch {
                throw .decoding(error)
            }
            out += page.filter { $0.openTime >= from && $0.openTime < end }
            guard let last = page.last, last.openTime >= from else { break }
            from = last.closeTime
        }
        return out
    }

    /// An order-book snapshot of `limit` levels a side.
    public func depth(symbol: Symbol, limit: Int = 1_000) async throws(BinanceRESTError) -> DepthSnapshot {
        let body = try await get("depth", ["symbol": symbol.value, "limit": "\(limit)"], weight: BinanceRequestWeight.depth(market, limit: limit))
        do { return try decoder.depth(body, symbol: symbol, receivedAt: clock.now()) } catch { throw .decoding(error) }
    }

    /// What the budgets have counted since the client was made: request
    /// weight, and requests to the `/futures/data` statistics (429s retried count again).
    public private(set) var counted: (weight: Int64, statisticsRequests: Int64) = (0, 0)

    /// GETs `prefix/path?query` within the weight budget, retrying 429/418 after `Retry-After`.
    private func get(_ path: String, _ query: [String: String], weight: Int) async throws(BinanceRESTError) -> Data {
        try await get(absolute: prefix + "/" + path, query, weight: weight, statistics: false)
    }

    /// GETs `path?query` (a path from the host's root) within the weight budget
    /// and, for a `/futures/data` statistic, within their request count; retries
    /// 429/418 after `Retry-After`.
    func get(absolute path: String, _ query: [String: String], weight: Int, statistics: Bool) async throws(BinanceRESTError) -> Data {
        let url = baseURL + path + "?" + query.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        var attempt = 0
        while true {
            var wait = reserve(weight: weight, statistics: statistics)
            while wait > .zero {
                try? await Task.sleep(for: wait)
                wait = reserve(weight: weight, statistics: statistics)
            }
            attempt += 1
            let response: HTTPClientResponse
            let body: ByteBuffer
            do {
                response = try await http.execute(HTTPClientRequest(url: url), timeout: .seconds(30), logger: logger)
                body = try await response.body.collect(upTo: 64 << 20)
            } catch {
                throw .transport("\(error)")
            }
            if let used = response.headers.first(name: "X-MBX-USED-WEIGHT-1M").flatMap(Int.init) {
                limiter.observe(usedWeight: used, at: clock.now())
            }
            let status = Int(response.status.code)
            let data = Data(body.readableBytesView)
            if status == 429 || status == 418 {
                guard attempt < maxAttempts else { throw .rateLimited(status: status, attempts: attempt) }
                let retryAfter = response.headers.first(name: "Retry-After").flatMap(Int.init).map { Duration.seconds($0) }
                    ?? backoff.delay(attempt: attempt - 1)
                logger.warning("rate limited", metadata: ["status": "\(status)", "retryAfter": "\(retryAfter)", "url": "\(url)"])
                limiter.block(for: retryAfter, at: clock.now())
                continue
            }
            guard (200..<300).contains(status) else {
                throw .http(status: status, apiError: decoder.apiError(data), bodyPrefix: String(decoding: data.prefix(200), as: UTF8.self))
            }
            return data
        }
    }

    /// The wait before a request may go; `.zero` once it is counted. A statistic
    /// weighs 0, so a wait for the request count after the weight counts nothing twice.
    private func reserve(weight: Int, statistics: Bool) -> Duration {
        let now = clock.now()
        var wait = limiter.reserve(weight: weight, at: now)
        if wait == .zero, statistics { wait = statisticsLimiter.reserve(weight: 1, at: now) }
        if wait == .zero {
            counted.weight += Int64(weight)
            if statistics { counted.statisticsRequests += 1 }
        }
        return wait
    }
}
