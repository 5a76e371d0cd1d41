import ArenaCore

/// A live venue as the OMS uses it: what it says about orders comes back as ``ArenaCore/VenueReport``s,
/// whatever the venue's own formats. Every call answers rather than throws for an order's fate
/// (a refusal is a `REJECTED` report, a timeout an `UNKNOWN` one), so nothing is lost between
/// the venue and the journal.
public protocol LiveVenue: Sendable {
    /// The venue orders are stamped with (`binance`, `okx`).
    var id: VenueID { get }
    /// Whether orders here can never move real funds (a testnet, demo trading, a local stand-in).
    var isTestnetOrDemo: Bool { get }
    /// Where orders go, for the start-up line (`binance spot testnet (https://testnet.binance.vision)`).
    var summary: String { get }

    /// Loads what orders need before the first one (symbol rules, the server's clock); throws when
    /// the venue cannot be traded (the OMS then refuses every order).
    func prepare() async throws
    /// Places `order` under its client order id: `ACCEPTED` (with its trades when it filled at
    /// once), `REJECTED` (nothing is working; a local refusal by the symbol's rules sends nothing)
    /// or `UNKNOWN` (to be resolved, never placed again).
    func place(_ order: OrderSpec, referencePrice: FixedDecimal?) async -> [VenueReport]
    /// Cancels `order`: `CANCELLED`, or what the venue holds when it was no longer working (its fills).
    func cancel(_ order: OrderSpec) async -> [VenueReport]
    /// What the venue holds for `order`'s client order id, by querying it, never by placing: its
    /// status and every trade; `LOST` when the venue does not know it once a placement can no longer
    /// arrive; nothing when the venue cannot be asked now (try again later).
    func resolve(_ order: OrderSpec) async -> [VenueReport]
    /// The orders working at the venue now (reconciliation).
    func openOrders() async throws -> [VenueOrder]
    /// The account's balances by asset, free plus locked (reconciliation).
    func balances() async throws -> [String: FixedDecimal]
    /// Whether the API key may withdraw, when the venue says: a key that can is refused (spec §11).
    func canWithdraw() async throws -> Bool?
    /// What the venue pushes about the account's orders as it happens (its user-data stream), with
    /// the moments the stream may have missed something, until the consumer stops iterating.
    func pushes() -> AsyncStream<VenuePush>
}

/// One push of a venue's user-data stream.
public enum VenuePush: Sendable, Hashable {
    /// An order's change (accepted, a trade, cancelled, expired, rejected).
    case report(VenueReport)
    /// The stream is live (first time: `resumed` false; after a gap: true, and what happened in
    /// the gap must be asked for).
    case live(resumed: Bool)
    /// The stream stopped: pushes may be missed until it is live again.
    case interrupted(reason: String)
}

/// An order as a venue lists it.
public struct VenueOrder: Sendable, Hashable {
    public var clientOrderID: ClientOrderID?
    public var venueOrderID: String
    public var symbol: Symbol
    public var side: Side
    public var quantity: FixedDecimal
    public var filledQuantity: FixedDecimal

    public init(clientOrderID: ClientOrderID?, venueOrderID: String, symbol: Symbol, side: Side, quantity: FixedDecimal, filledQuantity: FixedDecimal) {
        self.clientOrderID = clientOrderID
        self.venueOrderID = venueOrderID
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.filledQuantity = filledQuantity
    }
}
