import ArenaCore
import Foundation

extension OKXTradingClient {
    /// Places `request` after fitting it to its instrument's rules (``OKXInstrumentRules/prepare(_:)``).
    ///
    /// Throws ``OKXVenueError/refused(_:)`` (nothing sent) for a rule violation or an instrument
    /// without rules. When the error's ``OKXVenueError/outcome`` is ``OKXOutcome/unknown`` the order
    /// may exist: call ``resolveUnknown(clientOrderID:)``, never place it again.
    public func placeOrder(_ request: OKXOrderRequest) async throws(OKXVenueError) -> OKXPlacement {
        guard let rules = instruments[request.instrumentID] else { throw .refused(.unknownInstrument(request.instrumentID)) }
        let prepared: OKXOrderRequest
        do { prepared = try rules.prepare(request) } catch { throw .refused(error) }
        let data: Data
        do {
            data = try await send(
                .POST, "/api/v5/trade/order", body: prepared.body(instrumentType: rules.type), signed: true,
                placement: (prepared.clientOrderID, prepared.instrumentID)
            )
        } catch {
            // Only an unknown outcome needs the record later; anything else settled the placement.
            if error.outcome != .unknown { pendingPlacements[prepared.clientOrderID] = nil }
            throw error
        }
        pendingPlacements[prepared.clientOrderID] = nil
        guard let placement = try decode([OKXPlacement].self, data).first else { throw .decoding("order answer without data") }
        return placement
    }

    /// Cancels the order with `clientOrderID` (`POST /api/v5/trade/cancel-order`).
    public func cancelOrder(instrumentID: Symbol, clientOrderID: ClientOrderID) async throws(OKXVenueError) -> OKXPlacement {
        let body = #"{"instId":"\#(instrumentID.value)","clOrdId":"\#(clientOrderID.value)"}"#
        let data = try await send(.POST, "/api/v5/trade/cancel-order", body: body, signed: true)
        guard let answer = try decode([OKXPlacement].self, data).first else { throw .decoding("cancel answer without data") }
        return answer
    }

    /// The order with `clientOrderID` (`GET /api/v5/trade/order`); 51603 when the venue does not know it.
    public func queryOrder(instrumentID: Symbol, clientOrderID: ClientOrderID) async throws(OKXVenueError) -> OKXOrder {
        let data = try await send(.GET, "/api/v5/trade/order", query: [("instId", instrumentID.value), ("clOrdId", clientOrderID.value)], signed: true)
        guard let order = try decode([OKXOrder].self, data).first else { throw .api(.orderNotExist, message: "empty answer", httpStatus: 200) }
        return order
    }

    /// The working orders (`GET /api/v5/trade/orders-pending`), of `instrumentID` or of every instrument.
    public func pendingOrders(instrumentID: Symbol? = nil) async throws(OKXVenueError) -> [OKXOrder] {
        let data = try await send(.GET, "/api/v5/trade/orders-pending", query: instrumentID.map { [("instId", $0.value)] } ?? [], signed: true)
        return try decode([OKXOrder].self, data)
    }

    /// The trading account's balances (`GET /api/v5/account/balance`), of `currencies` or of all.
    public func balances(currencies: [String] = []) async throws(OKXVenueError) -> [OKXBalance] {
        struct Account: Decodable { var details: [OKXBalance] }
        let query = currencies.isEmpty ? [] : [("ccy", currencies.joined(separator: ","))]
        let data = try await send(.GET, "/api/v5/account/balance", query: query, signed: true)
        return try decode([Account].self, data).flatMap(\.details)
    }

    /// The account's latest executions (`GET /api/v5/trade/fills`, the last three days), newest first, at most `limit`.
    public func fills(instrumentID: Symbol? = nil, limit: Int = 100) async throws(OKXVenueError) -> [OKXTradeFill] {
        var query = instrumentID.map { [("instId", $0.value)] } ?? []
        query.append(("limit", String(Swift.min(Swift.max(limit, 1), 100))))
        return try decode([OKXTradeFill].self, try await send(.GET, "/api/v5/trade/fills", query: query, signed: true))
    }

    /// Settles a placement this client sent whose outcome was unknown, by querying its client order id.
    public func resolveUnknown(clientOrderID: ClientOrderID) async throws(OKXVenueError) -> OKXUnknownResolution {
        guard let pending = pendingPlacements[clientOrderID] else {
            throw .decoding("no placement of \(clientOrderID) is pending here: name its instrument")
        }
        return try await resolveUnknown(instrumentID: pending.instrumentID, clientOrderID: clientOrderID)
    }

    /// Settles a placement whose outcome was unknown by querying its client order id — never by placing again.
    ///
    /// Returns ``OKXUnknownResolution/found(_:)`` as soon as the venue knows the order. "Not found"
    /// is final only once the placement can no longer arrive: the venue refuses a request past its
    /// `expTime`, so until then the order may still appear. Without a record (another process
    /// placed it) the placement is assumed to have just gone out. Transient failures (timeouts,
    /// 5xx, rate limits) are retried until `resolveDeadline`; past it the last error is thrown.
    public func resolveUnknown(instrumentID: Symbol, clientOrderID: ClientOrderID) async throws(OKXVenueError) -> OKXUnknownResolution {
        let start = ContinuousClock.now
        let expiresAt = pendingPlacements[clientOrderID]?.expiresAt
            ?? serverClock.timestamp(now: configuration.localMilliseconds()) + configuration.placementValidity.wholeMilliseconds
        var wait = configuration.resolvePollInterval
        while true {
            do {
                let order = try await queryOrder(instrumentID: instrumentID, clientOrderID: clientOrderID)
                pendingPlacements[clientOrderID] = nil
                logger.info("unknown outcome resolved: found", metadata: ["clOrdId": "\(clientOrderID)", "state": "\(order.state.rawValue)"])
                return .found(order)
            } catch {
                if case .api(.orderNotExist, _, _) = error, serverClock.timestamp(now: configuration.localMilliseconds()) > expiresAt {
                    pendingPlacements[clientOrderID] = nil
                    logger.info("unknown outcome resolved: not found", metadata: ["clOrdId": "\(clientOrderID)"])
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
