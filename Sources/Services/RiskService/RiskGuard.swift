import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaStore
import Logging
import Risk

/// The risk guard's state behind one actor: the ``RiskEngine``, its journal,
/// the snapshots decisions were made on, the latest accounts, and the queue
/// of commands to the OMS.
///
/// Every verdict, state change and command is journaled before the decision
/// or request is acknowledged and before anything is published or sent: a
/// failed write undoes the step and the sender retries (fail closed). The
/// commands wait in an ``AcknowledgedQueue`` until the OMS acknowledges them
/// (then that is journaled too, with the next step's records), so after a restart exactly the unacknowledged
/// ones are sent again, under the same ids, which the OMS recognises.
actor RiskGuard {
    private var engine: RiskEngine
    private let journal: Journal
    /// Where verdicts, state changes, alerts and pace marks go.
    nonisolated let outputs: ServiceOutputs
    private let status: RiskStatus
    private let logger: Logger
    private let capital: FixedDecimal
    private let commands: AcknowledgedQueue<OrderCommand, OrderCommandAck>
    private var snapshots = SnapshotWindow(capacity: 64)
    /// Decisions waiting for the snapshot of their tick.
    private var snapshotWaiters: [Timestamp: [CheckedContinuation<MarketSnapshot?, Never>]] = [:]
    private var accounts: [ModelID: AccountState] = [:]
    private var judged: Set<String> = []
    /// The latest verdicts, for a decision sent again: its verdict is published again, in case
    /// the first was lost with a process that stopped between journaling it and publishing it.
    private var recentVerdicts = RecentWindow<RiskVerdict>()
    /// The latest fills observed: one the OMS publishes again after a restart is not counted twice.
    private var recentFills = RecentWindow<Bool>()
    private var realized = FillAttribution()
    /// False until the journal is replayed: nothing is judged on a half-rebuilt engine.
    private var recovered = false
    /// One step at a time: judged, journaled and published (or undone) before
    /// the next starts, although the actor is re-entered while the journal is
    /// written, so an undo never takes back another step.
    private let serial = ConcurrencyLimit(1)
    /// The latest market time seen (snapshots, accounts): the clock of operator requests.
    private var marketTime: Timestamp?
    /// The OMS's acknowledgements not journaled yet: they go with the next step's
    /// transaction. In one of their own they met the OMS's journal write of the
    /// same moment on a shared SQLite file, whose lock conflict sleeps a millisecond.
    /// A crash that loses them costs a resend, which the OMS answers as a repeat.
    private var unjournaledAcknowledgements: [RiskJournalRecord] = []

    init(
        engine: RiskEngine, journal: Journal, commands: AcknowledgedQueue<OrderCommand, OrderCommandAck>, outputs: ServiceOutputs,
        status: RiskStatus, capital: FixedDecimal, logger: Logger
    ) {
        self.engine = engine
        self.commands = commands
        self.journal = journal
        self.outputs = outputs
        self.status = status
        self.capital = capital
        self.logger = logger
    }

    /// Rebuilds the engine from the journal and queues the commands the OMS never acknowledged.
    func recover() async throws -> Int {
        var engine = self.engine
        var judged: Set<String> = []
        var recent = RecentWindow<RiskVerdict>(), fills = RecentWindow<Bool>()
        var unacknowledged: [String: OrderCommand] = [:]
        var order: [String] = []
        var count = 0
        try await journal.read { page in
            for entry in page {
                switch try JournalCoding.decode(RiskJournalRecord.self, from: entry) {
                case .engine(let record):
                    try engine.replay(record)
                    switch record {
                    case .verdict(let verdict, _):
                        judged.insert(verdict.decisionID)
                        recent.insert(verdict, for: verdict.decisionID)
                    case .fill(let fill, _): fills.insert(true, for: fill.fillID)
                    default: break
                    }
                case .commandSent(let command):
                    if unacknowledged.updateValue(command, forKey: command.commandID) == nil { order.append(command.commandID) }
                case .commandAcknowledged(let ack, _):
                    unacknowledged[ack.commandID] = nil
                }
                count += 1
            }
        }
        self.engine = engine
        self.judged = judged
        recentVerdicts = recent
        recentFills = fills
        let pending = order.compactMap { unacknowledged[$0] }
        if !pending.isEmpty { logger.notice("resending commands the OMS never acknowledged", metadata: ["count": "\(pending.count)"]) }
        for command in pending { await commands.submit(command) }
        status.increment(.replayedRecords, by: Int64(count))
        recovered = true
        return count
    }

    // MARK: Inputs

    /// Judges a decision from the arena clock; acknowledged once the verdict is journaled.
    func judge(_ decision: ModelDecision, snapshot: MarketSnapshot?) async throws -> DecisionAck {
        try checkRecovered()
        await serial.acquire()
        defer { serial.release() }
        status.increment(.decisions)
        guard !judged.contains(decision.decisionID) else {
            status.increment(.decisionsRepeated)
            if let verdict = recentVerdicts[decision.decisionID] { outputs.send(verdict, topic: ExecutionTopics.verdict(decision.modelID)) }
            return DecisionAck(decisionID: decision.decisionID, firstReceipt: false)
        }
        if snapshot == nil, decision.action != .hold { status.increment(.withoutSnapshot) }
        let account = accounts[decision.modelID] ?? .opening(model: decision.modelID, capital: capital, at: decision.tick)
        let before = engine
        let evaluation = engine.evaluate(decision, snapshot: snapshot, account: account, now: decision.tick)
        let records = evaluation.records.map(RiskJournalRecord.engine) + evaluation.commands.map(RiskJournalRecord.commandSent)
        do { try await append(records) } catch {
            engine = before
            throw error
        }
        judged.insert(decision.decisionID)
        recentVerdicts.insert(evaluation.verdict, for: evaluation.verdict.decisionID)
        count(evaluation.verdict.outcome)
        outputs.send(evaluation.verdict, topic: ExecutionTopics.verdict(decision.modelID))
        publish(evaluation.stateChanges)
        await send(evaluation.commands)
        return DecisionAck(decisionID: decision.decisionID, firstReceipt: true)
    }

    /// An operator's request; answered once its effects are journaled.
    func control(_ request: TradingControl) async throws -> TradingControlReply {
        try checkRecovered()
        await serial.acquire()
        defer { serial.release() }
        status.increment(.controls)
        let before = engine
        let outcome = engine.control(request, now: marketTime ?? WallClock().now())
        let records = outcome.records.map(RiskJournalRecord.engine) + outcome.commands.map(RiskJournalRecord.commandSent)
        do { try await append(records) } catch {
            engine = before
            throw error
        }
        logger.notice("operator request", metadata: [
            "request": "\(request.requestID)", "command": "\(request.command.rawValue)", "operator": "\(request.operatorName)",
            "model": "\(request.modelID.map(\.value) ?? "arena")", "applied": "\(outcome.reply.applied)",
        ])
        publish(outcome.stateChanges)
        outcome.alerts.forEach(alert)
        await send(outcome.commands)
        return outcome.reply
    }

    /// An account state from the OMS: the continuous rules.
    func observe(_ account: AccountState) async {
        await serial.acquire()
        defer { serial.release() }
        guard accounts[account.modelID].map({ account.sequence > $0.sequence }) ?? true else { return }
        accounts[account.modelID] = account
        advance(to: account.asOf)
        status.increment(.accountUpdates)
        var records: [RiskJournalRecord] = []
        for (fill, pnl) in realized.attribute(account) {
            records += engine.observe(fill, realizedPnL: pnl).map(RiskJournalRecord.engine)
        }
        let reaction = engine.observe(account, now: account.asOf)
        records += reaction.records.map(RiskJournalRecord.engine) + reaction.commands.map(RiskJournalRecord.commandSent)
        // A reaction is applied whatever the store does: a forced exit or a kill switch must not wait for a disk.
        do { try await append(records) } catch {
            logger.error("could not journal a continuous reaction; applied anyway", metadata: ["model": "\(account.modelID)", "error": "\(error)"])
        }
        publish(reaction.stateChanges)
        reaction.alerts.forEach(alert)
        await send(reaction.commands)
    }

    /// A fill from the OMS: counted with the PnL it realised (known from the account state that follows it).
    func observe(_ fill: Fill) {
        guard recentFills.insert(true, for: fill.fillID) else { return }
        status.increment(.fills)
        realized.hold(fill)
    }

    /// A snapshot from the arena clock; decisions waiting for it go on.
    func remember(_ snapshot: MarketSnapshot) {
        status.increment(.snapshots)
        snapshots.insert(snapshot)
        advance(to: snapshot.tick)
        for waiter in snapshotWaiters.removeValue(forKey: snapshot.tick) ?? [] { waiter.resume(returning: snapshot) }
    }

    /// The snapshot of `tick`: at once if it arrived, else when it does, or nil after `wait`
    /// (it travels on another socket than the decision, so it may come a little later).
    func snapshot(at tick: Timestamp, waitingUpTo wait: Duration) async -> MarketSnapshot? {
        if let snapshot = snapshots[tick] { return snapshot }
        guard wait > .zero else { return nil }
        return await withCheckedContinuation { continuation in
            snapshotWaiters[tick, default: []].append(continuation)
            Task { [weak self] in
                try? await Task.sleep(for: wait)
                await self?.giveUpWaiting(for: tick)
            }
        }
    }

    private func giveUpWaiting(for tick: Timestamp) {
        for waiter in snapshotWaiters.removeValue(forKey: tick) ?? [] { waiter.resume(returning: nil) }
    }

    /// The OMS acknowledged `command`.
    func acknowledged(_ command: OrderCommand, _ ack: OrderCommandAck) async {
        status.increment(.commandsAcknowledged)
        if !ack.accepted {
            status.increment(.commandsRefused)
            logger.warning("the OMS refused a command", metadata: ["command": "\(command.commandID)", "reason": "\(ack.reason ?? "")"])
        }
        unjournaledAcknowledgements.append(.commandAcknowledged(ack, at: command.time))
    }

    /// Journals the acknowledgements still waiting for a step (at shutdown).
    func journalAcknowledgements() async {
        await serial.acquire()
        defer { serial.release() }
        do { try await append([]) } catch {
            // Not journaled: a restart sends those commands again and the OMS answers them as repeats.
            logger.error("could not journal acknowledgements", metadata: ["count": "\(unjournaledAcknowledgements.count)", "error": "\(error)"])
        }
    }

    /// Every trading state.
    var states: [TradingStateEntry] { engine.states }

    // MARK: Helpers

    private func checkRecovered() throws(ErrorReply) {
        guard recovered else {
            throw ErrorReply(code: "starting", message: "the risk guard is rebuilding its state from its journal", retryable: true)
        }
    }

    /// Journals `records` after the acknowledgements waiting for a step, in one transaction.
    private func append(_ records: [RiskJournalRecord]) async throws {
        let acknowledgements = unjournaledAcknowledgements.count
        let all = unjournaledAcknowledgements + records
        guard !all.isEmpty else { return }
        do { try await journal.append(try all.map(JournalCoding.encode)) } catch {
            status.increment(.journalFailures)
            throw error
        }
        unjournaledAcknowledgements.removeFirst(acknowledgements)
    }

    private func send(_ list: [OrderCommand]) async {
        for command in list {
            status.increment(.commandsSent)
            await commands.submit(command)
        }
    }

    private func publish(_ changes: [TradingStateChange]) {
        for change in changes {
            status.increment(.stateChanges)
            outputs.send(change, topic: ExecutionTopics.state(change.modelID))
        }
    }

    private func alert(_ alert: RiskAlert) {
        let severity: AlertSeverity = switch alert.severity {
        case .info: .info
        case .warning: .warning
        case .critical: .critical
        }
        outputs.alert(Alert(
            id: "\(alert.kind)-\(alert.model.map(\.value) ?? "arena")-\(alert.time.milliseconds)", severity: severity, kind: alert.kind,
            source: outputs.service, title: "\(alert.kind.replacingUnderscores) — \(alert.model.map(\.value) ?? "arena")", message: alert.message,
            model: alert.model, time: alert.time
        ))
    }

    private func count(_ outcome: VerdictOutcome) {
        switch outcome {
        case .approved: status.increment(.approved)
        case .resized: status.increment(.resized)
        case .rejected: status.increment(.rejected)
        case .noOrder: status.increment(.noOrder)
        }
    }

    private func advance(to time: Timestamp) {
        if marketTime.map({ time > $0 }) ?? true { marketTime = time }
    }
}

extension String {
    /// `kill_switch` → `kill switch`.
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}

