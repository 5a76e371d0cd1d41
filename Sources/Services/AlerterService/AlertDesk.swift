import Alerts
import ArenaCore
import Logging
import Metrics

/// Where every alert goes through, one at a time: recorded, de-duplicated, filtered per
/// destination, persisted with its deliveries, and handed to the destinations' workers.
///
/// It also closes de-duplication windows (sending their "×N" summaries), takes the
/// heartbeat watch's events, and turns the workers' final failures into alerts on the other
/// destinations (never about a failure report itself, so a broken destination cannot loop).
actor AlertDesk {
    private let outbox: AlertOutbox
    private let filters: [(name: String, filter: AlertFilter)]
    private var workers: [String: DestinationWorker] = [:]
    private var disabled: Set<String> = []
    private var dedupe: Deduplicator
    private var watch: HeartbeatWatch
    private var seq: Int64 = 0
    private let own: AlerterAlerts
    private let logger: Logger
    private let received = Counter(label: "arena_alerter_alerts_received_total")
    private let collapsed = Counter(label: "arena_alerter_alerts_collapsed_total")
    private let unrecorded = Counter(label: "arena_alerter_alerts_unrecorded_total")
    private let counters: AlerterCounters

    init(
        outbox: AlertOutbox, filters: [(name: String, filter: AlertFilter)], dedupe: Deduplicator, watch: HeartbeatWatch, own: AlerterAlerts,
        counters: AlerterCounters, logger: Logger
    ) {
        self.outbox = outbox
        self.filters = filters
        self.dedupe = dedupe
        self.watch = watch
        self.own = own
        self.counters = counters
        self.logger = logger
    }

    /// Attaches the workers and restores what the last run left: the sequence, the open
    /// de-duplication windows, and every pending delivery, queued again in order.
    func start(workers: [DestinationWorker], now: Timestamp) async throws -> (pending: Int, windows: Int) {
        self.workers = Dictionary(uniqueKeysWithValues: workers.map { ($0.name, $0) })
        seq = try await outbox.lastSeq()
        let windows = try await outbox.openWindows(since: Timestamp(nanoseconds: now.nanoseconds - dedupe.windowMilliseconds * 1_000_000))
        for window in windows { dedupe.restore(leader: window.leader, openedAt: window.openedAt.milliseconds, repeats: window.repeats) }
        var resumed = 0
        for pending in try await outbox.pending() {
            guard let worker = self.workers[pending.destination] else {
                try await outbox.update(
                    destination: pending.destination, alertID: pending.alert.id, state: .skipped, attempts: pending.attempts, partsSent: pending.partsSent,
                    error: "the destination is no longer configured", at: now
                )
                logger.warning("pending alert for a destination no longer configured", metadata: ["destination": "\(pending.destination)", "alert": "\(pending.alert.id)"])
                continue
            }
            worker.enqueue(.init(alert: pending.alert, attempts: pending.attempts, partsSent: pending.partsSent))
            resumed += 1
        }
        await tick(at: now)
        return (resumed, windows.count)
    }

    /// An alert from the bus or from the alerter itself.
    func receive(_ alert: Alert, at now: Timestamp, excluding: Set<String> = []) async {
        received.increment()
        counters.add("received")
        await closeWindows(at: now)
        switch dedupe.admission(for: alert, at: now.milliseconds) {
        case .lead:
            if await route(alert, at: now, excluding: excluding) { _ = dedupe.admit(alert, at: now.milliseconds) }
        case .repeats(let leader, let count):
            seq += 1
            do {
                guard try await outbox.recordCollapsed(alert, seq: seq, at: now, leader: leader) else { return }
            } catch {
                // Not recorded, so it cannot be summarised after a restart: send it rather than risk losing it.
                logger.error("repeat not recorded; sending it on its own", metadata: ["alert": "\(alert.id)", "error": "\(error)"])
                _ = await route(alert, at: now, excluding: excluding)
                return
            }
            _ = dedupe.admit(alert, at: now.milliseconds)
            collapsed.increment()
            counters.add("collapsed")
            logger.debug("repeat collapsed", metadata: ["alert": "\(alert.id)", "leader": "\(leader)", "count": "\(count)"])
        }
    }

    /// Alerts `publisher` sent that never arrived (a sequence gap on one of its `alert.*` topics).
    func missed(_ count: UInt64, from publisher: String, topic: String?, at now: Timestamp) async {
        await receive(own.alertsMissed(publisher: publisher, topic: topic, count: count, at: now), at: now)
    }

    /// A heartbeat from a watched service.
    func heartbeat(_ beat: Heartbeat, at now: Timestamp) async {
        for event in watch.observe(beat, at: now.milliseconds) { await receive(own.alert(for: event, at: now), at: now) }
    }

    /// The periodic check: services gone silent, and windows that have closed.
    func tick(at now: Timestamp) async {
        for event in watch.check(at: now.milliseconds) { await receive(own.alert(for: event, at: now), at: now) }
        await closeWindows(at: now)
    }

    /// A worker's final failure or its destination's disabling, said on the other destinations.
    func report(from destination: String, _ report: DestinationWorker.Report) async {
        let now = WallClock().now()
        switch report {
        case let .failed(alert, reason, attempts):
            guard !AlertKinds.aboutDelivery.contains(alert.kind) else { return }
            await receive(own.deliveryFailed(alert, destination: destination, reason: reason, attempts: attempts, at: now), at: now, excluding: [destination])
        case let .disabled(reason, pending):
            disabled.insert(destination)
            await receive(own.destinationDisabled(destination, reason: reason, pending: pending, at: now), at: now, excluding: [destination])
        }
    }

    private func closeWindows(at now: Timestamp) async {
        for digest in dedupe.close(at: now.milliseconds) {
            _ = await route(digest.alert, at: now, summarising: digest.repeats.map(\.id))
        }
    }

    /// Records `alert` with a pending delivery to each destination that takes it, then queues
    /// them; false when the alert was recorded before (a redelivery: nothing is sent again).
    private func route(_ alert: Alert, at now: Timestamp, excluding: Set<String> = [], summarising: [String] = []) async -> Bool {
        let targets = filters.filter { !excluding.contains($0.name) && !disabled.contains($0.name) && $0.filter.admits(alert) }.map(\.name)
        seq += 1
        do {
            guard try await outbox.recordRouted(alert, seq: seq, at: now, destinations: targets, summarised: summarising) else {
                logger.debug("alert already recorded", metadata: ["alert": "\(alert.id)"])
                return false
            }
        } catch {
            // Persisting failed: deliver anyway (an alert about the outage must still go out) and say so.
            unrecorded.increment()
            counters.add("unrecorded")
            logger.error("alert not recorded; delivering it without a record", metadata: ["alert": "\(alert.id)", "error": "\(error)"])
        }
        counters.add("routed")
        if targets.isEmpty { logger.info("alert matches no destination", metadata: ["alert": "\(alert.id)", "kind": "\(alert.kind)"]) }
        for name in targets { workers[name]?.enqueue(.init(alert: alert)) }
        return true
    }
}
