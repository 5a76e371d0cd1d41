import ArenaCore
import Foundation

/// An order's `state` as OKX reports it.
public enum OKXOrderState: String, Sendable, Hashable, Codable {
    case live
    case partiallyFilled = "partially_filled"
    case filled
    case canceled
    /// Cancelled by market-maker protection.
    case mmpCanceled = "mmp_canceled"

    /// The arena's life-cycle status (``OrderStatus``) this corresponds to.
    public var orderStatus: OrderStatus {
        switch self {
        case .live: .accepted
        case .partiallyFilled: .partiallyFilled
        case .filled: .filled
        case .canceled, .mmpCanceled: .cancelled
        }
    }
}

/// The latest execution an order answer or push carries (`tradeId`, `fillPx`, `fillSz`, `fillFee`…).
public struct OKXOrderFill: Sendable, Hashable {
    public var tradeID: String
    public var price: FixedDecimal
    /// Base units on spot, contracts on swaps.
    public var size: FixedDecimal
    /// OKX's sign: negative is a fee charged, positive a rebate.
    public var fee: FixedDecimal
    public var feeCurrency: String
    /// Milliseconds since the epoch.
    public var time: Int64?

    public init(tradeID: String, price: FixedDecimal, size: FixedDecimal, fee: FixedDecimal, feeCurrency: String, time: Int64?) {
        (self.tradeID, self.price, self.size, self.fee, self.feeCurrency, self.time) = (tradeID, price, size, fee, feeCurrency, time)
    }
}

/// One order as the venue reports it: query, pending orders, and the private `orders` channel.
public struct OKXOrder: Sendable, Hashable, Decodable {
    public var instrumentType: String
    public var instrumentID: String
    public var orderID: String
    public var clientOrderID: String
    /// `px`; nil for a market order.
    public var price: FixedDecimal?
    public var size: FixedDecimal
    public var type: String
    public var side: String
    public var tradeMode: String
    public var state: OKXOrderState
    /// `accFillSz`: filled so far.
    public var filledSize: FixedDecimal
    /// `avgPx`; nil before the first fill.
    public var averagePrice: FixedDecimal?
    /// Accumulated fee (negative: charged).
    public var fee: FixedDecimal
    public var feeCurrency: String
    /// The latest execution, when the answer names one.
    public var lastFill: OKXOrderFill?
    /// `uTime`, milliseconds since the epoch.
    public var updateTime: Int64?

    enum CodingKeys: String, CodingKey {
        case instType, instId, ordId, clOrdId, px, sz, ordType, side, tdMode, state, accFillSz, avgPx, fee, feeCcy
        case tradeId, fillPx, fillSz, fillFee, fillFeeCcy, fillTime, uTime
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        instrumentType = try c.decodeIfPresent(String.self, forKey: .instType) ?? ""
        instrumentID = try c.decode(String.self, forKey: .instId)
        orderID = try c.decode(String.self, forKey: .ordId)
        clientOrderID = try c.decodeIfPresent(String.self, forKey: .clOrdId) ?? ""
        price = try c.okxDecimal(.px)
        size = try c.okxDecimal(.sz) ?? .zero
        type = try c.decode(String.self, forKey: .ordType)
        side = try c.decode(String.self, forKey: .side)
        tradeMode = try c.decodeIfPresent(String.self, forKey: .tdMode) ?? ""
        state = try c.decode(OKXOrderState.self, forKey: .state)
        filledSize = try c.okxDecimal(.accFillSz) ?? .zero
        averagePrice = try c.okxDecimal(.avgPx).flatMap { $0.isPositive ? $0 : nil }
        fee = try c.okxDecimal(.fee) ?? .zero
        feeCurrency = try c.decodeIfPresent(String.self, forKey: .feeCcy) ?? ""
        updateTime = try c.decodeIfPresent(String.self, forKey: .uTime).flatMap { Int64($0) }
        let tradeID = try c.decodeIfPresent(String.self, forKey: .tradeId) ?? ""
        if !tradeID.isEmpty, let size = try c.okxDecimal(.fillSz), size.isPositive, let price = try c.okxDecimal(.fillPx) {
            lastFill = OKXOrderFill(
                tradeID: tradeID, price: price, size: size, fee: try c.okxDecimal(.fillFee) ?? .zero,
                feeCurrency: try c.decodeIfPresent(String.self, forKey: .fillFeeCcy) ?? "",
                time: try c.decodeIfPresent(String.self, forKey: .fillTime).flatMap { Int64($0) }
            )
        }
    }
}

