import ArenaCore

/// The fake's answers in Binance's documented shapes: spot prints decimals with eight places as
/// strings; USDⓈ-M prints them as they are, also as strings.
extension FakeBinance {
    static func d(_ value: FixedDecimal, usdm: Bool) -> JSONValue { .string(usdm ? value.description : value.formatted(places: 8)) }

    static func exchangeInfoJSON(_ s: FakeBinanceState, usdm: Bool) -> JSONValue {
        let symbols = s.symbols.values.sorted { $0.symbol < $1.symbol }.map { r -> JSONValue in
            func filter(_ type: String, _ fields: [String: JSONValue]) -> JSONValue {
                .object(fields.merging(["filterType": .string(type)]) { a, _ in a })
            }
            var filters: [JSONValue] = [
                filter("PRICE_FILTER", ["minPrice": d(r.minPrice, usdm: usdm), "maxPrice": d(r.maxPrice, usdm: usdm), "tickSize": d(r.tickSize, usdm: usdm)]),
                filter("LOT_SIZE", ["minQty": d(r.minQty, usdm: usdm), "maxQty": d(r.maxQty, usdm: usdm), "stepSize": d(r.stepSize, usdm: usdm)]),
                filter("MARKET_LOT_SIZE", ["minQty": d(r.minQty, usdm: usdm), "maxQty": d(r.marketMaxQty, usdm: usdm), "stepSize": d(r.stepSize, usdm: usdm)]),
            ]
            if usdm {
                filters.append(filter("MIN_NOTIONAL", ["notional": d(r.minNotional, usdm: true)]))
            } else {
                filters.append(filter("NOTIONAL", [
                    "minNotional": d(r.minNotional, usdm: false), "applyMinToMarket": .bool(true), "maxNotional": d(r.maxNotional, usdm: false),
                    "applyMaxToMarket": .bool(false), "avgPriceMins": .int(5),
                ]))
            }
            filters.append(filter("MAX_NUM_ORDERS", [usdm ? "limit" : "maxNumOrders": .int(200)]))
            return .object([
                "symbol": .string(r.symbol), "status": .string("TRADING"), "baseAsset": .string(r.baseAsset),
                "quoteAsset": .string(r.quoteAsset), "filters": .array(filters),
            ])
        }
        return .object(["timezone": .string("UTC"), "serverTime": .int(now(s)), "rateLimits": .array([]), "symbols": .array(symbols)])
    }

    /// An order; spot's FULL placement answer adds its `fills` (pass the trades), USDⓈ-M's names differ.
    static func orderJSON(_ o: FakeBinanceOrder, usdm: Bool, fills: [FakeBinanceTrade]? = nil) -> JSONValue {
        var m: [String: JSONValue] = [
            "symbol": .string(o.symbol), "orderId": .int(o.orderID), "clientOrderId": .string(o.clientOrderID),
            "price": d(o.price, usdm: usdm), "origQty": d(o.quantity, usdm: usdm), "executedQty": d(o.executed, usdm: usdm),
            "status": .string(o.status), "timeInForce": .string(o.timeInForce ?? "GTC"), "type": .string(o.type),
            "side": .string(o.side), "stopPrice": d(o.stopPrice, usdm: usdm), "updateTime": .int(o.updateTime),
        ]
        if usdm {
            m["cumQuote"] = d(o.cumulativeQuote, usdm: true)
            m["cumQty"] = d(o.executed, usdm: true)
            m["avgPrice"] = d(o.executed.isPositive ? (try? o.cumulativeQuote.divided(by: o.executed)) ?? .zero : .zero, usdm: true)
            m["reduceOnly"] = .bool(o.reduceOnly)
            m["positionSide"] = .string("BOTH")
            m["origType"] = .string(o.type)
        } else {
            m["cummulativeQuoteQty"] = d(o.cumulativeQuote, usdm: false)
            m["orderListId"] = .int(-1)
            m["time"] = .int(o.time)
            if let fills {
                m["transactTime"] = .int(o.time)
                m["fills"] = .array(fills.filter { $0.orderID == o.orderID }.map {
                    .object(["price": d($0.price, usdm: false), "qty": d($0.quantity, usdm: false), "commission": d($0.commission, usdm: false),
                             "commissionAsset": .string($0.commissionAsset ?? "BNB"), "tradeId": .int($0.id)])
                })
            }
        }
        return .object(m)
    }

    static func accountJSON(_ s: FakeBinanceState, usdm: Bool) -> JSONValue {
        let assets = s.balances.keys.sorted()
        if usdm {
            return .object([
                "canTrade": .bool(true), "canWithdraw": .bool(s.canWithdraw), "canDeposit": .bool(true),
                "assets": .array(assets.map { a in
                    .object(["asset": .string(a), "walletBalance": d(s.balances[a]!, usdm: true), "availableBalance": d(s.balances[a]!, usdm: true)])
                }),
            ])
        }
        return .object([
            "canTrade": .bool(true), "canWithdraw": .bool(s.canWithdraw), "canDeposit": .bool(true), "accountType": .string("SPOT"),
            "permissions": .array([.string("SPOT")]),
            "balances": .array(assets.map { a in .object(["asset": .string(a), "free": d(s.balances[a]!, usdm: false), "locked": .string("0.00000000")]) }),
        ])
    }

    static func tradeJSON(_ t: FakeBinanceTrade, usdm: Bool) -> JSONValue {
        var m: [String: JSONValue] = [
            "symbol": .string(t.symbol), "id": .int(t.id), "orderId": .int(t.orderID), "price": d(t.price, usdm: usdm),
            "qty": d(t.quantity, usdm: usdm), "quoteQty": d(t.price * t.quantity, usdm: usdm), "commission": d(t.commission, usdm: usdm),
            "commissionAsset": .string(t.commissionAsset ?? (usdm ? "USDT" : "BNB")), "time": .int(t.time),
        ]
        if usdm {
            (m["buyer"], m["maker"], m["side"]) = (.bool(t.side == "BUY"), .bool(t.maker), .string(t.side))
        } else {
            (m["isBuyer"], m["isMaker"], m["isBestMatch"]) = (.bool(t.side == "BUY"), .bool(t.maker), .bool(true))
        }
        return .object(m)
    }
}
