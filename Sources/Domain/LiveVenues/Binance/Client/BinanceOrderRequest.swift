import ArenaCore

/// Binance's order types, spelled as the docs spell them.
public enum BinanceOrderType: String, Sendable, Hashable, CaseIterable {
    case market = "MARKET"
    case limit = "LIMIT"
    /// Spot: a limit order once `stopPrice` trades.
    case stopLossLimit = "STOP_LOSS_LIMIT"
    /// Spot: a limit order once `stopPrice` trades in the position's favour.
    case takeProfitLimit = "TAKE_PROFIT_LIMIT"
    /// USDⓈ-M: a market order once `stopPrice` trades.
    case stopMarket = "STOP_MARKET"
    /// USDⓈ-M: a market order once `stopPrice` trades in the position's favour.
    case takeProfitMarket = "TAKE_PROFIT_MARKET"

    /// Whether this layer sends the type on `market`.
    public func isSupported(on market: BinanceMarket) -> Bool {
        switch self {
        case .market, .limit: true
        case .stopLossLimit, .takeProfitLimit: market == .spot
        case .stopMarket, .takeProfitMarket: market == .usdm
        }
    }

    /// Whether the type carries a limit `price` (and so a `timeInForce`).
    public var hasLimitPrice: Bool { self == .limit || self == .stopLossLimit || self == .takeProfitLimit }
    /// Whether the type carries a `stopPrice`.
    public var hasStopPrice: Bool { self != .market && self != .limit }
    /// Whether it executes as a market order (`MARKET_LOT_SIZE` applies, notional at the reference price).
    public var executesAtMarket: Bool { self == .market || self == .stopMarket || self == .takeProfitMarket }
}

/// One order as the client is asked to place it, before the symbol's filters.
public struct BinanceOrderRequest: Sendable, Hashable {
    public var symbol: Symbol
    public var side: Side
    public var type: BinanceOrderType
    /// Base quantity; rounded down to the step before sending.
    public var quantity: FixedDecimal
    /// The limit price (LIMIT, STOP_LOSS_LIMIT, TAKE_PROFIT_LIMIT); rounded to the tick.
    public var price: FixedDecimal?
    /// The trigger (stop and take-profit types); rounded to the tick.
    public var stopPrice: FixedDecimal?
    /// GTC, IOC or FOK for limit types (GTC when nil).
    public var timeInForce: TimeInForce?
    /// `newClientOrderId`: what makes the placement idempotent and what an unknown outcome is resolved by.
    public var clientOrderID: ClientOrderID
    /// USDⓈ-M `reduceOnly`.
    public var reduceOnly: Bool
    /// The price a market order's notional is checked at (the last trade, the mark); a market order
    /// on a symbol whose minimum notional applies to market orders is refused without one.
    public var referencePrice: FixedDecimal?

    public init(
        symbol: Symbol, side: Side, type: BinanceOrderType, quantity: FixedDecimal, price: FixedDecimal? = nil,
        stopPrice: FixedDecimal? = nil, timeInForce: TimeInForce? = nil, clientOrderID: ClientOrderID, reduceOnly: Bool = false,
        referencePrice: FixedDecimal? = nil
    ) {
        self.symbol = symbol
        self.side = side
        self.type = type
        self.quantity = quantity
        self.price = price
        self.stopPrice = stopPrice
        self.timeInForce = timeInForce
        self.clientOrderID = clientOrderID
        self.reduceOnly = reduceOnly
        self.referencePrice = referencePrice
    }

    /// The request parameters in the documented names, in a fixed order (the order signed is the order sent).
    func parameters(market: BinanceMarket) -> [(String, String)] {
        var p: [(String, String)] = [("symbol", symbol.value), ("side", side.rawValue), ("type", type.rawValue)]
        if type.hasLimitPrice { p.append(("timeInForce", (timeInForce ?? .gtc).rawValue)) }
        p.append(("quantity", quantity.description))
        if type.hasLimitPrice, let price { p.append(("price", price.description)) }
        if type.hasStopPrice, let stopPrice { p.append(("stopPrice", stopPrice.description)) }
        if market == .usdm && reduceOnly { p.append(("reduceOnly", "true")) }
        p.append(("newClientOrderId", clientOrderID.value))
        // FULL on spot returns the fills with the answer; USDⓈ-M's RESULT is its only detailed form.
        p.append(("newOrderRespType", market == .spot ? "FULL" : "RESULT"))
        return p
    }
}
