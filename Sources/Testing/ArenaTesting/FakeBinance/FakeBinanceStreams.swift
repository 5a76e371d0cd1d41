import ArenaCore
import Foundation

/// One open user-data connection: a spot WebSocket API session (events once it has a
/// `subscriptionId`) or a USDⓈ-M `/ws/<listenKey>` stream.
struct FakeStreamConnection {
    var usdm: Bool
    var listenKey: String?
    var subscriptionID: Int?
    var nextSubscriptionID = 0
    var output: AsyncStream<String>.Continuation
}

/// The user-data side of the fake's state.
struct FakeBinanceStreams {
    var connections: [Int: FakeStreamConnection] = [:]
    var nextConnectionID = 1
    var connectionsOpened = 0
    /// While paused, every connection was dropped and no new one is accepted (a client cut off).
    var paused = false
    /// The active USDⓈ-M listen key, and how many were issued.
    var listenKey: String?
    var listenKeysIssued = 0
    /// When each accepted keep-alive (`PUT listenKey`) arrived.
    var keepAlives: [ContinuousClock.Instant] = []
    var subscriptionsAccepted = 0
    var subscriptionsRefused = 0

    /// Sends `text` to every connection `to` selects.
    func send(_ text: String, to select: (FakeStreamConnection) -> Bool) {
        for c in connections.values where select(c) { c.output.yield(text) }
    }
}

extension FakeBinanceState {
    /// Pushes an order change to the user-data streams of its market: spot `executionReport`
    /// to subscribed sessions, USDⓈ-M `ORDER_TRADE_UPDATE` to listen-key streams; after a fill,
    /// the balances (`outboundAccountPosition` / `ACCOUNT_UPDATE`) too.
    mutating func publish(_ o: FakeBinanceOrder, execution: String, trade: FakeBinanceTrade?, now: Int64, cancelID: String? = nil) {
        let assets = symbols[o.symbol].map { [$0.baseAsset, $0.quoteAsset] } ?? []
        if o.usdm {
            streams.send(text(FakeBinance.orderTradeUpdate(o, execution: execution, trade: trade, now: now))) { $0.usdm }
            if trade != nil { streams.send(text(accountUpdate(assets, symbol: o.symbol, now: now))) { $0.usdm } }
        } else {
            for c in streams.connections.values where !c.usdm {
                guard let id = c.subscriptionID else { continue }
                let report = FakeBinance.executionReport(o, execution: execution, trade: trade, now: now, cancelID: cancelID)
                c.output.yield(text(.object(["subscriptionId": .int(Int64(id)), "event": report])))
                if trade != nil { c.output.yield(text(.object(["subscriptionId": .int(Int64(id)), "event": accountPosition(assets, now: now)]))) }
            }
        }
    }

    /// Spot `outboundAccountPosition` for `assets`.
    func accountPosition(_ assets: [String], now: Int64) -> JSONValue {
        .object([
            "e": .string("outboundAccountPosition"), "E": .int(now), "u": .int(now),
            "B": .array(assets.map { .object(["a": .string($0), "f": FakeBinance.d(balances[$0] ?? .zero, usdm: false), "l": .string("0.00000000")]) }),
        ])
    }

    /// USDⓈ-M `ACCOUNT_UPDATE` (reason `ORDER`) for `assets`, with the net position on `symbol` from the USDⓈ-M fills.
    func accountUpdate(_ assets: [String], symbol: String, now: Int64) -> JSONValue {
        let usdmOrders = Set(orders.filter(\.usdm).map(\.orderID))
        let fills = trades.filter { $0.symbol == symbol && usdmOrders.contains($0.orderID) }
        let amount = fills.reduce(FixedDecimal.zero) { $0 + ($1.side == "BUY" ? $1.quantity : FixedDecimal.zero - $1.quantity) }
        return .object([
            "e": .string("ACCOUNT_UPDATE"), "E": .int(now), "T": .int(now),
            "a": .object([
                "m": .string("ORDER"),
                "B": .array(assets.map {
                    let b = FakeBinance.d(balances[$0] ?? .zero, usdm: true)
                    return .object(["a": .string($0), "wb": b, "cw": b, "bc": .string("0")])
                }),
                "P": .array([.object([
                    "s": .string(symbol), "pa": FakeBinance.d(amount, usdm: true), "ep": FakeBinance.d(fills.last?.price ?? .zero, usdm: true),
                    "bep": .string("0"), "cr": .string("0"), "up": .string("0"), "mt": .string("cross"), "iw": .string("0"), "ps": .string("BOTH"),
                ])]),
            ]),
        ])
    }

