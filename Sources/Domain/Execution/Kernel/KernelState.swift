import ArenaCore

/// A bracket attached to an entry (or a TWAP parent): pending until the entry completes, then its legs.
struct BracketState: Sendable, Hashable {
    var entry: OrderSpec
    var bracket: Bracket
    var placed = false
    var entryPrice: FixedDecimal?
    var stopLoss: ClientOrderID?
    var takeProfit1: ClientOrderID?
    var takeProfit2: ClientOrderID?
    var timeStopAt: Timestamp?

    /// The bracket's working legs' ids.
    var legs: [ClientOrderID] { [stopLoss, takeProfit1, takeProfit2].compactMap { $0 } }
}

/// A TWAP parent: the slices placed so far and the schedule of the rest.
struct TWAPState: Sendable, Hashable {
    var parent: OrderSpec
    var slices: Int
    var intervalSeconds: Int64
    var start: Timestamp
    /// The 1-based index of the next slice to place.
    var next: Int
    var sliceQuantity: FixedDecimal
    var children: [ClientOrderID] = []
    var filledQuantity: FixedDecimal = .zero
    var filledNotional: FixedDecimal = .zero

    /// When slice `index` (1-based) is due.
    func due(_ index: Int) -> Timestamp {
        Timestamp(nanoseconds: start.nanoseconds &+ Int64(index - 1) &* intervalSeconds &* 1_000_000_000)
    }
}

/// Everything the kernel knows: what replay rebuilds and equality compares.
struct KernelState: Sendable, Hashable {
    /// Model ids, sorted: every per-model loop runs in this order (determinism).
    var models: [ModelID]
    var ledgers: [ModelID: ModelLedger]
    /// Every order ever placed, terminal ones included (their ids stay taken).
    var orders: [ClientOrderID: PaperOrder] = [:]
    /// Working order ids per symbol, in placement order.
    var working: [Symbol: [ClientOrderID]] = [:]
    var commands: [String: OrderCommandAck] = [:]
    var orderSequence: [ModelID: Int64] = [:]
    var accountSequence: [ModelID: Int64] = [:]
    var placements: Int64 = 0
    var marketTime: Timestamp?
    var lastPrice: [Symbol: FixedDecimal] = [:]
    var books: [Symbol: BookDepth] = [:]
    /// Funding rates per symbol by event time: the latest at or before the last settlement, and any later.
    var fundingRates: [Symbol: [FundingRate]] = [:]
    /// The last funding boundary settled (ns since the epoch).
    var settledFunding: Int64?
    var brackets: [ClientOrderID: BracketState] = [:]
    var twaps: [ClientOrderID: TWAPState] = [:]
}
