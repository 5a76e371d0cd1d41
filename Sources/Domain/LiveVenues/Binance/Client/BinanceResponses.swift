import ArenaCore
import Foundation

/// An order's status as Binance reports it.
public enum BinanceOrderStatus: String, Sendable, Hashable, Codable {
    case new = "NEW"
    case partiallyFilled = "PARTIALLY_FILLED"
    case filled = "FILLED"
    case canceled = "CANCELED"
    case pendingCancel = "PENDING_CANCEL"
    case rejected = "REJECTED"
    case expired = "EXPIRED"
    /// Spot: cancelled by self-trade prevention.
    case expiredInMatch = "EXPIRED_IN_MATCH"
    /// USDⓈ-M: a triggered type's replacement order was placed.
    case newInsurance = "NEW_INSURANCE"
    case newADL = "NEW_ADL"

    /// The arena's life-cycle status (``OrderStatus``) this corresponds to.
    public var orderStatus: OrderStatus {
        switch self {
        case .new, .pendingCancel, .newInsurance, .newADL: .accepted
        case .partiallyFilled: .partiallyFilled
        case .filled: .filled
        case .canceled: .cancelled
        case .rejected: .rejected
        case .expired, .expiredInMatch: .expired
        }
    }
}

/// One order as the venue answers for it (place, cancel, query, open orders), spot or USDⓈ-M.
public struct BinanceOrder: Sendable, Hashable, Decodable {
    public var symbol: String
    public var orderID: Int64
    public var clientOrderID: String
    public var price: FixedDecimal
    public var originalQuantity: FixedDecimal
    public var executedQuantity: FixedDecimal
    /// Σ price × quantity of the fills (spot `cummulativeQuoteQty` — sic —, USDⓈ-M `cumQuote`).
    public var cumulativeQuote: FixedDecimal
    public var status: BinanceOrderStatus
    public var type: String
    public var side: String
    public var timeInForce: String?
    public var stopPrice: FixedDecimal?
    /// The venue's time of the last change (`updateTime`, else `transactTime`, else `time`), ms.
    public var updateTime: Int64?

    enum CodingKeys: String, CodingKey {
        case symbol, orderId, clientOrderId, price, origQty, executedQty, cummulativeQuoteQty, cumQuote, status, type, side
        case timeInForce, stopPrice, updateTime, transactTime, time
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try c.decode(String.self, forKey: .symbol)
        orderID = try c.decode(Int64.self, forKey: .orderId)
        clientOrderID = try c.decode(String.self, forKey: .clientOrderId)
        price = try c.decode(FixedDecimal.self, forKey: .price)
        originalQuantity = try c.decode(FixedDecimal.self, forKey: .origQty)
        executedQuantity = try c.decode(FixedDecimal.self, forKey: .executedQty)
        cumulativeQuote = try c.decodeIfPresent(FixedDecimal.self, forKey: .cummulativeQuoteQty)
            ?? c.decodeIfPresent(FixedDecimal.self, forKey: .cumQuote) ?? .zero
        status = try c.decode(BinanceOrderStatus.self, forKey: .status)
        type = try c.decode(String.self, forKey: .type)
        side = try c.decode(String.self, forKey: .side)
        timeInForce = try c.decodeIfPresent(String.self, forKey: .timeInForce)
        stopPrice = try c.decodeIfPresent(FixedDecimal.self, forKey: .stopPrice)
        updateTime = try c.decodeIfPresent(Int64.self, forKey: .updateTime)
            ?? c.decodeIfPresent(Int64.self, forKey: .transactTime) ?? c.decodeIfPresent(Int64.self, forKey: .time)
    }

    /// The average fill price (half-even to 12 places), nil before the first fill.
    public var averagePrice: FixedDecimal? {
        executedQuantity.isPositive ? try? cumulativeQuote.divided(by: executedQuantity) : nil
    }
}

/// One asset's balance. USDⓈ-M: `free` is `availableBalance`, `locked` the rest of `walletBalance`.
public struct BinanceBalance: Sendable, Hashable {
    public var asset: String
    public var free: FixedDecimal
    public var locked: FixedDecimal
}

/// The account: balances, and the permissions the live switch must check.
public struct BinanceAccount: Sendable, Hashable, Decodable {
    public var balances: [BinanceBalance]
    public var canTrade: Bool
    /// Whether the API key may withdraw (reported by spot and USDⓈ-M); true means "no order" for the switch.
    public var canWithdraw: Bool?

    enum CodingKeys: String, CodingKey { case balances, assets, canTrade, canWithdraw }
    private struct SpotBalance: Decodable { var asset: String; var free: FixedDecimal; var locked: FixedDecimal }
    private struct FuturesAsset: Decodable { var asset: String; var walletBalance: FixedDecimal; var availableBalance: FixedDecimal }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let spot = try c.decodeIfPresent([SpotBalance].self, forKey: .balances) {
            balances = spot.map { BinanceBalance(asset: $0.asset, free: $0.free, locked: $0.locked) }
        } else {
            balances = try c.decode([FuturesAsset].self, forKey: .assets).map {
                BinanceBalance(asset: $0.asset, free: $0.availableBalance, locked: $0.walletBalance - $0.availableBalance)
            }
        }
        canTrade = try c.decodeIfPresent(Bool.self, forKey: .canTrade) ?? false
        canWithdraw = try c.decodeIfPresent(Bool.self, forKey: .canWithdraw)
    }

    /// The balance of `asset` (nil when the account holds none).
    public func balance(_ asset: String) -> BinanceBalance? { balances.first { $0.asset == asset } }
}

/// One execution of the account's orders (`myTrades` on spot, `userTrades` on USDⓈ-M).
public struct BinanceTrade: Sendable, Hashable, Decodable {
    public var symbol: String
    public var id: Int64
    public var orderID: Int64
    public var price: FixedDecimal
    public var quantity: FixedDecimal
    public var commission: FixedDecimal
    public var commissionAsset: String
    public var time: Int64
    public var isBuyer: Bool
    public var isMaker: Bool

    enum CodingKeys: String, CodingKey {
        case symbol, id, orderId, price, qty, commission, commissionAsset, time, isBuyer, isMaker, buyer, maker
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try c.decode(String.self, forKey: .symbol)
        id = try c.decode(Int64.self, forKey: .id)
        orderID = try c.decode(Int64.self, forKey: .orderId)
        price = try c.decode(FixedDecimal.self, forKey: .price)
        quantity = try c.decode(FixedDecimal.self, forKey: .qty)
        commission = try c.decode(FixedDecimal.self, forKey: .commission)
        commissionAsset = try c.decode(String.self, forKey: .commissionAsset)
        time = try c.decode(Int64.self, forKey: .time)
        // Spot spells them `isBuyer`/`isMaker`, USDⓈ-M `buyer`/`maker`.
        isBuyer = try c.decodeIfPresent(Bool.self, forKey: .isBuyer) ?? c.decode(Bool.self, forKey: .buyer)
        isMaker = try c.decodeIfPresent(Bool.self, forKey: .isMaker) ?? c.decode(Bool.self, forKey: .maker)
    }
}

/// What querying an order whose placement outcome was unknown found.
public enum UnknownResolution: Sendable, Hashable {
    /// The venue has it: exactly this order (never a second one).
    case found(BinanceOrder)
    /// The venue does not know the client order id, and can no longer accept the request (its
    /// `timestamp + recvWindow` has passed on the server's clock): it was never placed.
    case notFound
}
