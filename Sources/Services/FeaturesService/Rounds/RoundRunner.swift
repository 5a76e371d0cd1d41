import Agents
import ArenaBus
import ArenaCore
import ArenaStore
import ArenaWire
import Logging
import Synchronization

/// Runs one decision round (spec §4): one scoring job per model through the
/// scorer pool's load-balancing ``ArenaBus/Dispatcher``, each with the same
/// snapshot and hash, that model's own account and recent decisions; models
/// whose decisions feed an ensemble first, then the ensembles with their
/// members' decisions of this very tick (never a second run of a member); a
/// deadline after which a
/// missing answer is a HOLD recorded as a timeout; every answer checked
/// against its job; one decision per model per tick recorded, published on
/// `decision.<model>` and handed to the risk guard; the round closed and
/// published on `round.completed`.
public final class RoundRunner: Sendable {
    /// The parts a round uses.
    public struct Parts: Sendable {
        public var dispatcher: any JobDispatcher
        public var roster: ModelRoster
        /// The roster's phases and ensemble members.
        public var plan: RosterPlan
        /// Each model's recent decisions.
        public var history: ModelHistory
        public var accounts: AccountBook
        public var ledger: DecisionLedger
        public var forwarder: RiskForwarder
        public var publisher: any MessagePublisher
        public var deadline: Duration
        public var status: FeaturesStatus
        public var logger: Logger
        /// Whether a failed ledger write is retried until the store takes it (a lockstep replay, whose
        /// market waits) rather than logged while the round goes on (a live market does not wait).
        public var durable: Bool

        public init(
            dispatcher: any JobDispatcher, roster: ModelRoster, plan: RosterPlan, history: ModelHistory, accounts: AccountBook,
            ledger: DecisionLedger, forwarder: RiskForwarder, publisher: any MessagePublisher, deadline: Duration, status: FeaturesStatus,
            logger: Logger, durable: Bool = false
        ) {
            self.durable = durable
            self.dispatcher = dispatcher
            self.roster = roster
            self.plan = plan
            self.history = history
            self.accounts = accounts
            self.ledger = ledger
            self.forwarder = forwarder
            self.publisher = publisher
            self.deadline = deadline
            self.status = status
            self.logger = logger
        }
    }

    private let parts: Parts
    private let clock: any ArenaClock
    /// Decision ids this process has recorded: the in-memory half of "never two".
    private let recorded = Mutex<Set<String>>([])
    /// Whether the models' history was reloaded from the ledger (once, before the first round).
    private let historyLoaded = Mutex(false)
    /// LLM agents' spending on the tick's day, and their alerts.
    private let spending = LLMSpending()
    /// Learned models' files, re-read at every tick boundary.
    private let files: ModelFileWatch
    private static let source = ServiceName(unchecked: "features")

    /// A runner over `parts`.
    public init(_ parts: Parts, clock: any ArenaClock = WallClock()) {
        self.parts = parts
        self.clock = clock
        files = ModelFileWatch(parts.roster.models, catalog: ArenaCatalog.checking)
    }