    func text(_ value: JSONValue) -> String { String(decoding: value.encoded(), as: UTF8.self) }
}

extension FakeBinance {
    /// Spot `executionReport` in the documented field names.
    static func executionReport(_ o: FakeBinanceOrder, execution: String, trade: FakeBinanceTrade?, now: Int64, cancelID: String?) -> JSONValue {
        .object([
            "e": .string("executionReport"), "E": .int(now), "s": .string(o.symbol), "c": .string(cancelID ?? o.clientOrderID),
            "S": .string(o.side), "o": .string(o.type), "f": .string(o.timeInForce ?? "GTC"), "q": d(o.quantity, usdm: false),
            "p": d(o.price, usdm: false), "P": d(o.stopPrice, usdm: false), "F": d(.zero, usdm: false), "g": .int(-1),
            "C": .string(cancelID == nil ? "" : o.clientOrderID), "x": .string(execution), "X": .string(o.status), "r": .string("NONE"),
            "i": .int(o.orderID), "l": d(trade?.quantity ?? .zero, usdm: false), "z": d(o.executed, usdm: false),
            "L": d(trade?.price ?? .zero, usdm: false), "n": d(trade?.commission ?? .zero, usdm: false),
            "N": trade?.commissionAsset.map(JSONValue.string) ?? .null, "T": .int(trade?.time ?? now), "t": .int(trade?.id ?? -1),
            "I": .int(now), "w": .bool(o.isOpen), "m": .bool(trade?.maker ?? false), "M": .bool(false), "O": .int(o.time),
            "Z": d(o.cumulativeQuote, usdm: false), "Y": d(trade.map { $0.price * $0.quantity } ?? .zero, usdm: false),
            "Q": d(.zero, usdm: false), "W": .int(o.time), "V": .string("NONE"),
        ])
    }

    /// USDⓈ-M `ORDER_TRADE_UPDATE`; `N`/`n` only with a commission, as documented.
    static func orderTradeUpdate(_ o: FakeBinanceOrder, execution: String, trade: FakeBinanceTrade?, now: Int64) -> JSONValue {
        var order: [String: JSONValue] = [
            "s": .string(o.symbol), "c": .string(o.clientOrderID), "S": .string(o.side), "o": .string(o.type),
            "f": .string(o.timeInForce ?? "GTC"), "q": d(o.quantity, usdm: true), "p": d(o.price, usdm: true),
            "ap": d(o.executed.isPositive ? (try? o.cumulativeQuote.divided(by: o.executed)) ?? .zero : .zero, usdm: true),
            "sp": d(o.stopPrice, usdm: true), "x": .string(execution), "X": .string(o.status), "i": .int(o.orderID),
            "l": d(trade?.quantity ?? .zero, usdm: true), "z": d(o.executed, usdm: true), "L": d(trade?.price ?? .zero, usdm: true),
            "T": .int(trade?.time ?? now), "t": .int(trade?.id ?? 0), "b": .string("0"), "a": .string("0"),
            "m": .bool(trade?.maker ?? false), "R": .bool(o.reduceOnly), "wt": .string("CONTRACT_PRICE"), "ot": .string(o.type),
            "ps": .string("BOTH"), "cp": .bool(false), "rp": .string("0"),
        ]
        if let trade, let asset = trade.commissionAsset {
            (order["N"], order["n"]) = (.string(asset), d(trade.commission, usdm: true))
        }
        return .object(["e": .string("ORDER_TRADE_UPDATE"), "E": .int(now), "T": .int(trade?.time ?? now), "o": .object(order)])
    }
}
