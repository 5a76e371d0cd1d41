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
///
/// Models are kept in slots (their index in the sorted ``models``): per-model state is in arrays
/// by slot, so the hot path reaches a ledger or a sequence without hashing a model id.
struct KernelState: Sendable, Hashable {
    /// Model ids, sorted: every per-model loop runs in this order (determinism).
    let models: [ModelID]
    /// The slot of each model id.
    let modelSlots: [ModelID: Int]
    /// The ledgers by model slot.
    var ledgers: [ModelLedger]
    /// Every order ever placed, terminal ones included (their ids stay taken).
    var orders = OrderTable()
    /// Working order handles per symbol, in placement order.
    var working: [Symbol: [Int]] = [:]
    /// The answer to every command received, by command id.
    var commands: [IDKey: OrderCommandAck] = [:]
    /// The last order-event and account sequence numbers, by model slot.
    var orderSequence: [Int64]
    var accountSequence: [Int64]
    var marketTime: Timestamp?
    var lastPrice: [Symbol: FixedDecimal] = [:]
    var books: [Symbol: BookDepth] = [:]
    /// Funding rates per symbol by event time: the latest at or before the last settlement, and any later.
    var fundingRates: [Symbol: [FundingRate]] = [:]
    /// The last funding boundary settled (ns since the epoch).
    var settledFunding: Int64?
    var brackets: [ClientOrderID: BracketState] = [:]
    var twaps: [ClientOrderID: TWAPState] = [:]
    /// The live venue's trades applied, as `<client order id> <trade id>`: one reported again (by
    /// the stream and by a query) is applied once.
    var venueTrades: Set<String> = []

    /// A state with `ledgers`, one per model, sorted by model id.
    init(ledgers: [ModelLedger]) {
        let sorted = ledgers.sorted { $0.modelID < $1.modelID }
        models = sorted.map(\.modelID)
        modelSlots = Dictionary(uniqueKeysWithValues: models.enumerated().map { ($1, $0) })
        self.ledgers = sorted
        orderSequence = Array(repeating: 0, count: sorted.count)
        accountSequence = Array(repeating: 0, count: sorted.count)
    }

    /// The slot of `model`, nil for a model without a ledger.
    func slot(of model: ModelID) -> Int? { modelSlots[model] }
}
