import ArenaCore
import Foundation

extension BinanceTradingClient {
    /// Places `request` after fitting it to the symbol's filters (``SymbolFilters/prepare(_:market:)``).
    ///
    /// Throws ``BinanceVenueError/refused(_:)`` (nothing sent) for a filter violation or a symbol
    /// without filters. When the error's ``BinanceVenueError/outcome`` is ``BinanceOutcome/unknown``
    /// the order may exist: call ``resolveUnknown(symbol:clientOrderID:)``, never place it again.
    public func placeOrder(_ request: BinanceOrderRequest) async throws(BinanceVenueError) -> BinanceOrder {
        guard let rules = filters[request.symbol] else { throw .refused(.unknownSymbol(request.symbol)) }
        let prepared: BinanceOrderRequest
        do { prepared = try rules.prepare(request, market: market) } catch { throw .refused(error) }
        let data: Data
        do {
            data = try await send(.POST, .order, prepared.parameters(market: market), signed: true, placement: prepared.clientOrderID)
        } catch {
            // Only an unknown outcome needs the stamp later; anything else settled the placement.
            if error.outcome != .unknown { placementTimestamps[prepared.clientOrderID] = nil }
            throw error
        }
        placementTimestamps[prepared.clientOrderID] = nil
        return try decode(BinanceOrder.self, data)
    }

    /// Cancels the order with `clientOrderID` (`origClientOrderId`).
    public func cancelOrder(symbol: Symbol, clientOrderID: ClientOrderID) async throws(BinanceVenueError) -> BinanceOrder {
        let data = try await send(.DELETE, .order, [("symbol", symbol.value), ("origClientOrderId", clientOrderID.value)], signed: true)
        return try decode(BinanceOrder.self, data)
    }

    /// The order with `clientOrderID` (`origClientOrderId`); -2013 when the venue does not know it.
    public func queryOrder(symbol: Symbol, clientOrderID: ClientOrderID) async throws(BinanceVenueError) -> BinanceOrder {
        let data = try await send(.GET, .order, [("symbol", symbol.value), ("origClientOrderId", clientOrderID.value)], signed: true)
        return try decode(BinanceOrder.self, data)
    }

    /// The working orders, of `symbol` or of every symbol.
    public func openOrders(symbol: Symbol? = nil) async throws(BinanceVenueError) -> [BinanceOrder] {
        let data = try await send(.GET, .openOrders, symbol.map { [("symbol", $0.value)] } ?? [], signed: true)
        return try decode([BinanceOrder].self, data)
    }

    /// Balances and permissions (spot `/api/v3/account`, USDⓈ-M `/fapi/v2/account`).
    public func account() async throws(BinanceVenueError) -> BinanceAccount {
        try decode(BinanceAccount.self, try await send(.GET, .account, [], signed: true))
    }

    /// The account's latest executions on `symbol` (spot `myTrades`, USDⓈ-M `userTrades`), at most
    /// `limit`; of one order only with `orderID` (the venue's id).
    public func trades(symbol: Symbol, orderID: Int64? = nil, limit: Int = 500) async throws(BinanceVenueError) -> [BinanceTrade] {
        var parameters = [("symbol", symbol.value), ("limit", String(Swift.min(Swift.max(limit, 1), 1_000)))]
        if let orderID { parameters.append(("orderId", String(orderID))) }
        let data = try await send(.GET, .trades, parameters, signed: true)
        return try decode([BinanceTrade].self, data)
    }

    /// Settles a placement whose outcome was unknown by querying its client order id — never by placing again.
    ///
    /// Returns ``UnknownResolution/found(_:)`` as soon as the venue knows the order. "Not found" is
    /// final only once the placement can no longer arrive: the venue refuses a request whose
    /// `timestamp + recvWindow` is past on its clock, so until then the order may still appear
    /// (a request queued in the venue's backend). Transient failures (timeouts, 5xx, rate limits)
    /// are retried until `resolveDeadline`; past it the last error is thrown and the order stays unknown.
    public func resolveUnknown(symbol: Symbol, clientOrderID: ClientOrderID) async throws(BinanceVenueError) -> UnknownResolution {
        let start = ContinuousClock.now
        // Without a recorded stamp (another process placed it), assume it went out just now.
        let stamp = placementTimestamps[clientOrderID] ?? serverClock.timestamp(now: configuration.localMilliseconds())
        var wait = configuration.resolvePollInterval
        while true {
            do {
                let order = try await queryOrder(symbol: symbol, clientOrderID: clientOrderID)
                placementTimestamps[clientOrderID] = nil
                logger.info("unknown outcome resolved: found", metadata: ["clientOrderId": "\(clientOrderID)", "status": "\(order.status.rawValue)"])
                return .found(order)
            } catch {
                if case .api(.noSuchOrder, _, _, _) = error,
                    serverClock.timestamp(now: configuration.localMilliseconds()) > stamp + configuration.recvWindow {
                    placementTimestamps[clientOrderID] = nil
                    logger.info("unknown outcome resolved: not found", metadata: ["clientOrderId": "\(clientOrderID)"])
                    return .notFound
                }
                if case .retryAfter(let delay) = error.outcome, let delay { wait = Swift.max(wait, delay) }
                if ContinuousClock.now - start + wait > configuration.resolveDeadline { throw error }
            }
            try? await Task.sleep(for: wait)
            wait = configuration.resolvePollInterval
        }
    }
}
