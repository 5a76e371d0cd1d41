/// Where orders execute.
public enum ExecutionVenues {
    /// The paper venue (spec §7), the default: fills simulated on the market data.
    public static let paper = VenueID(unchecked: "paper")
}

/// How an order executes (spec §7).
public enum OrderType: String, WireEnum {
    /// At the next price.
    case market = "MARKET"
    /// At the limit price or better.
    case limit = "LIMIT"
    /// A market order once the price trades through the trigger (against the position: a stop loss).
    case stopMarket = "STOP_MARKET"
    /// A limit order once the price trades through the trigger.
    case stopLimit = "STOP_LIMIT"
    /// A market order once the price trades through the trigger in the position's favour.
    case takeProfit = "TAKE_PROFIT"

    /// Whether the order waits for a trigger price before it can fill.
    public var isTriggered: Bool { self == .stopMarket || self == .stopLimit || self == .takeProfit }
    /// Whether the order needs a limit price.
    public var needsLimitPrice: Bool { self == .limit || self == .stopLimit }
}

/// How long an order stays working.
public enum TimeInForce: String, WireEnum {
    /// Good till cancelled.
    case gtc = "GTC"
    /// Immediate or cancel: what does not fill at once is cancelled.
    case ioc = "IOC"
    /// Fill or kill: all at once, or nothing.
    case fok = "FOK"
}

/// Why an order exists: what the audit shows, and what a halt lets through.
public enum OrderPurpose: String, WireEnum {
    /// Opens or adds to a position (a model's decision).
    case entry = "ENTRY"
    /// Reduces or closes a position on a model's decision.
    case exit = "EXIT"
    /// A bracket's first target (closes a fraction, may move the stop to break-even).
    case takeProfit1 = "TAKE_PROFIT_1"
    /// A bracket's second target.
    case takeProfit2 = "TAKE_PROFIT_2"
    /// A bracket's stop.
    case stopLoss = "STOP_LOSS"
    /// A bracket's time stop: the position is closed at market.
    case timeStop = "TIME_STOP"
    /// The risk guard's continuous rules closed the position.
    case forcedExit = "FORCED_EXIT"
    /// An operator's or the kill switch's flattening.
    case flatten = "FLATTEN"
    /// The venue liquidated the position (perpetuals).
    case liquidation = "LIQUIDATION"

    /// Whether orders of this purpose add risk; every other purpose only reduces, and a halt never blocks it.
    public var addsRisk: Bool { self == .entry }
}

/// An order as the risk guard asks for it and the OMS keeps it.
public struct OrderSpec: Sendable, Hashable, Codable {
    public var clientOrderID: ClientOrderID
    public var modelID: ModelID
    /// The decision (or operator request) it came from, for the audit.
    public var source: String
    public var venue: VenueID
    public var symbol: Symbol
    public var market: MarketKind
    public var side: Side
    public var type: OrderType
    /// Base quantity, > 0.
    public var quantity: FixedDecimal
    public var limitPrice: FixedDecimal?
    public var triggerPrice: FixedDecimal?
    public var timeInForce: TimeInForce
    /// Never opens or increases a position: capped at what is held.
    public var reduceOnly: Bool
    /// Leverage of a perpetual position (1 on spot).
    public var leverage: FixedDecimal
    public var purpose: OrderPurpose
    /// The order this one belongs to: a bracket's entry, or a TWAP's parent.
    public var parent: ClientOrderID?
    /// The market time it was made at: it fills only on data after this (no look-ahead).
    public var createdAt: Timestamp
    /// A market order sized at its fill (since 1.1 of the messages that carry an order): the
    /// quote currency to spend, fees included. The venue fixes the quantity at the fill price,
    /// `budget / (price × (1 + taker fee))` rounded down; `quantity` is the risk guard's estimate
    /// at the decision's price until then. nil: `quantity` is the order's quantity.
    public var quoteBudget: FixedDecimal?

    public init(
        clientOrderID: ClientOrderID, modelID: ModelID, source: String, venue: VenueID, symbol: Symbol, market: MarketKind,
        side: Side, type: OrderType, quantity: FixedDecimal, limitPrice: FixedDecimal? = nil, triggerPrice: FixedDecimal? = nil,
        timeInForce: TimeInForce = .gtc, reduceOnly: Bool, leverage: FixedDecimal = 1, purpose: OrderPurpose,
        parent: ClientOrderID? = nil, createdAt: Timestamp, quoteBudget: FixedDecimal? = nil
    ) {
        self.clientOrderID = clientOrderID
        self.modelID = modelID
        self.source = source
        self.venue = venue
        self.symbol = symbol
        self.market = market
        self.side = side
        self.type = type
        self.quantity = quantity
        self.limitPrice = limitPrice
        self.triggerPrice = triggerPrice
        self.timeInForce = timeInForce
        self.reduceOnly = reduceOnly
        self.leverage = leverage
        self.purpose = purpose
        self.parent = parent
        self.createdAt = createdAt
        self.quoteBudget = quoteBudget
    }
}

/// Slicing of a large order into `slices` child orders, one every `intervalSeconds`.
public struct TWAPPlan: Sendable, Hashable, Codable {
    public var slices: Int
    public var intervalSeconds: Int64

    public init(slices: Int, intervalSeconds: Int64) {
        self.slices = slices
        self.intervalSeconds = intervalSeconds
    }
}

/// What the risk guard sends the OMS for one approved decision: the order,
/// its exit plan and its slicing.
public struct OrderPlan: Sendable, Hashable, Codable {
    public var order: OrderSpec
    /// The exits the OMS places once the entry fills (entries only).
    public var bracket: Bracket?
    public var twap: TWAPPlan?

    public init(order: OrderSpec, bracket: Bracket? = nil, twap: TWAPPlan? = nil) {
        self.order = order
        self.bracket = bracket
        self.twap = twap
    }
}
