import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaStore
import ArenaWire
import Features
import Logging
import ServiceLifecycle

/// The feature engine and the arena clock (spec §4) as a ServiceLifecycle
/// service.
///
/// On start it subscribes to the gateway's `md.*` (buffering), loads the
/// warm-up history, applies it, then applies the live stream, skipping what
/// the history covered. Every event goes through one ``FeatureEngine``; the
/// ``TickTrigger`` says when a tick's data is complete; at each tick the
/// engine's snapshot (once warm) is hashed, published on `feat.snapshot` and
/// handed to a ``RoundRunner`` that runs the round without holding up the
/// market stream. Account states arrive from the OMS on `acct.*`.
public struct FeatureEngineService: Service, CustomStringConvertible {
    /// What the service is made of (built by ``FeaturesApp``).
    public struct Parts: Sendable {
        public var engine: FeatureEngine
        public var market: any MessageSubscription
        /// The OMS's account states and pace marks.
        public var accountsFeed: any MessageSubscription
        public var warmUp: WarmUp?
        public var runner: RoundRunner
        public var forwarder: RiskForwarder
        public var accounts: AccountBook
        public var publisher: any MessagePublisher
        public var status: FeaturesStatus

        public init(
            engine: FeatureEngine, market: any MessageSubscription, accountsFeed: any MessageSubscription, warmUp: WarmUp?, runner: RoundRunner,
            forwarder: RiskForwarder, accounts: AccountBook, publisher: any MessagePublisher, status: FeaturesStatus
        ) {
            self.engine = engine
            self.market = market
            self.accountsFeed = accountsFeed
            self.warmUp = warmUp
            self.runner = runner
            self.forwarder = forwarder
            self.accounts = accounts
            self.publisher = publisher
            self.status = status
        }
    }

    /// Rounds allowed to run at once; a tick beyond that waits for a slot
    /// (and holds the market stream), so no tick is ever skipped.
    public static let maxRoundsInFlight = 4

    private let parts: Parts
    private let context: HostContext
    /// The market time the OMS has applied, from its pace marks (a lockstep replay).
    private let omsApplied = Watermark<Timestamp>()
    /// Where the engine's own pace marks go.
    private let marks: ServiceOutputs

    /// The service over `parts`.
    public init(context: HostContext, parts: Parts) {
        self.context = context
        self.parts = parts
        marks = ServiceOutputs(publisher: parts.publisher, service: ServiceName(unchecked: context.service.rawValue), logger: context.logger)
    }

    public var description: String { "FeatureEngineService" }

    public func run() async throws {
        let logger = context.logger
        let rounds = RoundSlots(limit: Self.maxRoundsInFlight)
        // Published again too: the previous process may have died before its socket sent them (subscribers know them by id).
        for decision in try await parts.forwarder.resume() {
            do { try parts.publisher.publish(decision, topic: ArenaTopics.decision(decision.modelID)) } catch {
                context.logger.error("publish failed", metadata: ["decision": "\(decision.decisionID)", "error": "\(error)"])
            }
        }
        await withDiscardingTaskGroup { group in
            group.addTask { await parts.forwarder.run() }
            group.addTask { await followAccounts() }
            group.addTask {
                do {
                    // Applying the stream and building snapshots is the CPU-heavy part:
                    // on a thread of its own, so rounds, deadlines and heartbeats (and
                    // other services in the process) always find a pool thread.
                    try await DedicatedExecutor(name: "features.engine").run {
                        try await cancelWhenGracefulShutdown { try await runMarket(logger: logger, rounds: rounds) }
                    }
                } catch {
                    if !(error is CancellationError) { logger.error("feature engine stopped", metadata: ["error": "\(error)"]) }
                }
            }
            // The helpers above run until cancelled; stop them when the market loop ends.
            await (try? gracefulShutdown())
            group.cancelAll()
            // Closing the subscribers ends their streams, and with them the loops reading them.
            await parts.market.close()
            await parts.accountsFeed.close()
        }
        // The rounds under way finish (within their deadline) and are recorded before the store closes.
        await rounds.drained()
        logger.info("feature engine stopped", metadata: ["counters": "\(parts.status.counters)"])
    }

