import ArenaCore

/// The settled funding rates of a perpetual, newest last, from the funding
/// updates the gateway publishes.
///
/// Two kinds of source feed it: a live mark-price stream, whose updates carry
/// the next funding time (the rate shown is the one that settles then, and it
/// is settled once an update names a later funding time), and a replay of
/// settlement files, whose updates carry no next funding time (each is a
/// settlement at its event time).
public struct FundingSettlements: Sendable {
    /// How many settlements are kept.
    public let capacity: Int
    private var settled: RingBuffer<FundingPoint>
    /// The rate shown for the upcoming settlement, not settled yet.
    private var pending: FundingPoint?

    /// Keeps the last `capacity` settlements (0 keeps none).
    public init(capacity: Int) {
        self.capacity = capacity
        settled = RingBuffer(capacity: max(capacity, 1))
    }

    /// Settlements held, oldest first.
    public var points: [FundingPoint] { capacity == 0 ? [] : settled.elements }

    /// Takes one update (already checked by the order-flow book).
    public mutating func update(_ funding: FundingRate) {
        guard capacity > 0 else { return }
        guard let next = funding.nextFundingTime else {
            settle(FundingPoint(time: funding.eventTime, rate: funding.rate))
            return
        }
        if let held = pending, next > held.time { settle(held) }
        if pending.map({ next >= $0.time }) ?? true { pending = FundingPoint(time: next, rate: funding.rate) }
    }

    private mutating func settle(_ point: FundingPoint) {
        if let last = settled.newest, point.time <= last.time { return }
        settled.push(point)
    }
}