/// One currency of `GET /api/v5/account/balance`'s `details`.
public struct OKXBalance: Sendable, Hashable, Decodable {
    public var currency: String
    /// `cashBal`: the balance.
    public var cash: FixedDecimal
    /// `availBal`: what new orders may use.
    public var available: FixedDecimal
    /// `frozenBal`: held by open orders.
    public var frozen: FixedDecimal
    /// `eq`: equity in the currency.
    public var equity: FixedDecimal

    enum CodingKeys: String, CodingKey { case ccy, cashBal, availBal, frozenBal, eq }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        currency = try c.decode(String.self, forKey: .ccy)
        cash = try c.okxDecimal(.cashBal) ?? .zero
        available = try c.okxDecimal(.availBal) ?? .zero
        frozen = try c.okxDecimal(.frozenBal) ?? .zero
        equity = try c.okxDecimal(.eq) ?? cash
    }
}

/// One execution of `GET /api/v5/trade/fills`.
public struct OKXTradeFill: Sendable, Hashable, Decodable {
    public var instrumentID: String
    public var tradeID: String
    public var orderID: String
    public var clientOrderID: String
    public var side: String
    public var price: FixedDecimal
    public var size: FixedDecimal
    /// Negative: charged.
    public var fee: FixedDecimal
    public var feeCurrency: String
    /// `execType`: `T` taker, `M` maker.
    public var liquidity: String
    /// `ts`, milliseconds since the epoch.
    public var time: Int64

    enum CodingKeys: String, CodingKey { case instId, tradeId, ordId, clOrdId, side, fillPx, fillSz, fee, feeCcy, execType, ts }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        instrumentID = try c.decode(String.self, forKey: .instId)
        tradeID = try c.decode(String.self, forKey: .tradeId)
        orderID = try c.decode(String.self, forKey: .ordId)
        clientOrderID = try c.decodeIfPresent(String.self, forKey: .clOrdId) ?? ""
        side = try c.decode(String.self, forKey: .side)
        price = try c.okxDecimal(.fillPx) ?? .zero
        size = try c.okxDecimal(.fillSz) ?? .zero
        fee = try c.okxDecimal(.fee) ?? .zero
        feeCurrency = try c.decodeIfPresent(String.self, forKey: .feeCcy) ?? ""
        liquidity = try c.decodeIfPresent(String.self, forKey: .execType) ?? ""
        time = try c.decodeIfPresent(String.self, forKey: .ts).flatMap { Int64($0) } ?? 0
    }
}

/// What a placement answer's `data[0]` says: the venue's order id for the client order id.
public struct OKXPlacement: Sendable, Hashable, Decodable {
    public var orderID: String
    public var clientOrderID: String

    enum CodingKeys: String, CodingKey { case ordId, clOrdId }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        orderID = try c.decode(String.self, forKey: .ordId)
        clientOrderID = try c.decodeIfPresent(String.self, forKey: .clOrdId) ?? ""
    }
}

/// What querying an order whose placement outcome was unknown found.
public enum OKXUnknownResolution: Sendable, Hashable {
    /// The venue has it: exactly this order (never a second one).
    case found(OKXOrder)
    /// The venue does not know the client order id and can no longer accept the request (its
    /// `expTime` has passed on the server's clock): it was never placed.
    case notFound
}

extension KeyedDecodingContainer {
    /// A decimal OKX sends as a string, `""` (not applicable) as nil.
    func okxDecimal(_ key: Key) throws -> FixedDecimal? {
        guard let text = try decodeIfPresent(String.self, forKey: key), !text.isEmpty else { return nil }
        guard let value = FixedDecimal(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not a decimal: \(text.prefix(32))")
        }
        return value
    }
}