    private func followAccounts() async {
        for await message in parts.accountsFeed.messages {
            do {
                switch message.typeID {
                case AccountState.wireType.id:
                    if parts.accounts.update(try message.decode(AccountState.self)) { parts.status.increment(.accountUpdates) }
                case PaceMark.wireType.id: omsApplied.advance(to: try message.decode(PaceMark.self).through)
                default: continue
                }
            } catch {
                context.logger.warning("unreadable message from the OMS", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
            }
        }
    }

    private func runMarket(logger: Logger, rounds: RoundSlots) async throws {
        // Ready once the gateway's stream is seen: its first message (a heartbeat
        // at least) proves the subscription is in place, which a replay gated on
        // this engine's readiness (`market.replay.wait_for`) waits for.
        let streaming = try context.readiness.register("market", reason: "waiting for the gateway's stream")
        var engine = parts.engine
        var trigger = TickTrigger(schedule: engine.schedule, symbols: engine.symbols, indicatorTimeframe: engine.configuration.indicatorTimeframe)
        var marks = WarmUp.Marks()
        var coldLogged = 0
        if let warmUp = parts.warmUp {
            let loaded = try await warmUp.loadRetrying(logger: logger)
            marks = loaded.marks
            // A lockstep replay waits for this engine, so a tick of the history after the
            // ledger's last round (the engine stopped before recording it) is still due: its
            // round runs at its place in the history. Otherwise history ticks are past.
            let resumeAfter = context.config.arena.lockstep ? await lastRecordedTick(logger: logger) : nil
            for input in loaded.inputs {
                apply(input, to: &engine, trigger: &trigger)
                let due = trigger.due()
                if let resumeAfter {
                    try await take(due.filter { $0 > resumeAfter }, of: &engine, slots: rounds, coldLogged: &coldLogged, logger: logger)
                }
            }
            parts.status.increment(.warmupRows, by: Int64(loaded.inputs.count))
        }
        // A round the last run left open is finished first, on the snapshot it recorded.
        do {
            for snapshot in try await parts.runner.unfinishedRounds() { try await launch(snapshot, slots: rounds, resuming: true) }
        } catch let error as StoreError {
            parts.status.increment(.storeFailures)
            logger.error("could not read the rounds left open; they stay unfinished", metadata: ["error": "\(error)"])
        }
        for await message in parts.market.messages {
            // Stopping: what is still buffered is not applied (a restart warms up from the gateway's history).
            try Task.checkCancellation()
            streaming.markReady()
            if message.typeID == PaceMark.wireType.id {
                try await answer(message, logger: logger)
                continue
            }
            let decoded: MarketMessage?
            do { decoded = try MarketMessage(message) } catch {
                parts.status.increment(.eventsRefused)
                logger.warning("unreadable market event", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
                continue
            }
            // Only the topics the engine uses arrive (FeaturesComponent.marketTopics); heartbeats decode to nil.
            guard let input = decoded, wanted(input, by: engine) else { continue }
            if marks.covers(input) {
                parts.status.increment(.eventsReplayed)
                continue
            }
            apply(input, to: &engine, trigger: &trigger)
            try await take(trigger.due(), of: &engine, slots: rounds, coldLogged: &coldLogged, logger: logger)
        }
    }

    /// Runs the rounds of `ticks` on `engine`'s snapshots (none while it is cold).
    private func take(_ ticks: [Timestamp], of engine: inout FeatureEngine, slots: RoundSlots, coldLogged: inout Int, logger: Logger) async throws {
        for tick in ticks {
            parts.status.increment(.ticks)
            let snapshot: MarketSnapshot
            do { snapshot = try engine.snapshot(at: tick) } catch {
                parts.status.increment(.ticksCold)
                if coldLogged % 12 == 0 { logger.notice("not warm yet; no snapshot", metadata: ["tick": "\(tick)", "reason": "\(error)"]) }
                coldLogged += 1
                continue
            }
            try await launch(snapshot, slots: slots)
        }
    }

    /// The tick of the ledger's last round (nil: none, or the store could not say, logged).
    private func lastRecordedTick(logger: Logger) async -> Timestamp? {
        do { return try await parts.runner.lastRoundTick() ?? Timestamp(nanoseconds: 0) } catch {
            parts.status.increment(.storeFailures)
            logger.error("could not read the last round; the history's ticks are taken as past", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// A lockstep replay's mark from the gateway. Data: the data before it is applied and
    /// its ticks' rounds have run (in order, in this loop); once the risk guard has
    /// acknowledged every decision, the engine says it is done. Record: the minute's
    /// decisions go again to the reporter ahead of the echo (``RecordingPublisher``).
    private func answer(_ message: any BusMessage, logger: Logger) async throws {
        let mark: PaceMark
        do { mark = try message.decode(PaceMark.self) } catch {
            logger.warning("unreadable pace mark", metadata: ["error": "\(error)"])
            return
        }
        switch mark.phase {
        case .data:
            guard await parts.forwarder.drained() else { throw CancellationError() }
            marks.paceMark(through: mark.through, phase: .data)
        case .record: marks.paceMark(through: mark.through, phase: .record)
        case .settle: return
        }
    }

    private func wanted(_ input: MarketMessage, by engine: FeatureEngine) -> Bool {
        guard case let .bar(bar) = input else { return true }
        return bar.timeframe == .m1 || bar.timeframe == engine.configuration.indicatorTimeframe
    }

    private func apply(_ input: MarketMessage, to engine: inout FeatureEngine, trigger: inout TickTrigger) {
        trigger.willApply(input)
        do {
            try engine.apply(input)
            parts.status.increment(.eventsApplied)
        } catch {
            parts.status.increment(.eventsRefused)
            context.logger.warning("market event refused", metadata: ["symbol": "\(input.symbol)", "error": "\(error)"])
        }
        trigger.didApply(input)
    }

    private func launch(_ snapshot: MarketSnapshot, slots: RoundSlots, resuming: Bool = false) async throws {
        // The tick's one encoding: the published snapshot and every job carry these bytes as they are.
        let published: FeatureSnapshot
        do { published = FeatureSnapshot(try SealedSnapshot(sealing: snapshot)) } catch {
            context.logger.error("snapshot cannot be encoded; tick skipped", metadata: ["tick": "\(snapshot.tick)", "error": "\(error)"])
            return
        }
        do { try parts.publisher.publish(published, topic: ArenaTopics.snapshot) } catch {
            context.logger.error("snapshot publish failed", metadata: ["error": "\(error)"])
        }
        if context.config.arena.lockstep {
            // The jobs carry the accounts as of the tick: the OMS must have applied the data up to it.
            guard await omsApplied.reached(snapshot.tick) else { throw CancellationError() }
            _ = await parts.runner.run(published, resuming: resuming)
            return
        }
        if try await slots.acquire() {
            parts.status.increment(.ticksDelayed)
            context.logger.debug("the tick's round waited for a free slot", metadata: ["tick": "\(snapshot.tick)"])
        }
        let runner = parts.runner
        Task {
            _ = await runner.run(published, resuming: resuming)
            slots.release()
        }
    }
}
