import ArenaCore
import Logging

/// Binance (spot or USDⓈ-M) as a ``LiveVenue``: the trading client's answers turned into
/// ``ArenaCore/VenueReport``s. An order's trades are read from the account's trades of that order,
/// each with its trade id, price and commission (in the quote asset; a commission in the base
/// asset is valued at the trade's price).
public struct BinanceVenue: LiveVenue {
    public let client: BinanceTradingClient
    /// The key of the spot user-data stream's subscription (USDⓈ-M's listen key needs only the client).
    let credentials: BinanceCredentials
    /// How many times a placement refused by a rate limit (nothing sent) is tried again, after the venue's pause.
    let rateLimitRetries = 3
    let logger: Logger

    public init(client: BinanceTradingClient, credentials: BinanceCredentials, logger: Logger = Logger(label: "arena.venues.binance")) {
        self.client = client
        self.credentials = credentials
        self.logger = logger
    }

    public var id: VenueID { VenueID(unchecked: "binance") }
    public var isTestnetOrDemo: Bool { client.environment.isTestnetOrDemo }
    public var summary: String { client.environment.description }

    public func prepare() async throws {
        try await client.synchronizeTime()
        let filters = try await client.exchangeInfo()
        logger.info("binance symbol rules loaded", metadata: ["symbols": "\(filters.count)"])
    }

    public func place(_ order: OrderSpec, referencePrice: FixedDecimal?) async -> [VenueReport] {
        let request: BinanceOrderRequest
        switch BinanceVenue.request(for: order, market: client.market, referencePrice: referencePrice) {
        case .success(let r): request = r
        case .failure(let refusal): return [report(.rejected, order, reason: "refused_locally: \(refusal)")]
        }
        var attempt = 0
        while true {
            do {
                let placed = try await client.placeOrder(request)
                return await reports(for: placed, of: order)
            } catch {
                let pause: Duration
                switch error.outcome {
                case .rejected: return [report(.rejected, order, reason: error.description)]
                case .unknown: return [report(.unknown, order, reason: error.description)]
                case .retryAfter(let delay): pause = min(delay ?? .seconds(1), .seconds(10))
                case .clockSkew: pause = .zero  // the client measured the server's time again
                }
                // Nothing was sent: sending the same client order id again after the pause is safe.
                guard attempt < rateLimitRetries else { return [report(.rejected, order, reason: "not_sent: \(error)")] }
                attempt += 1
                try? await Task.sleep(for: pause)
            }
        }
    }

    public func cancel(_ order: OrderSpec) async -> [VenueReport] {
        do {
            let cancelled = try await client.cancelOrder(symbol: order.symbol, clientOrderID: order.clientOrderID)
            return await reports(for: cancelled, of: order)
        } catch {
            // Not working any more (filled meanwhile), or the answer was lost: the order's state says which.
            logger.notice("cancel not confirmed; querying the order", metadata: ["clientOrderId": "\(order.clientOrderID)", "error": "\(error)"])
            return await resolve(order)
        }
    }

    public func resolve(_ order: OrderSpec) async -> [VenueReport] {
        do {
            switch try await client.resolveUnknown(symbol: order.symbol, clientOrderID: order.clientOrderID) {
            case .found(let found): return await reports(for: found, of: order)
            case .notFound: return [report(.lost, order, reason: "the venue does not know \(order.clientOrderID)")]
            }
        } catch {
            logger.warning("order not resolved yet", metadata: ["clientOrderId": "\(order.clientOrderID)", "error": "\(error)"])
            return []
        }
    }

    public func openOrders() async throws -> [VenueOrder] {
        try await client.openOrders().map { o in
            VenueOrder(
                clientOrderID: try? ClientOrderID(o.clientOrderID), venueOrderID: String(o.orderID), symbol: Symbol(unchecked: o.symbol),
                side: o.side == "SELL" ? .sell : .buy, quantity: o.originalQuantity, filledQuantity: o.executedQuantity
            )
        }
    }

    public func balances() async throws -> [String: FixedDecimal] {
        Dictionary(try await client.account().balances.map { ($0.asset, $0.free + $0.locked) }, uniquingKeysWith: +)
    }

    public func canWithdraw() async throws -> Bool? { try await client.account().canWithdraw }

    func report(_ kind: VenueReport.Kind, _ order: OrderSpec, reason: String? = nil, venueOrderID: String? = nil, at time: Timestamp? = nil) -> VenueReport {
        VenueReport(kind: kind, clientOrderID: order.clientOrderID, venueOrderID: venueOrderID, reason: reason, time: time ?? WallClock().now())
    }
}
