/// What the OMS asks a live venue to do with one order: journaled before it is sent, so after a
/// crash the OMS knows what it may have asked (and queries it, never sends it again).
public struct VenueInstruction: Sendable, Hashable, Codable {
    public enum Kind: String, WireEnum {
        /// Place the order under its client order id.
        case place = "PLACE"
        /// Cancel the order by its client order id.
        case cancel = "CANCEL"
    }

    public var kind: Kind
    /// The order as the OMS holds it (its client order id is the venue's `newClientOrderId` / `clOrdId`).
    public var order: OrderSpec
    /// Why (a cancel's reason: `oco_stop_filled: …`, `cancelled: on request`, …).
    public var reason: String?
    /// The market time the OMS decided it.
    public var time: Timestamp

    public init(kind: Kind, order: OrderSpec, reason: String? = nil, time: Timestamp) {
        self.kind = kind
        self.order = order
        self.reason = reason
        self.time = time
    }
}

/// What a live venue said about one order: its answer to a request, a push of its user-data
/// stream, a query's result, or reconciliation's finding. The OMS kernel applies it to the order
/// and the ledger (the venue's word is the truth about its orders).
public struct VenueReport: Sendable, Hashable, Codable {
    public enum Kind: String, WireEnum {
        /// The venue holds the order (working).
        case accepted = "ACCEPTED"
        /// The venue refused it: it was never working.
        case rejected = "REJECTED"
        /// The outcome of a request is not known (a timeout, a 5xx): to be resolved by a query.
        case unknown = "UNKNOWN"
        /// A trade of the order (``tradeID`` identifies it, so a trade reported twice counts once).
        case fill = "FILL"
        case cancelled = "CANCELLED"
        case expired = "EXPIRED"
        /// The venue does not know the client order id after the grace period: it was never placed.
        case lost = "LOST"
    }

    public var kind: Kind
    public var clientOrderID: ClientOrderID
    /// The venue's own id of the order, when it gave one.
    public var venueOrderID: String?
    /// A fill's trade id at the venue.
    public var tradeID: String?
    /// A fill's quantity and price.
    public var quantity: FixedDecimal?
    public var price: FixedDecimal?
    /// A fill's fee in the quote currency (≥ 0).
    public var fee: FixedDecimal?
    public var liquidity: Liquidity?
    /// The venue's reason or error (`-2010: Account has insufficient balance…`), for rejections and cancels.
    public var reason: String?
    /// When the venue did it (a fill's trade time), or when the OMS learned it.
    public var time: Timestamp

    public init(
        kind: Kind, clientOrderID: ClientOrderID, venueOrderID: String? = nil, tradeID: String? = nil, quantity: FixedDecimal? = nil,
        price: FixedDecimal? = nil, fee: FixedDecimal? = nil, liquidity: Liquidity? = nil, reason: String? = nil, time: Timestamp
    ) {
        self.kind = kind
        self.clientOrderID = clientOrderID
        self.venueOrderID = venueOrderID
        self.tradeID = tradeID
        self.quantity = quantity
        self.price = price
        self.fee = fee
        self.liquidity = liquidity
        self.reason = reason
        self.time = time
    }

    /// A trade of `clientOrderID`.
    public static func fill(
        _ clientOrderID: ClientOrderID, tradeID: String, quantity: FixedDecimal, price: FixedDecimal, fee: FixedDecimal,
        liquidity: Liquidity, at time: Timestamp
    ) -> VenueReport {
        VenueReport(kind: .fill, clientOrderID: clientOrderID, tradeID: tradeID, quantity: quantity, price: price, fee: fee, liquidity: liquidity, time: time)
    }
}