    /// Runs the round of `snapshot`: its canonical bytes are stored and sent
    /// to every model as they are. Returns nil when the tick already had a
    /// round (after a restart), unless `resuming` a round the ledger holds
    /// open (the engine stopped mid-round): then the models whose decisions
    /// it recorded keep them and the others are asked now.
    public func run(_ snapshot: FeatureSnapshot, resuming: Bool = false) async -> RoundRecord? {
        await loadHistory()
        let sealed = snapshot.sealed, tick = sealed.snapshot.tick
        let openedAt = clock.now()
        let deadlineAt = openedAt.advanced(by: parts.deadline)
        let round = DecisionLedger.OpenedRound(
            tick: tick, snapshotDigest: CanonicalHash.digest(sealed.canonicalBytes), snapshotBytes: sealed.canonicalBytes,
            openedAt: openedAt, deadline: deadlineAt, jobs: parts.roster.models.count
        )
        var decided: [ModelID: ModelDecision] = [:]
        do {
            if try await !write("round", { () async throws(StoreError) in try await parts.ledger.openRound(round) }) {
                guard resuming else {
                    parts.status.increment(.ticksRepeated)
                    parts.logger.notice("tick already had a round; not dispatching it again", metadata: ["tick": "\(tick)"])
                    return nil
                }
                for decision in try await parts.ledger.decisions(at: tick) { decided[decision.modelID] = decision }
                recorded.withLock { $0.formUnion(decided.values.map(\.decisionID)) }
                parts.logger.notice("resuming a round left open", metadata: ["tick": "\(tick)", "recorded": "\(decided.count)"])
            }
        } catch {
            // Dispatching anyway: the decision ids are per model and tick, so
            // the risk guard still refuses a second decision for this tick.
            parts.status.increment(.storeFailures)
            parts.logger.error("could not record the round; dispatching it anyway", metadata: ["tick": "\(tick)", "error": "\(error)"])
        }
        var entries: [RoundEntry] = decided.values.map(RoundEntry.init)
        await reloadModelFiles(at: tick)
        do { try await spending.prepare(for: tick, ledger: parts.ledger) } catch {
            // Without the day's earlier decisions the jobs carry no spend: agents then call as if nothing was spent yet.
            parts.status.increment(.storeFailures)
            parts.logger.error("could not read today's LLM spending; jobs carry none", metadata: ["tick": "\(tick)", "error": "\(error)"])
        }
        for (index, phase) in parts.plan.phases.enumerated() {
            let jobs = phase.filter { decided[$0.id] == nil }.map { model in
                ScoringJob(
                    decisionID: ScoringJob.decisionID(model: model.id, tick: tick), model: files.current(model), sealed: sealed,
                    account: parts.accounts.account(of: model.id, at: tick), deadline: deadlineAt,
                    history: parts.history.recent(model.id), members: parts.plan.members(of: model.id).compactMap { decided[$0] },
                    spentToday: spending.spent(model.id, on: tick)
                )
            }
            // The first phase has the whole deadline; a later one what is left of it.
            let decisions = await decideAll(jobs, until: index == 0 ? nil : deadlineAt)
            // Each phase is recorded and forwarded as soon as it is known: an ensemble never delays its members' orders.
            for decision in decisions where await accept(decision, snapshot: sealed.snapshot) {
                decided[decision.modelID] = decision
                entries.append(RoundEntry(decision))
            }
        }
        let order = Dictionary(parts.roster.models.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        entries.sort { (order[$0.modelID] ?? .max) < (order[$1.modelID] ?? .max) }
        var record = RoundRecord(tick: tick, snapshotHash: sealed.hash, startedAt: openedAt, finishedAt: clock.now(), entries: entries)
        do {
            try await write("round close", { () async throws(StoreError) in try await parts.ledger.closeRound(record) })
            record.number = try await write("round number", { () async throws(StoreError) in try await parts.ledger.roundNumber(of: tick) })
        } catch {
            parts.status.increment(.storeFailures)
            parts.logger.error("could not close the round", metadata: ["tick": "\(tick)", "error": "\(error)"])
        }
        publish(record, topic: ArenaTopics.roundCompleted)
        parts.status.increment(.rounds)
        return record
    }

    /// Moves learned models to files changed since the last round (this round runs them), and
    /// alerts on a changed file that cannot run (the model it replaces keeps running).
    private func reloadModelFiles(at tick: Timestamp) async {
        for change in await files.refresh() {
            let alert = change.alert(source: Self.source, at: tick)
            switch change {
            case .reloaded: parts.logger.notice("\(alert.title)", metadata: ["detail": "\(alert.message)"])
            case .rejected: parts.logger.error("\(alert.title)", metadata: ["detail": "\(alert.message)"])
            }
            publish(alert, topic: MarketTopics.alert(alert.kind))
        }
    }

    /// The tick of the ledger's last round, if any.
    public func lastRoundTick() async throws(StoreError) -> Timestamp? { try await parts.ledger.lastRoundTick() }

    /// The snapshots of rounds the ledger holds open (the engine stopped mid-round), for ``run(_:resuming:)``.
    public func unfinishedRounds() async throws(StoreError) -> [MarketSnapshot] { try await parts.ledger.unfinishedRounds() }

    /// Reloads each model's recent decisions from the ledger, so the jobs after
    /// a restart carry the history they would have carried without one.
    private func loadHistory() async {
        guard historyLoaded.withLock({ loaded in defer { loaded = true }; return !loaded }) else { return }
        do {
            let recent = try await parts.ledger.recentDecisions(rounds: ScoringJob.historyLimit)
            for (decision, snapshot) in recent { parts.history.record(decision, snapshot: snapshot) }
            if !recent.isEmpty { parts.logger.info("reloaded the models' recent decisions", metadata: ["decisions": "\(recent.count)"]) }
        } catch {
            parts.status.increment(.storeFailures)
            parts.logger.error("could not reload the models' recent decisions; jobs start without history", metadata: ["error": "\(error)"])
        }
    }

    /// The decisions for `jobs`, in their order, each due by `deadline`.
    private func decideAll(_ jobs: [ScoringJob], until deadline: Timestamp?) async -> [ModelDecision] {
        await withTaskGroup(of: (Int, ModelDecision).self) { group in
            for (index, job) in jobs.enumerated() {
                group.addTask { (index, await self.decide(job, until: deadline)) }
            }
            var out = [ModelDecision?](repeating: nil, count: jobs.count)
            for await (index, decision) in group { out[index] = decision }
            return out.compactMap { $0 }
        }
    }

    /// The decision for `job`: the scorer's checked answer, or a HOLD saying why not.
    func decide(_ job: ScoringJob, until deadline: Timestamp? = nil) async -> ModelDecision {
        let started = clock.now()
        // A later phase has what is left of the round's deadline.
        let budget = deadline.map { $0.duration(since: started) } ?? parts.deadline
        guard budget > .zero else {
            return hold(job, .timeout, "no time left before the round's deadline", parts.deadline.wholeMilliseconds, nil)
        }
        let outcome = await parts.dispatcher.submit(job, deadline: budget, trace: job.decisionID)
        switch outcome {
        case let .completed(result, worker, latency):
            let ms = latency.wholeMilliseconds
            let answer: ModelDecision
            do { answer = try result.decode(ModelDecision.self) } catch {
                return hold(job, .invalid, "the answer is not a decision: \(error)", ms, worker.description)
            }
            switch DecisionValidator.accept(answer, for: job, latencyMilliseconds: ms, worker: worker.description) {
            case let .success(decision): return decision
            case let .failure(violation): return hold(job, .invalid, violation.description, ms, worker.description)
            }
        case .timedOut:
            return hold(job, .timeout, "no answer within \(budget)", budget.wholeMilliseconds, nil)
        case let .failed(failure):
            var worker: String?
            if case let .worker(id, _) = failure { worker = id.description }
            return hold(job, .failed, failure.description, clock.now().duration(since: started).wholeMilliseconds, worker)
        }
    }

    private func hold(_ job: ScoringJob, _ outcome: DecisionOutcome, _ reason: String, _ ms: Int64, _ worker: String?) -> ModelDecision {
        parts.logger.warning("model holds: \(outcome.rawValue.lowercased())", metadata: ["decision": "\(job.decisionID)", "reason": "\(reason)"])
        return ModelDecision.hold(for: job, outcome: outcome, reason: reason, latencyMilliseconds: ms, worker: worker)
    }

    /// Runs a ledger write once, or, when ``Parts/durable``, until the store takes it (backing off, suspended).
    private func write<T: Sendable>(_ what: String, _ operation: () async throws(StoreError) -> T) async throws(StoreError) -> T {
        var failures = 0
        while true {
            do { return try await operation() } catch {
                guard parts.durable, !Task.isCancelled else { throw error }
                if failures % 10 == 0 {
                    parts.logger.warning("store unavailable; the lockstep replay waits for it", metadata: ["write": "\(what)", "error": "\(error)"])
                }
                parts.status.increment(.storeFailures)
                try? await Task.sleep(for: Backoff.storeOutage.delay(attempt: failures))
                failures += 1
            }
        }
    }

    /// Records, publishes and forwards `decision` unless it is a second one for its model and tick.
    private func accept(_ decision: ModelDecision, snapshot: MarketSnapshot) async -> Bool {
        guard recorded.withLock({ $0.insert(decision.decisionID).inserted }) else { return refuse(decision) }
        do {
            let time = clock.now()
            guard try await write("decision", { () async throws(StoreError) in try await parts.ledger.record(decision, at: time) }) else { return refuse(decision) }
        } catch {
            parts.status.increment(.storeFailures)
            parts.logger.error("could not record a decision; forwarding it anyway", metadata: ["decision": "\(decision.decisionID)", "error": "\(error)"])
        }
        switch decision.outcome {
        case .decided: parts.status.increment(.decided)
        case .timeout: parts.status.increment(.timeouts)
        case .failed: parts.status.increment(.failed)
        case .invalid: parts.status.increment(.invalid)
        }
        parts.history.record(decision, snapshot: snapshot)
        publish(decision, topic: ArenaTopics.decision(decision.modelID))
        for alert in spending.record(decision, source: Self.source) {
            parts.logger.warning("\(alert.title)", metadata: ["kind": "\(alert.kind)", "detail": "\(alert.message)"])
            publish(alert, topic: MarketTopics.alert(alert.kind))
        }
        await parts.forwarder.submit(decision)
        return true
    }

    private func refuse(_ decision: ModelDecision) -> Bool {
        parts.status.increment(.duplicatesRefused)
        parts.logger.warning("refused a second decision for a model and tick", metadata: ["decision": "\(decision.decisionID)"])
        return false
    }

    private func publish<M: WireMessage>(_ message: M, topic: String) {
        do { try parts.publisher.publish(message, topic: topic) } catch {
            parts.logger.error("publish failed", metadata: ["topic": "\(topic)", "error": "\(error)"])
        }
    }
}

extension RoundEntry {
    /// `decision`'s line in its round's record.
    public init(_ decision: ModelDecision) {
        self.init(
            modelID: decision.modelID, decisionID: decision.decisionID, outcome: decision.outcome, action: decision.action,
            latencyMilliseconds: decision.latencyMilliseconds
        )
    }
}
