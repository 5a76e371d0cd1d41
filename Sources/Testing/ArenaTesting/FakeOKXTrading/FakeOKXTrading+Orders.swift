import ArenaCore
import Foundation

extension FakeOKXTrading {
    private static let orderTypes: Set = ["market", "limit", "post_only", "fok", "ioc"]

    /// `POST /api/v5/trade/order`: parameters, rules, duplicate id, balance, then the injected fault,
    /// then placing, matching and the pushes.
    static func place(_ s: inout FakeOKXState, _ c: FakeOKXCall) -> FakeOKXAnswer {
        let b = c.body.compactMapValues(\.text)
        let clOrdID = b["clOrdId"] ?? ""
        func refuse(_ code: String, _ msg: String) -> FakeOKXAnswer { .orderError(code, msg, clOrdID: clOrdID) }
        // OKX refuses a request that arrives after its `expTime`; the code it answers is not in the
        // error tables, so the fake uses the timestamp one (the client must not rely on which).
        if let exp = c.expTime, now() > exp { return .error("50102", "Timestamp request expired.") }
        guard let instID = b["instId"], !instID.isEmpty else { return .error("50014", "Parameter instId cannot be empty.") }
        guard let inst = s.instruments[instID], inst.state == "live" else { return refuse("51001", "Instrument ID does not exist.") }
        guard let tdMode = b["tdMode"], ["cash", "isolated", "cross"].contains(tdMode), (tdMode == "cash") != inst.isSwap else {
            return refuse("51000", "Parameter tdMode error")
        }
        guard let side = b["side"], side == "buy" || side == "sell" else { return refuse("51000", "Parameter side error") }
        guard let ordType = b["ordType"], orderTypes.contains(ordType) else { return refuse("51000", "Parameter ordType error") }
        guard var sz = b["sz"].flatMap({ FixedDecimal($0) }), sz.isPositive else { return refuse("51000", "Parameter sz error") }
        if !clOrdID.isEmpty && (clOrdID.count > 32 || !clOrdID.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })) {
            return refuse("51000", "Parameter clOrdId error")
        }
        var px: FixedDecimal?
        if ordType != "market" {
            guard let value = b["px"].flatMap({ FixedDecimal($0) }), value.isPositive else { return refuse("51000", "Parameter px error") }
            guard value.raw % inst.tickSz.raw == 0 else { return refuse("51000", "Parameter px error") }
            px = value
        }
        // A spot market buy's size is quote currency unless `tgtCcy` says base.
        if !inst.isSwap && ordType == "market" && side == "buy" && b["tgtCcy"] != "base_ccy" {
            sz = (try? sz.divided(by: inst.marketPrice).rounded(toMultipleOf: inst.lotSz, .down)) ?? .zero
        }
        guard sz.raw % inst.lotSz.raw == 0 else { return refuse("51121", "Order quantity must be a multiple of the lot size.") }
        guard sz >= inst.minSz else { return refuse("51020", "Your order should meet or exceed the minimum order amount.") }
        if sz > (ordType == "market" ? inst.maxMktSz : inst.maxLmtSz) { return refuse("51000", "Parameter sz error") }
        if !clOrdID.isEmpty && s.index(clOrdID: clOrdID, ordID: nil) != nil { return refuse("51016", "Duplicated clOrdId") }
        let price = px ?? inst.marketPrice
        let (ccy, needed) = inst.isSwap || side == "buy" ? (inst.quoteCcy, sz * (inst.isSwap ? inst.ctVal : 1) * price) : (inst.baseCcy, sz)
        if s.balances[ccy, default: .zero] - frozenBalances(s)[ccy, default: .zero] < needed {
            return refuse("51008", "Order failed. Insufficient \(ccy) balance in account.")
        }
        let fault = s.faults.isEmpty ? nil : s.faults.removeFirst()
        if case .serverError(let status, false) = fault { return FakeOKXAnswer(status: status, json: .string("Service Unavailable")) }
        let now = now()
        let order = FakeOKXOrder(
            ordID: String(s.nextOrderID), clOrdID: clOrdID, instID: instID, instType: inst.instType, tdMode: tdMode, side: side,
            ordType: ordType, px: px, sz: sz, feeCcy: inst.quoteCcy, cTime: now, uTime: now
        )
        s.nextOrderID += 1
        s.orders.append(order)
        s.placementsAccepted += 1
        let i = s.orders.count - 1
        s.push(orderPush(s.orders[i]))
        match(&s, i, inst)
        var answer = ok([.object([
            "clOrdId": .string(clOrdID), "ordId": .string(order.ordID), "tag": .string(""), "ts": .string(String(now)),
            "sCode": .string("0"), "sMsg": .string("Order placed"),
        ])])
        switch fault {
        case .serverError(let status, _): answer = FakeOKXAnswer(status: status, json: .string("Service Unavailable"))
        case .acceptThenHold(let hold): answer.hold = hold
        case nil: break
        }
        return answer
    }

    /// Fills a new order that can trade at once (market, or a limit through the market price); an
    /// IOC/FOK that cannot is cancelled, as is a post-only that would take.
    private static func match(_ s: inout FakeOKXState, _ i: Int, _ inst: FakeOKXInstrument) {
        let o = s.orders[i], market = inst.marketPrice
        let marketable = o.ordType == "market" || (o.px.map { o.side == "buy" ? $0 >= market : $0 <= market } ?? false)
        if marketable && o.ordType != "post_only" {
            s.fill(i, size: o.sz, price: o.ordType == "market" ? market : o.px ?? market, now: now(), maker: false)
        } else if o.ordType == "ioc" || o.ordType == "fok" || o.ordType == "post_only" && marketable {
            s.orders[i].state = "canceled"
            s.orders[i].uTime = now()
        } else {
            return
        }
        s.push(orderPush(s.orders[i]))
    }

    /// `GET /api/v5/trade/order` by `clOrdId` or `ordId`; 51603 when unknown.
    static func query(_ s: inout FakeOKXState, _ c: FakeOKXCall) -> FakeOKXAnswer {
        guard let instID = c.query["instId"], !instID.isEmpty else { return .error("50014", "Parameter instId cannot be empty.") }
        guard let i = s.index(clOrdID: c.query["clOrdId"], ordID: c.query["ordId"]), s.orders[i].instID == instID else {
            return .error("51603", "Order does not exist")
        }
        return ok([orderJSON(s.orders[i])])
    }

    /// `POST /api/v5/trade/cancel-order`; 51400 when unknown or finished.
    static func cancel(_ s: inout FakeOKXState, _ c: FakeOKXCall) -> FakeOKXAnswer {
        let b = c.body.compactMapValues(\.text)
        let clOrdID = b["clOrdId"] ?? ""
        guard let instID = b["instId"], !instID.isEmpty else { return .error("50014", "Parameter instId cannot be empty.") }
        guard let i = s.index(clOrdID: clOrdID, ordID: b["ordId"]), s.orders[i].instID == instID, s.orders[i].isOpen else {
            return .orderError("51400", "Order cancellation failed as the order has been filled, canceled or does not exist.", clOrdID: clOrdID)
        }
        s.orders[i].state = "canceled"
        s.orders[i].uTime = now()
        s.push(orderPush(s.orders[i]))
        return ok([.object([
            "clOrdId": .string(s.orders[i].clOrdID), "ordId": .string(s.orders[i].ordID), "ts": .string(String(now())),
            "sCode": .string("0"), "sMsg": .string(""),
        ])])
    }
}
