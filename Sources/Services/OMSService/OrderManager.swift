import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaStore
import Execution
import Logging

/// The OMS's state behind one actor: the execution kernel (orders, the paper
/// venue, the ledgers), its journal and its outputs.
///
/// **Persist first.** Every step's records go to the journal before the step
/// is acknowledged or published; a restart replays the journal into a fresh
/// kernel and carries on from exactly what was acknowledged.
///
/// **Store down, fail closed.** When the journal cannot be written, a
/// command that adds risk is undone and refused (`store_unavailable`) with an
/// alert; exits, cancels, flattening and what the market does to working
/// orders still happen (refusing a stop because the disk is unhappy would add
/// risk), are published, and wait in memory, in order, until the store takes
/// them. Until then every new risk-increasing command is refused.
actor OrderManager {
    private var kernel: ExecutionKernel
    private let journal: Journal
    private let outputs: ExecutionOutputs
    private let status: OMSStatus
    private let logger: Logger
    /// Applied and published, not yet persisted, in order.
    private var unpersisted: [ExecutionRecord] = []
    /// False until the journal is replayed: no command is taken on half-rebuilt ledgers.
    private var recovered = false
    /// How many of the journal's last published records a restarted OMS publishes again.
    static let republishedTail = 512
    /// The journal's last published records (set by ``recover()``, sent by ``republishTail()``).
    private var tail: [ExecutionRecord] = []
    /// Each model's account as last published (rebuilt from the journal by ``recover()``).
    private var published: [ModelID: AccountState] = [:]
    /// One step at a time: a step is applied, persisted and published (or
    /// undone) before the next starts, although the actor is re-entered while
    /// the journal is written, so an undo never takes back another step.
    private let serial = ConcurrencyLimit(1)

    /// At a live venue: where the instructions of each applied step go once persisted (``VenueSession``).
    private var dispatch: (@Sendable ([VenueInstruction]) -> Void)?

    /// Sends every instruction of an applied step to `dispatch` (a live venue's session).
    func dispatchInstructions(to dispatch: @escaping @Sendable ([VenueInstruction]) -> Void) { self.dispatch = dispatch }

    /// Whether the OMS waits for its store rather than trading on without it (a lockstep replay,
    /// whose market waits): a new order that cannot be persisted is answered with a retryable error
    /// (the risk guard sends it again; the order is not stale) instead of being refused, and a
    /// replay's mark is answered once the minute is persisted.
    nonisolated let waitsForStore: Bool

    init(kernel: ExecutionKernel, journal: Journal, outputs: ExecutionOutputs, status: OMSStatus, logger: Logger, waitsForStore: Bool = false) {
        self.waitsForStore = waitsForStore
        self.kernel = kernel
        self.journal = journal
        self.outputs = outputs
        self.status = status
        self.logger = logger
    }

    /// The latest market time the kernel processed (where a catch-up starts).
    var marketTime: Timestamp? { kernel.marketTime }
    /// The latest market input of each kind and symbol the journal holds (set by ``recover()``):
    /// a catch-up applies exactly what comes after, even inputs of the same time as the last one.
    private(set) var applied = LatestInputs()
    /// The last tick whose accounts were published (set by ``recover()``).
    private(set) var lastTick: Timestamp?

    /// Rebuilds the kernel from the journal; returns how many records were replayed.
    func recover() async throws -> Int {
        var count = 0
        var kernel = self.kernel
        var applied = LatestInputs()
        var lastTick: Timestamp?
        var published: [ModelID: AccountState] = [:]
        var tail: [ExecutionRecord] = []
        try await journal.read { page in
            for entry in page {
                let record = try JournalCoding.decode(ExecutionRecord.self, from: entry)
                try kernel.replay(record)
                switch record {
                case .market(let input): _ = applied.isNew(input)
                case .tick(let time): lastTick = time
                case .command, .receipt, .venue, .instruction: break
                case .order, .fill, .funding, .account:
                    if case .account(let account) = record { published[account.modelID] = account }
                    tail.append(record)
                    // Trimmed in halves: amortised constant time over a long journal.
                    if tail.count >= 2 * Self.republishedTail { tail.removeFirst(Self.republishedTail) }
                }
                count += 1
            }
        }
        self.kernel = kernel
        self.applied = applied
        self.lastTick = lastTick
        self.published = published
        self.tail = Array(tail.suffix(Self.republishedTail))
        status.increment(.replayedRecords, by: Int64(count))
        recovered = true
        return count
    }

    /// Applies a command from the risk guard; the answer is sent once its records are persisted.
    func handle(_ command: OrderCommand) async throws(ErrorReply) -> OrderCommandAck {
        guard recovered else { throw ErrorReply(code: "starting", message: "the OMS is rebuilding its ledgers from its journal", retryable: true) }
        await serial.acquire()
        defer { serial.release() }
        status.increment(.commands)
        let addsRisk = command.kind == .place && (command.plan?.order.purpose.addsRisk ?? false)
        // Records already wait for the store: it is down, so new risk is refused at once
        // (the flush loop finds out when it is back; trying here would hold the answer for a timeout).
        if addsRisk, !unpersisted.isEmpty { return try storeUnavailable(command) }
        // Only a step that may be undone keeps the state from before it: holding a copy
        // makes the kernel's first writes duplicate its collections (copy on write).
        let before = addsRisk ? kernel : nil
        let step = kernel.handle(command)
        if step.ack?.firstReceipt == false { status.increment(.commandsRepeated) }
        if step.ack?.accepted == false { status.increment(.commandsRefused) }
        guard await persist(step.records, undoable: addsRisk) else {
            if let before { kernel = before }
            return try storeUnavailable(command)
        }
        publish(step.records)
        // The kernel answers every command; a missing answer would be a defect, refused rather than guessed.
        return step.ack ?? OrderCommandAck(commandID: command.commandID, firstReceipt: true, accepted: false, reason: "internal: no answer")
    }

    /// Applies market data: fills, triggers, funding, liquidations, marks.
    func handle(_ input: MarketInput) async {
        await serial.acquire()
        defer { serial.release() }
        status.increment(.marketEvents)
        let step = kernel.handle(input)
        guard !step.records.isEmpty else { return }
        _ = await persist(step.records, undoable: false)
        publish(step.records)
    }

    /// Every model's account at `time` (published at each tick).
    func publishAccounts(at time: Timestamp) async {
        await serial.acquire()
        defer { serial.release() }
        let records = kernel.accountsAtTick(time).records
        _ = await persist(records, undoable: false)
        publish(records)
    }

    /// Publishes again the journal's last order events, fills, funding payments and accounts: what
    /// a SIGKILL caught between the journal and the socket was never sent. Their subscribers know
    /// them by id (the reporter's audit log, the risk guard's fills) or by sequence (accounts).
    func republishTail() {
        outputs.publish(tail)
        tail = []
    }

    /// Publishes every model's account as last published again, for a lockstep replay's data
    /// mark: a service that restarted since has the ledgers before the mark (the others ignore
    /// what they hold already, by sequence).
    func republishAccounts() async {
        await serial.acquire()
        defer { serial.release() }
        outputs.publish(published.keys.sorted { $0.value < $1.value }.compactMap { published[$0] }.map(ExecutionRecord.account))
    }

    private func publish(_ records: [ExecutionRecord]) {
        for case .account(let account) in records { published[account.modelID] = account }
        outputs.publish(records)
        if let dispatch {
            let instructions = records.compactMap { if case .instruction(let i) = $0 { i } else { nil } }
            if !instructions.isEmpty { dispatch(instructions) }
        }
    }

    /// Applies what a live venue reported (its answer, a stream's push, a query, reconciliation),
    /// persisted and published like any step; what it makes the kernel ask goes to the venue next.
    func apply(_ report: VenueReport) async {
        await serial.acquire()
        defer { serial.release() }
        status.increment(.venueReports)
        if kernel.isUnknownOrder(report) {
            logger.warning("a venue report names an order this OMS never placed", metadata: ["clientOrderId": "\(report.clientOrderID)", "kind": "\(report.kind.rawValue)"])
        }
        let step = kernel.handle(report)
        _ = await persist(step.records, undoable: false)
        publish(step.records)
    }

    /// The orders the venue holds or may hold: what the live session polls and reconciles.
    var ordersAtVenue: [OrderState] { kernel.ordersAtVenue }

    /// The arena's trading's net effect on a live account (reconciliation's balances).
    var netEffect: (positions: [Symbol: FixedDecimal], quote: FixedDecimal) { kernel.netEffect }

    /// The order with client order id `id`, nil when this OMS never placed it.
    func order(_ id: ClientOrderID) -> OrderState? { kernel.order(id) }

    /// The last price of `symbol` (a market order's reference price).
    func lastPrice(of symbol: Symbol) -> FixedDecimal? { kernel.lastPrice(of: symbol) }

    /// Writes what waits in memory; true when nothing waits any more.
    @discardableResult
    func flush() async -> Bool {
        guard !unpersisted.isEmpty else { return true }
        await serial.acquire()
        defer { serial.release() }
        return await flushWaiting()
    }

    private func flushWaiting() async -> Bool {
        guard !unpersisted.isEmpty else { return true }
        do {
            try await journal.append(try unpersisted.map(JournalCoding.encode))
        } catch {
            status.increment(.journalFailures)
            return false
        }
        logger.notice("store back: records kept in memory are persisted", metadata: ["records": "\(unpersisted.count)"])
        outputs.alert(.storeRecovered(records: unpersisted.count))
        status.increment(.journalRecords, by: Int64(unpersisted.count))
        unpersisted.removeAll()
        status.set(.unpersisted, 0)
        return true
    }

    /// Persists `records` after whatever waits; false when the store failed and
    /// the step is `undoable` (the caller undoes it). A step that cannot be
    /// undone waits in memory instead, in order.
    private func persist(_ records: [ExecutionRecord], undoable: Bool) async -> Bool {
        guard !records.isEmpty else { return true }
        let waiting = unpersisted.isEmpty ? records : unpersisted + records
        do {
            try await journal.append(try waiting.map(JournalCoding.encode))
            if !unpersisted.isEmpty {
                logger.notice("store back: records kept in memory are persisted", metadata: ["records": "\(unpersisted.count)"])
                outputs.alert(.storeRecovered(records: unpersisted.count))
                unpersisted.removeAll()
                status.set(.unpersisted, 0)
            }
            status.increment(.journalRecords, by: Int64(records.count))
            return true
        } catch {
            status.increment(.journalFailures)
            if undoable {
                logger.error("store unavailable: a risk-increasing command is undone and refused", metadata: ["error": "\(error)"])
                return false
            }
            if unpersisted.isEmpty {
                logger.error("store unavailable: exits and fills continue and wait in memory; new risk is refused", metadata: ["error": "\(error)"])
                outputs.alert(.storeDown(error: "\(error)"))
            }
            unpersisted += records
            status.set(.unpersisted, Int64(unpersisted.count))
            return true
        }
    }

    /// The answer to a risk-increasing order the store cannot take: wait (a retryable error) or refuse.
    private func storeUnavailable(_ command: OrderCommand) throws(ErrorReply) -> OrderCommandAck {
        if waitsForStore {
            throw ErrorReply(code: "store_unavailable", message: "the OMS waits for its store before taking a new order", retryable: true)
        }
        status.increment(.refusedStoreDown)
        logger.warning("risk-increasing order refused: the store is unavailable", metadata: ["command": "\(command.commandID)"])
        outputs.alert(.orderRefusedStoreDown(command: command))
        return OrderCommandAck(
            commandID: command.commandID, firstReceipt: true, accepted: false,
            reason: "store_unavailable: the OMS cannot persist a new order, so it does not take one"
        )
    }
}
