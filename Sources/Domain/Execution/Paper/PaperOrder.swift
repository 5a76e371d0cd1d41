import ArenaCore

/// An order at the paper venue: its state and what the venue tracks to match it.
public struct PaperOrder: Sendable, Hashable, Codable {
    public var state: OrderState
    /// The market time from which it may fill: its creation (never earlier than the data
    /// already processed), or, for a triggered stop-limit, the time of the trigger.
    public var activeFrom: Timestamp
    /// A stop-limit whose trigger was reached: it is now a limit order.
    public var triggered: Bool
    /// Whether it has seen the first data it may fill on ("arrival"): a limit order marketable
    /// on arrival takes liquidity, one that rests makes it.
    public var arrived: Bool
    /// The order of placement, for a deterministic matching order.
    public var placement: Int64
    /// At a live venue: a cancel was asked of the venue (asked once; the order ends on its answer).
    public var cancelRequested = false
    /// At a live venue: a stop or take-profit the kernel holds until its trigger trades (the venue
    /// knows nothing of it yet); then it is sent as a market (a stop-limit: limit) order.
    public var heldLocally = false

    public init(state: OrderState, activeFrom: Timestamp, placement: Int64) {
        self.state = state
        self.activeFrom = activeFrom
        triggered = false
        arrived = false
        self.placement = placement
    }

    /// The matching priority within one input: market orders first (they fill at the open),
    /// then stops (a bar touching both a bracket's stop and its target is assumed to have hit
    /// the stop first: the conservative reading), then limits and take-profits.
    public var priority: Int {
        switch state.spec.type {
        case .market: 0
        case .stopMarket: 1
        case .stopLimit: triggered ? 2 : 1
        case .limit, .takeProfit: 2
        }
    }
}

/// What one input did to one order at the paper venue.
public enum PaperMatch: Sendable, Hashable {
    /// Nothing.
    case none
    /// A stop-limit's trigger was reached: it is a limit order from the next data on.
    case triggered
    /// A fill of `quantity` at `price`; `cancelRest`: an IOC whose remainder is cancelled.
    case fill(quantity: FixedDecimal, price: FixedDecimal, liquidity: Liquidity, cancelRest: Bool)
    /// An IOC or FOK that could not fill (FOK: not completely) on its first data: it expires.
    case expire(reason: String)
}
