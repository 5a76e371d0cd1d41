import ArenaCore

/// The fake's answers in OKX's documented shapes: every number a string, `""` where a field does not apply.
extension FakeOKXTrading {
    static func d(_ value: FixedDecimal?) -> JSONValue { .string(value?.description ?? "") }

    /// `{"code":"0","msg":"","data":[…]}`.
    static func ok(_ data: [JSONValue]) -> FakeOKXAnswer {
        FakeOKXAnswer(json: .object(["code": .string("0"), "msg": .string(""), "data": .array(data)]))
    }

    static func instrumentJSON(_ i: FakeOKXInstrument) -> JSONValue {
        .object([
            "instType": .string(i.instType), "instId": .string(i.instID),
            "baseCcy": .string(i.isSwap ? "" : i.baseCcy), "quoteCcy": .string(i.isSwap ? "" : i.quoteCcy),
            "settleCcy": .string(i.isSwap ? i.quoteCcy : ""), "uly": .string(i.isSwap ? "\(i.baseCcy)-\(i.quoteCcy)" : ""),
            "ctVal": i.isSwap ? d(i.ctVal) : .string(""), "ctValCcy": .string(i.isSwap ? i.baseCcy : ""),
            "ctType": .string(i.isSwap ? "linear" : ""), "tickSz": d(i.tickSz), "lotSz": d(i.lotSz), "minSz": d(i.minSz),
            "maxLmtSz": d(i.maxLmtSz), "maxMktSz": d(i.maxMktSz), "state": .string(i.state), "lever": .string(i.isSwap ? "100" : ""),
        ])
    }

    /// An order as `trade/order`, `orders-pending` and the `orders` channel report it.
    static func orderJSON(_ o: FakeOKXOrder) -> JSONValue {
        let avg = o.accFillSz.isPositive ? (try? o.filledValue.divided(by: o.accFillSz)) : nil
        return .object([
            "instType": .string(o.instType), "instId": .string(o.instID), "ordId": .string(o.ordID), "clOrdId": .string(o.clOrdID),
            "px": d(o.px), "sz": d(o.sz), "ordType": .string(o.ordType), "side": .string(o.side), "posSide": .string("net"),
            "tdMode": .string(o.tdMode), "state": .string(o.state), "accFillSz": d(o.accFillSz), "avgPx": d(avg),
            "fee": d(o.fee), "feeCcy": .string(o.feeCcy), "tradeId": .string(o.lastTradeID), "fillPx": d(o.lastFillPx),
            "fillSz": d(o.lastFillSz), "fillFee": d(o.lastTradeID.isEmpty ? nil : o.lastFillFee), "fillFeeCcy": .string(o.lastTradeID.isEmpty ? "" : o.feeCcy),
            "fillTime": .string(o.lastFillTime.map(String.init) ?? ""), "cTime": .string(String(o.cTime)), "uTime": .string(String(o.uTime)),
            "tag": .string(""), "category": .string("normal"), "rebate": .string("0"), "rebateCcy": .string(o.feeCcy),
        ])
    }

    /// A push on the `orders` channel.
    static func orderPush(_ o: FakeOKXOrder) -> String {
        let push = JSONValue.object([
            "arg": .object(["channel": .string("orders"), "instType": .string("ANY"), "uid": .string("fake-uid")]),
            "data": .array([orderJSON(o)]),
        ])
        return String(decoding: push.encoded(), as: UTF8.self)
    }

    static func fillJSON(_ f: FakeOKXFill) -> JSONValue {
        .object([
            "instType": .string(f.order.instType), "instId": .string(f.order.instID), "tradeId": .string(f.tradeID),
            "ordId": .string(f.order.ordID), "clOrdId": .string(f.order.clOrdID), "billId": .string(f.tradeID), "side": .string(f.order.side),
            "fillPx": d(f.price), "fillSz": d(f.size), "fee": d(f.fee), "feeCcy": .string(f.order.feeCcy),
            "execType": .string(f.maker ? "M" : "T"), "posSide": .string("net"), "ts": .string(String(f.time)),
        ])
    }

    static func balanceJSON(_ s: FakeOKXState) -> JSONValue {
        let frozen = frozenBalances(s)
        let details = s.balances.keys.sorted().map { ccy -> JSONValue in
            let cash = s.balances[ccy] ?? .zero, held = frozen[ccy] ?? .zero
            return .object([
                "ccy": .string(ccy), "cashBal": d(cash), "eq": d(cash), "availBal": d(cash - held), "frozenBal": d(held),
                "availEq": d(cash - held), "ordFrozen": d(held), "uTime": .string(String(now())),
            ])
        }
        return .object(["totalEq": .string(""), "uTime": .string(String(now())), "details": .array(details)])
    }

    /// What open orders hold: a buy its quote (swaps: their margin, at 1×), a spot sell its base.
    static func frozenBalances(_ s: FakeOKXState) -> [String: FixedDecimal] {
        var out: [String: FixedDecimal] = [:]
        for o in s.orders where o.isOpen {
            guard let inst = s.instruments[o.instID] else { continue }
            let left = o.sz - o.accFillSz, price = o.px ?? inst.marketPrice
            if inst.isSwap {
                out[inst.quoteCcy, default: .zero] += left * inst.ctVal * price
            } else if o.side == "buy" {
                out[inst.quoteCcy, default: .zero] += left * price
            } else {
                out[inst.baseCcy, default: .zero] += left
            }
        }
        return out
    }
}
