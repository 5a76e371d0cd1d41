/// Where an order is in its life (spec §7). ``unknown`` is an order whose fate
/// the venue has not confirmed (a timeout, a 5xx): it is resolved by querying
/// its client order id, never by sending it again.
public enum OrderStatus: String, WireEnum {
    /// Recorded by the OMS, not yet at the venue.
    case new = "NEW"
    /// Working at the venue.
    case accepted = "ACCEPTED"
    case partiallyFilled = "PARTIALLY_FILLED"
    case filled = "FILLED"
    case cancelled = "CANCELLED"
    case rejected = "REJECTED"
    case expired = "EXPIRED"
    /// Sent, and the venue's answer is not known.
    case unknown = "UNKNOWN"

    /// Whether nothing can happen to the order any more.
    public var isTerminal: Bool { self == .filled || self == .cancelled || self == .rejected || self == .expired }
}

/// Whether a fill added liquidity (maker fee) or took it (taker fee).
public enum Liquidity: String, WireEnum {
    case maker = "MAKER"
    case taker = "TAKER"
}

/// One execution of an order, published on `fill.<model>`.
public struct Fill: Sendable, Hashable, Codable {
    /// `<client order id>#<n>`, n counting the order's fills from 1.
    public var fillID: String
    public var clientOrderID: ClientOrderID
    public var modelID: ModelID
    public var symbol: Symbol
    public var market: MarketKind
    public var side: Side
    public var quantity: FixedDecimal
    public var price: FixedDecimal
    /// In the quote currency, ≥ 0.
    public var fee: FixedDecimal
    public var liquidity: Liquidity
    public var purpose: OrderPurpose
    /// The market time of the data it filled on.
    public var time: Timestamp

    public init(
        fillID: String, clientOrderID: ClientOrderID, modelID: ModelID, symbol: Symbol, market: MarketKind, side: Side,
        quantity: FixedDecimal, price: FixedDecimal, fee: FixedDecimal, liquidity: Liquidity, purpose: OrderPurpose, time: Timestamp
    ) {
        self.fillID = fillID
        self.clientOrderID = clientOrderID
        self.modelID = modelID
        self.symbol = symbol
        self.market = market
        self.side = side
        self.quantity = quantity
        self.price = price
        self.fee = fee
        self.liquidity = liquidity
        self.purpose = purpose
        self.time = time
    }
}

/// A change of an order's state, published on `order.<model>` after it is persisted.
public struct OrderEvent: Sendable, Hashable, Codable {
    /// The OMS's sequence number of the model's events: 1, 2, 3… with no gap.
    public var sequence: Int64
    public var order: OrderSpec
    public var status: OrderStatus
    /// Filled so far, and the average price of what filled.
    public var filledQuantity: FixedDecimal
    public var averagePrice: FixedDecimal?
    /// The fill that caused this event, if one did.
    public var fill: Fill?
    /// Why, for a rejection, cancellation or expiry (a stable code, then words).
    public var reason: String?
    /// The market time of the event.
    public var time: Timestamp

    public init(
        sequence: Int64, order: OrderSpec, status: OrderStatus, filledQuantity: FixedDecimal, averagePrice: FixedDecimal?,
        fill: Fill?, reason: String?, time: Timestamp
    ) {
        self.sequence = sequence
        self.order = order
        self.status = status
        self.filledQuantity = filledQuantity
        self.averagePrice = averagePrice
        self.fill = fill
        self.reason = reason
        self.time = time
    }
}

/// A perpetual funding settlement applied to a model's position: `amount` is
/// what the model received (negative: paid), `-quantity × markPrice × rate`
/// for a long when the rate is positive.
public struct FundingPayment: Sendable, Hashable, Codable {
    public var modelID: ModelID
    public var symbol: Symbol
    public var rate: FixedDecimal
    /// The signed position it was charged on.
    public var positionQuantity: FixedDecimal
    public var markPrice: FixedDecimal
    public var amount: FixedDecimal
    /// The settlement time.
    public var time: Timestamp

    public init(
        modelID: ModelID, symbol: Symbol, rate: FixedDecimal, positionQuantity: FixedDecimal, markPrice: FixedDecimal,
        amount: FixedDecimal, time: Timestamp
    ) {
        self.modelID = modelID
        self.symbol = symbol
        self.rate = rate
        self.positionQuantity = positionQuantity
        self.markPrice = markPrice
        self.amount = amount
        self.time = time
    }
}

/// What the risk guard (or an operator through it) asks of the OMS, by request/reply.
/// Idempotent by `commandID`: a repeat is acknowledged and not applied again.
public struct OrderCommand: Sendable, Hashable, Codable {
    public enum Kind: String, WireEnum {
        /// Place `plan`.
        case place = "PLACE"
        /// Cancel `clientOrderID` of `modelID`.
        case cancel = "CANCEL"
        /// Close every position and cancel every working order of `modelID`, or of every model when it is nil.
        case flatten = "FLATTEN"
    }

    public var commandID: String
    public var kind: Kind
    public var modelID: ModelID?
    public var plan: OrderPlan?
    public var clientOrderID: ClientOrderID?
    /// Why (for flatten and cancel: a reason code, then words).
    public var reason: String
    /// The market time the command was made at.
    public var time: Timestamp

    public init(
        commandID: String, kind: Kind, modelID: ModelID?, plan: OrderPlan? = nil, clientOrderID: ClientOrderID? = nil,
        reason: String = "", time: Timestamp
    ) {
        self.commandID = commandID
        self.kind = kind
        self.modelID = modelID
        self.plan = plan
        self.clientOrderID = clientOrderID
        self.reason = reason
        self.time = time
    }

    /// Places `plan`; the command id is the order's client order id.
    public static func place(_ plan: OrderPlan, at time: Timestamp) -> OrderCommand {
        OrderCommand(commandID: plan.order.clientOrderID.value, kind: .place, modelID: plan.order.modelID, plan: plan, time: time)
    }
}

/// The OMS's answer to an ``OrderCommand``, sent once the command's effects are persisted.
public struct OrderCommandAck: Sendable, Hashable, Codable {
    public var commandID: String
    /// False when the command id was already known: nothing was done again.
    public var firstReceipt: Bool
    /// False when the command was refused; `reason` says why (a stable code, then words).
    public var accepted: Bool
    public var reason: String?

    public init(commandID: String, firstReceipt: Bool, accepted: Bool, reason: String? = nil) {
        self.commandID = commandID
        self.firstReceipt = firstReceipt
        self.accepted = accepted
        self.reason = reason
    }
}
