import ArenaCore
import Foundation

// The wire shapes of the user-data frames, keyed by Binance's one-letter names (case matters:
// `e` is the event type, `E` its time). Decimals are decoded from their strings, never via Double.

/// A request id as sent back: Binance echoes whatever JSON the request carried.
struct SpotRequestID: Decodable {
    var text: String
    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { text = s } else { text = String(try c.decode(Int64.self)) }
    }
}

/// A spot WebSocket API frame: a response or an event envelope.
struct SpotEnvelope: Decodable {
    struct Result: Decodable { var subscriptionId: Int? }
    struct APIError: Decodable { var code: Int; var msg: String }
    struct EventType: Decodable { var e: String }

    var id: SpotRequestID?
    var status: Int?
    var result: Result?
    var error: APIError?
    var event: EventType?
    var executionReport: SpotExecutionReport?
    var accountPosition: SpotAccountPosition?
    var balanceUpdate: SpotBalanceUpdate?

    enum CodingKeys: String, CodingKey { case id, status, result, error, event }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(SpotRequestID.self, forKey: .id)
        status = try c.decodeIfPresent(Int.self, forKey: .status)
        // A result may be an object, an array or empty: only a subscription's is read.
        result = try? c.decodeIfPresent(Result.self, forKey: .result)
        error = try c.decodeIfPresent(APIError.self, forKey: .error)
        event = try c.decodeIfPresent(EventType.self, forKey: .event)
        switch event?.e {
        case "executionReport": executionReport = try c.decode(SpotExecutionReport.self, forKey: .event)
        case "outboundAccountPosition": accountPosition = try c.decode(SpotAccountPosition.self, forKey: .event)
        case "balanceUpdate": balanceUpdate = try c.decode(SpotBalanceUpdate.self, forKey: .event)
        default: break
        }
    }
}

/// Spot `executionReport`.
struct SpotExecutionReport: Decodable {
    var E: Int64, s: String, c: String, S: String, o: String, q: FixedDecimal, p: FixedDecimal, P: FixedDecimal
    var C: String?, x: String, X: String, i: Int64, l: FixedDecimal, z: FixedDecimal, L: FixedDecimal
    var n: FixedDecimal?, N: String?, T: Int64, t: Int64, m: Bool

    var update: BinanceOrderUpdate {
        let execution = BinanceExecutionType(x)
        // A cancellation carries the cancel request's id in `c` and the order's in `C`.
        let original = C.flatMap { $0.isEmpty ? nil : $0 }
        return BinanceOrderUpdate(
            symbol: s, clientOrderID: original ?? c, orderID: i, side: S, orderType: o, executionType: execution,
            status: BinanceOrderStatus(rawValue: X), statusText: X, quantity: q, price: p, stopPrice: P,
            lastFilledQuantity: l, lastFilledPrice: L, cumulativeFilledQuantity: z, commission: n ?? .zero,
            commissionAsset: N, tradeID: execution == .trade ? t : nil, transactionTime: T, eventTime: E, isMaker: m,
            reduceOnly: false
        )
    }
}

/// Spot `outboundAccountPosition`.
struct SpotAccountPosition: Decodable {
    struct Asset: Decodable { var a: String; var f: FixedDecimal; var l: FixedDecimal }
    var E: Int64
    var B: [Asset]

    var update: BinanceAccountUpdate {
        BinanceAccountUpdate(
            eventTime: E, reason: nil,
            balances: B.map { .init(asset: $0.a, free: $0.f, locked: $0.l, wallet: nil, crossWallet: nil) }, positions: []
        )
    }
}

/// Spot `balanceUpdate`.
struct SpotBalanceUpdate: Decodable {
    var E: Int64, a: String, d: FixedDecimal
}

/// USDⓈ-M `ORDER_TRADE_UPDATE`.
struct FuturesOrderTradeUpdate: Decodable {
    struct Order: Decodable {
        var s: String, c: String, S: String, o: String, q: FixedDecimal, p: FixedDecimal, sp: FixedDecimal?
        var x: String, X: String, i: Int64, l: FixedDecimal, z: FixedDecimal, L: FixedDecimal
        // "will not push if no commission"
        var N: String?, n: FixedDecimal?
        var T: Int64, t: Int64, m: Bool, R: Bool
    }

    var E: Int64
    var o: Order

    var update: BinanceOrderUpdate {
        let execution = BinanceExecutionType(o.x)
        return BinanceOrderUpdate(
            symbol: o.s, clientOrderID: o.c, orderID: o.i, side: o.S, orderType: o.o, executionType: execution,
            status: BinanceOrderStatus(rawValue: o.X), statusText: o.X, quantity: o.q, price: o.p, stopPrice: o.sp ?? .zero,
            lastFilledQuantity: o.l, lastFilledPrice: o.L, cumulativeFilledQuantity: o.z, commission: o.n ?? .zero,
            commissionAsset: o.N, tradeID: execution == .trade || execution == .calculated ? o.t : nil,
            transactionTime: o.T, eventTime: E, isMaker: o.m, reduceOnly: o.R
        )
    }
}

/// USDⓈ-M `ACCOUNT_UPDATE`.
struct FuturesAccountUpdate: Decodable {
    struct Body: Decodable {
        struct Balance: Decodable { var a: String; var wb: FixedDecimal; var cw: FixedDecimal }
        struct Position: Decodable { var s: String; var pa: FixedDecimal; var ep: FixedDecimal; var up: FixedDecimal; var ps: String }
        var m: String
        var B: [Balance]
        var P: [Position]?
    }

    var E: Int64
    var a: Body

    var update: BinanceAccountUpdate {
        BinanceAccountUpdate(
            eventTime: E, reason: a.m,
            balances: a.B.map { .init(asset: $0.a, free: nil, locked: nil, wallet: $0.wb, crossWallet: $0.cw) },
            positions: (a.P ?? []).map { .init(symbol: $0.s, amount: $0.pa, entryPrice: $0.ep, unrealizedPnL: $0.up, positionSide: $0.ps) }
        )
    }
}
