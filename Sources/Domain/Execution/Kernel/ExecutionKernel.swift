import ArenaCore

/// The OMS kernel (spec §7): orders, brackets, TWAP, the paper venue and the per-model ledgers,
/// event-sourced and deterministic. No I/O and no clock: time is the market time of the inputs.
///
/// Every call returns the records to persist; ``replay(_:)`` of those records rebuilds an equal
/// kernel that produces identical records for the same further inputs.
public struct ExecutionKernel: Sendable, Equatable {
    public let configuration: ExecutionConfiguration
    let pricing: PaperPricing
    var state: KernelState
    /// The records of the call in progress.
    var out: [ExecutionRecord] = []
    /// Whether each model's account changed in the call in progress, by model slot.
    var dirty: [Bool]
    /// Effects a replayed input produced that the journal has not shown yet.
    public internal(set) var replayBacklog: [ExecutionRecord] = []

    /// A kernel with a flat ledger of `configuration.startingCapital` per model.
    public init(configuration: ExecutionConfiguration = ExecutionConfiguration(), models: [ModelID]) {
        self.configuration = configuration
        pricing = configuration.pricing
        state = KernelState(ledgers: Set(models).map {
            ModelLedger(modelID: $0, startingCapital: configuration.startingCapital, maintenanceMarginRate: configuration.maintenanceMarginRate)
        })
        dirty = Array(repeating: false, count: state.models.count)
    }

    public static func == (lhs: ExecutionKernel, rhs: ExecutionKernel) -> Bool {
        lhs.configuration == rhs.configuration && lhs.state == rhs.state
    }

    // MARK: Accessors

    /// The models the kernel keeps ledgers for, sorted.
    public var models: [ModelID] { state.models }
    /// The latest market time processed (a bar counts at its close).
    public var marketTime: Timestamp? { state.marketTime }
    /// Every order placed, by client order id.
    public var orders: [ClientOrderID: OrderState] {
        Dictionary(state.orders.all.map { ($0.state.spec.clientOrderID, $0.state) }, uniquingKeysWith: { $1 })
    }
    /// The ledger of `model`.
    public func ledger(of model: ModelID) -> ModelLedger? { state.slot(of: model).map { state.ledgers[$0] } }

    /// `model`'s account at the kernel's market time, with its last published sequence.
    public func account(of model: ModelID) -> AccountState? {
        guard let slot = state.slot(of: model) else { return nil }
        return try? state.ledgers[slot].account(sequence: state.accountSequence[slot], asOf: state.marketTime ?? Timestamp(nanoseconds: 0))
    }

    /// `model`'s working orders in placement order.
    public func openOrders(of model: ModelID) -> [OrderState] {
        state.working.values.joined().map { state.orders.all[$0] }
            .filter { $0.state.spec.modelID == model }
            .sorted { $0.placement < $1.placement }
            .map(\.state)
    }

    /// The orders a live venue holds or may hold: working (NEW, UNKNOWN and sent ones alike), not
    /// the stops and targets held here until their trigger. What reconciliation and polling ask about.
    public var ordersAtVenue: [OrderState] {
        state.working.values.joined().filter { !state.orders.all[$0].heldLocally }.sorted().map { state.orders.all[$0].state }
    }

    /// The order with client order id `id`, placed at any time.
    public func order(_ id: ClientOrderID) -> OrderState? { state.orders.handle(of: id).map { state.orders.all[$0].state } }

    /// The last price `symbol` was marked at (a market order's reference price at a live venue).
    public func lastPrice(of symbol: Symbol) -> FixedDecimal? { state.lastPrice[symbol] }

    /// Each model's net position in each symbol, and each model's cash less its starting capital:
    /// what the arena's trading has done to a live account (reconciliation compares the rest).
    public var netEffect: (positions: [Symbol: FixedDecimal], quote: FixedDecimal) {
        var positions: [Symbol: FixedDecimal] = [:]
        var quote = FixedDecimal.zero
        for ledger in state.ledgers {
            for (symbol, position) in ledger.positions { positions[symbol, default: .zero] += position.quantity }
            quote += ledger.cash - configuration.startingCapital
        }
        return (positions, quote)
    }

    /// Whether the command id was received before (it would not be applied again).
    public func knowsCommand(_ id: String) -> Bool { state.commands[IDKey(id)] != nil }

    // MARK: Inputs

    /// Applies `command` once: a repeated command id changes nothing and answers `firstReceipt: false`
    /// with the original outcome.
    public mutating func handle(_ command: OrderCommand) -> ExecutionStep {
        let key = IDKey(command.commandID)
        if let original = state.commands[key] {
            return ExecutionStep(
                records: [],
                ack: OrderCommandAck(commandID: command.commandID, firstReceipt: false, accepted: original.accepted, reason: original.reason)
            )
        }
        begin(.command(command))
        let refusal = apply(command)
        let ack = OrderCommandAck(commandID: command.commandID, firstReceipt: true, accepted: refusal == nil, reason: refusal)
        state.commands[key] = ack
        publishAccounts()
        out.append(.receipt(ack))
        return ExecutionStep(records: takeRecords(), ack: ack)
    }

    /// Processes one market input: funding settlements due before it, TWAP slices and time stops
    /// due, fills and triggers, liquidations, marks; then publishes the changed accounts.
    public mutating func handle(_ input: MarketInput) -> ExecutionStep {
        begin(.market(input))
        process(input)
        publishAccounts()
        return ExecutionStep(records: takeRecords())
    }

    /// Publishes every model's account marked at `time` (a tick).
    public mutating func accountsAtTick(_ time: Timestamp) -> ExecutionStep {
        begin(.tick(time))
        dirty = Array(repeating: true, count: state.models.count)
        publishAccounts(asOf: time)
        return ExecutionStep(records: takeRecords())
    }

    /// Starts the records of a call with its input. Room for a typical call's effects is reserved
    /// at once: a record is large (hundreds of bytes), and growing the array copies them each time.
    mutating func begin(_ input: ExecutionRecord) {
        out = []
        out.reserveCapacity(8)
        out.append(input)
    }

    mutating func takeRecords() -> [ExecutionRecord] {
        let records = out
        out = []
        return records
    }

    /// Appends an account record for each changed model, in model order.
    mutating func publishAccounts(asOf time: Timestamp? = nil) {
        let at = time ?? state.marketTime ?? Timestamp(nanoseconds: 0)
        for slot in dirty.indices where dirty[slot] {
            dirty[slot] = false
            let sequence = state.accountSequence[slot] + 1
            guard let account = try? state.ledgers[slot].account(sequence: sequence, asOf: at) else { continue }
            state.accountSequence[slot] = sequence
            out.append(.account(account))
        }
    }

    /// The market time a new order starts from: its own time, never before the data already processed.
    func now(_ time: Timestamp) -> Timestamp {
        guard let market = state.marketTime else { return time }
        return max(time, market)
    }
}
