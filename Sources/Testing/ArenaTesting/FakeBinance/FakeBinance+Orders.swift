import ArenaCore
import Foundation
import HTTPTypes

extension FakeBinance {
    private static let spotTypes: Set = ["MARKET", "LIMIT", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT"]
    private static let usdmTypes: Set = ["MARKET", "LIMIT", "STOP", "TAKE_PROFIT", "STOP_MARKET", "TAKE_PROFIT_MARKET"]
    private static let limitTypes: Set = ["LIMIT", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT", "STOP", "TAKE_PROFIT"]
    private static let marketTypes: Set = ["MARKET", "STOP_MARKET", "TAKE_PROFIT_MARKET"]

    private static func missing(_ name: String) -> FakeBinanceAnswer {
        .error(-1102, "Mandatory parameter '\(name)' was not sent, was empty/null, or malformed.")
    }

    /// `POST order`: parameters, filters, duplicate id, balance, then the injected fault, then placing and matching.
    static func place(_ s: inout FakeBinanceState, _ c: FakeBinanceCall) -> FakeBinanceAnswer {
        let p = c.params
        guard let symbol = p["symbol"] else { return missing("symbol") }
        guard let rules = s.symbols[symbol] else { return .error(-1121, "Invalid symbol.") }
        guard let side = p["side"], side == "BUY" || side == "SELL" else { return .error(-1117, "Invalid side.") }
        guard let type = p["type"], (c.usdm ? usdmTypes : spotTypes).contains(type) else { return .error(-1116, "Invalid orderType.") }
        guard let quantity = p["quantity"].flatMap({ FixedDecimal($0) }), quantity.isPositive else { return missing("quantity") }
        let isLimit = limitTypes.contains(type), atMarket = marketTypes.contains(type)
        var price = FixedDecimal.zero, stopPrice = FixedDecimal.zero
        if isLimit {
            guard let value = p["price"].flatMap({ FixedDecimal($0) }) else { return missing("price") }
            guard p["timeInForce"] != nil else { return missing("timeInForce") }
            price = value
        }
        if type != "MARKET" && type != "LIMIT" {
            guard let value = p["stopPrice"].flatMap({ FixedDecimal($0) }) else { return missing("stopPrice") }
            stopPrice = value
        }
        if let failure = filterFailure(rules, usdm: c.usdm, quantity: quantity, prices: [price, stopPrice].filter(\.isPositive), atMarket: atMarket) {
            return failure
        }
        let clientOrderID = p["newClientOrderId"] ?? "fake-\(s.nextOrderID)"
        if s.index(clientOrderID: clientOrderID, orderID: nil) != nil {
            return c.usdm ? .error(-4116, "ClientOrderId is duplicated.") : .error(-2010, "Duplicate order sent.")
        }
        let notional = quantity * (atMarket ? rules.marketPrice : price)
        let needed = side == "BUY" || c.usdm ? (rules.quoteAsset, notional) : (rules.baseAsset, quantity)
        if s.balances[needed.0, default: .zero] < needed.1 {
            return c.usdm ? .error(-2019, "Margin is insufficient.") : .error(-2010, "Account has insufficient balance for requested action.")
        }
        let fault = s.faults.isEmpty ? nil : s.faults.removeFirst()
        if case .serverError(let status, false) = fault { return FakeBinanceAnswer(status: status, json: .string("Service Unavailable")) }
        let now = now(s)
        let order = FakeBinanceOrder(
            orderID: s.nextOrderID, clientOrderID: clientOrderID, symbol: symbol, side: side, type: type,
            timeInForce: isLimit ? p["timeInForce"] : nil, price: price, stopPrice: stopPrice, quantity: quantity,
            reduceOnly: p["reduceOnly"] == "true", usdm: c.usdm, time: now, updateTime: now
        )
        s.nextOrderID += 1
        s.orders.append(order)
        s.publish(order, execution: "NEW", trade: nil, now: now)
        s.placementsAccepted += 1
        match(&s, s.orders.count - 1, rules)
        var answer = FakeBinanceAnswer(json: orderJSON(s.orders[s.orders.count - 1], usdm: c.usdm, fills: c.usdm ? nil : s.trades))
        answer.headers = orderCountHeaders(&s, usdm: c.usdm)
        switch fault {
        case .serverError(let status, _): return FakeBinanceAnswer(status: status, json: .string("Service Unavailable"))
        case .acceptThenHold(let hold): answer.hold = hold
        case nil: break
        }
        return answer
    }

    /// The first filter the order breaks, answered as Binance answers it.
    private static func filterFailure(
        _ r: FakeBinanceSymbol, usdm: Bool, quantity: FixedDecimal, prices: [FixedDecimal], atMarket: Bool
    ) -> FakeBinanceAnswer? {
        func offStep(_ value: FixedDecimal, _ base: FixedDecimal, _ step: FixedDecimal) -> Bool {
            step.isPositive && (value - base).raw % step.raw != 0
        }
        for price in prices where price < r.minPrice || price > r.maxPrice || offStep(price, r.minPrice, r.tickSize) {
            return .error(-1013, "Filter failure: PRICE_FILTER")
        }
        if quantity < r.minQty || quantity > r.maxQty || offStep(quantity, r.minQty, r.stepSize) {
            return .error(-1013, "Filter failure: LOT_SIZE")
        }
        if atMarket && r.marketMaxQty.isPositive && quantity > r.marketMaxQty { return .error(-1013, "Filter failure: MARKET_LOT_SIZE") }
        let notional = quantity * (atMarket || prices.isEmpty ? r.marketPrice : prices[0])
        if usdm && notional < r.minNotional {
            return .error(-4164, "Order's notional must be no smaller than \(r.minNotional) (unless you choose reduce only).")
        }
        if !usdm && (notional < r.minNotional || (r.maxNotional.isPositive && notional > r.maxNotional)) {
            return .error(-1013, "Filter failure: NOTIONAL")
        }
        return nil
    }

    /// Fills a new order that can trade at once (MARKET, or a LIMIT through the market price); an IOC/FOK
    /// limit that cannot expires. Triggered types wait (the fake has no price moves of its own: ``fill``).
    private static func match(_ s: inout FakeBinanceState, _ i: Int, _ rules: FakeBinanceSymbol) {
        let o = s.orders[i], market = rules.marketPrice
        let marketable = o.type == "MARKET" || (o.type == "LIMIT" && (o.side == "BUY" ? o.price >= market : o.price <= market))
        if marketable {
            s.fill(i, quantity: o.quantity, price: market, now: now(s), maker: false)
        } else if o.type == "LIMIT" && (o.timeInForce == "IOC" || o.timeInForce == "FOK") {
            s.orders[i].status = "EXPIRED"
            s.publish(s.orders[i], execution: "EXPIRED", trade: nil, now: now(s))
        }
    }

    /// `X-MBX-ORDER-COUNT-10S`/`-1D` (spot) or `-1M` (USDⓈ-M) after one more order.
    private static func orderCountHeaders(_ s: inout FakeBinanceState, usdm: Bool) -> HTTPFields {
        let now = ContinuousClock.now
        s.ordersIn10s = s.ordersIn10s.filter { now - $0 < .seconds(usdm ? 60 : 10) } + [now]
        s.ordersToday += 1
        var h = HTTPFields()
        if usdm {
            h.set("X-MBX-ORDER-COUNT-1M", String(s.ordersIn10s.count))
        } else {
            h.set("X-MBX-ORDER-COUNT-10S", String(s.ordersIn10s.count))
            h.set("X-MBX-ORDER-COUNT-1D", String(s.ordersToday))
        }
        return h
    }

    /// `GET order` by `origClientOrderId` or `orderId`; -2013 when unknown.
    static func query(_ s: inout FakeBinanceState, _ c: FakeBinanceCall) -> FakeBinanceAnswer {
        guard let i = s.index(clientOrderID: c.params["origClientOrderId"], orderID: c.params["orderId"].flatMap(Int64.init)),
            s.orders[i].symbol == c.params["symbol"]
        else { return .error(-2013, "Order does not exist.") }
        return FakeBinanceAnswer(json: orderJSON(s.orders[i], usdm: c.usdm))
    }

    /// `DELETE order`; -2011 "Unknown order sent." when unknown or no longer open.
    static func cancel(_ s: inout FakeBinanceState, _ c: FakeBinanceCall) -> FakeBinanceAnswer {
        guard let i = s.index(clientOrderID: c.params["origClientOrderId"], orderID: c.params["orderId"].flatMap(Int64.init)),
            s.orders[i].symbol == c.params["symbol"], s.orders[i].isOpen
        else { return .error(-2011, "Unknown order sent.") }
        s.orders[i].status = "CANCELED"
        s.orders[i].updateTime = now(s)
        // Spot reports a cancellation under the cancel request's own id (`c`), the order's in `C`.
        s.publish(s.orders[i], execution: "CANCELED", trade: nil, now: now(s), cancelID: c.params["newClientOrderId"] ?? "fake-cancel-\(i)")
        return FakeBinanceAnswer(json: orderJSON(s.orders[i], usdm: c.usdm))
    }
}
