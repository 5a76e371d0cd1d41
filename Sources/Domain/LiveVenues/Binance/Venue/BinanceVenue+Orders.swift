import ArenaCore

extension BinanceVenue {
    /// Binance's order for `order`: MARKET, LIMIT (with its time in force), or for a stop-limit
    /// the kernel sent on its trigger, LIMIT. Stops and targets are held by the OMS kernel and
    /// reach the venue as market orders, so no other type is asked for.
    static func request(for order: OrderSpec, market: BinanceMarket, referencePrice: FixedDecimal?) -> Result<BinanceOrderRequest, UnsupportedOrder> {
        guard order.quoteBudget == nil else { return .failure(.quoteBudget) }
        guard order.market == market.marketKind else { return .failure(.market(order.market)) }
        let type: BinanceOrderType
        switch order.type {
        case .market: type = .market
        case .limit: type = .limit
        case .stopMarket, .stopLimit, .takeProfit: return .failure(.triggered(order.type))
        }
        return .success(BinanceOrderRequest(
            symbol: order.symbol, side: order.side, type: type, quantity: order.quantity, price: type == .limit ? order.limitPrice : nil,
            timeInForce: type == .limit ? order.timeInForce : nil, clientOrderID: order.clientOrderID,
            reduceOnly: market == .usdm && order.reduceOnly, referencePrice: referencePrice
        ))
    }

    /// Why an order cannot be sent to Binance as it is.
    enum UnsupportedOrder: Error, CustomStringConvertible {
        case quoteBudget
        case market(MarketKind)
        case triggered(OrderType)

        var description: String {
            switch self {
            case .quoteBudget: "a market order sized by a quote budget (risk.size_at_fill) is not sent to Binance; size it by quantity"
            case .market(let kind): "a \(kind.rawValue) order on this \(kind == .spot ? "USDⓈ-M" : "spot") venue"
            case .triggered(let type): "\(type.rawValue) orders are held by the OMS until their trigger, then sent at market"
            }
        }
    }

    /// The venue's state of `order` as reports: acceptance (unless refused), every trade of it not
    /// yet reported (the kernel books each trade id once), then how it ended.
    func reports(for placed: BinanceOrder, of order: OrderSpec) async -> [VenueReport] {
        let venueID = String(placed.orderID)
        let time = placed.updateTime.map { Timestamp(milliseconds: $0) } ?? WallClock().now()
        if placed.status == .rejected { return [report(.rejected, order, reason: "rejected by the venue", venueOrderID: venueID, at: time)] }
        var out = [report(.accepted, order, venueOrderID: venueID, at: time)]
        if placed.executedQuantity.isPositive {
            do {
                let trades = try await client.trades(symbol: order.symbol, orderID: placed.orderID, limit: 1_000)
                out += trades.map { trade($0, of: order) }
            } catch {
                // The trades are read again by the next query of the order (a resolve, reconciliation).
                logger.warning("trades of a filled order not read yet", metadata: ["clientOrderId": "\(order.clientOrderID)", "error": "\(error)"])
                return out
            }
        }
        switch placed.status {
        case .canceled: out.append(report(.cancelled, order, reason: "cancelled at the venue", venueOrderID: venueID, at: time))
        case .expired, .expiredInMatch: out.append(report(.expired, order, reason: "expired at the venue (\(placed.status.rawValue))", venueOrderID: venueID, at: time))
        default: break
        }
        return out
    }

    /// One trade as a fill report: its commission in the quote asset (a base-asset commission at the
    /// trade's price; another asset's is not converted, and says so).
    func trade(_ t: BinanceTrade, of order: OrderSpec) -> VenueReport {
        let (fee, note) = Self.quoteFee(t.commission, asset: t.commissionAsset, price: t.price, symbol: order.symbol.value)
        var fill = VenueReport.fill(
            order.clientOrderID, tradeID: String(t.id), quantity: t.quantity, price: t.price, fee: fee, liquidity: t.isMaker ? .maker : .taker,
            at: Timestamp(milliseconds: t.time)
        )
        fill.venueOrderID = String(t.orderID)
        fill.reason = note
        return fill
    }
}
