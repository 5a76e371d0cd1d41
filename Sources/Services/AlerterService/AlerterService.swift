import Alerts
import ArenaBus
import ArenaCore
import ArenaRuntime
import AsyncHTTPClient
import Logging
import ServiceLifecycle
import Synchronization

/// The alerter (spec §9) as a ServiceLifecycle service.
///
/// On start it restores the outbox (pending deliveries queued again in order, open
/// de-duplication windows) and starts one worker per destination; then it follows every
/// service's `alert.*` and `hb.*`: alerts go to the ``AlertDesk``, heartbeats to its watch,
/// and a sequence gap on an alert topic becomes an `alerts_missed` alert. At a clean stop the
/// workers get `drain_ms` to send what is due; whatever is left waits in the outbox.
struct AlerterService: Service, CustomStringConvertible {
    let context: HostContext
    let config: AlerterConfig
    let store: StoreHandle
    let subscriptions: [(peer: String, subscription: any MessageSubscription)]
    let outputs: ServiceOutputs
    let counters: AlerterCounters

    var description: String { "AlerterService" }

    func run() async throws {
        let logger = context.logger
        let ready = try context.readiness.register("outbox", reason: "restoring undelivered alerts")
        let outbox = AlertOutbox(database: try await store.value())
        let client = ProviderClient(http: .shared, timeout: .milliseconds(Int64(config.requestTimeoutMilliseconds)))
        let desk = AlertDesk(
            outbox: outbox, filters: config.enabledDestinations.map { ($0.name, $0.config.filter) },
            dedupe: Deduplicator(windowMilliseconds: Int64(config.dedupeWindowSeconds * 1_000)),
            watch: HeartbeatWatch(
                services: subscriptions.map(\.peer), liveness: context.config.bus.heartbeatLiveness,
                defaultIntervalMilliseconds: Int64(context.config.bus.heartbeatIntervalMs),
                startupGraceMilliseconds: Int64(config.startupGraceMilliseconds), now: WallClock().now().milliseconds
            ),
            own: AlerterAlerts(source: outputs.service), counters: counters, logger: logger
        )
        let workers = config.enabledDestinations.compactMap { name, destination in
            destination.channel().map { channel in
                DestinationWorker(
                    name: name, channel: channel, client: client, policy: config.retry, outbox: outbox, logger: logger,
                    report: { await desk.report(from: $0, $1) }
                )
            }
        }
        let restored = try await desk.start(workers: workers, now: WallClock().now())
        logger.info("alerter started", metadata: [
            "destinations": "\(workers.map(\.name).sorted())", "resumed_deliveries": "\(restored.pending)", "open_windows": "\(restored.windows)",
        ])
        if workers.isEmpty { logger.warning("no alert destinations configured: alerts are recorded, not sent") }
        ready.markReady()

        await withDiscardingTaskGroup { group in
            let delivering = Task { await withDiscardingTaskGroup { inner in for worker in workers { inner.addTask { await worker.run() } } } }
            for (peer, subscription) in subscriptions {
                group.addTask { await follow(peer, subscription, desk: desk, logger: logger) }
                group.addTask { await watchGaps(peer, subscription, desk: desk) }
            }
            group.addTask { await tick(desk: desk) }
            await (try? gracefulShutdown())
            for (_, subscription) in subscriptions { await subscription.close() }
            group.cancelAll()
            await drain(workers, delivering: delivering, logger: logger)
        }
        logger.info("alerter stopped")
    }

    private func follow(_ peer: String, _ subscription: any MessageSubscription, desk: AlertDesk, logger: Logger) async {
        for await message in subscription.messages {
            let now = WallClock().now()
            do {
                if message.is(Alert.self) {
                    await desk.receive(try message.decode(Alert.self), at: now)
                } else if message.is(Heartbeat.self) {
                    await desk.heartbeat(try message.decode(Heartbeat.self), at: now)
                }
            } catch {
                logger.warning("message not understood", metadata: ["peer": "\(peer)", "topic": "\(message.topic)", "error": "\(error)"])
            }
        }
    }

    /// Gaps in a publisher's alert topics are alerts that never arrived: say so.
    private func watchGaps(_ peer: String, _ subscription: any MessageSubscription, desk: AlertDesk) async {
        for await gap in subscription.gaps where gap.topic?.hasPrefix("alert.") ?? true {
            let missed = gap.received > gap.expected ? gap.received - gap.expected : 1
            await desk.missed(missed, from: gap.source, topic: gap.topic, at: WallClock().now())
        }
    }

    private func tick(desk: AlertDesk) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: .milliseconds(config.checkIntervalMilliseconds)) } catch { return }
            await desk.tick(at: WallClock().now())
        }
    }

    /// Lets the workers send what is due for up to `drain_ms`, then stops them.
    private func drain(_ workers: [DestinationWorker], delivering: Task<Void, Never>, logger: Logger) async {
        for worker in workers { worker.finish() }
        let deadline = Task {
            try? await Task.sleep(for: .milliseconds(config.drainMilliseconds))
            delivering.cancel()
        }
        await delivering.value
        deadline.cancel()
        let left = workers.map(\.depth).reduce(0, +)
        if left > 0 { logger.warning("deliveries left for the next start", metadata: ["pending": "\(left)"]) }
    }
}

extension AlerterConfig {
    /// The destinations switched on, by name.
    var enabledDestinations: [(name: String, config: DestinationConfig)] {
        destinations.filter(\.value.enabled).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

/// The alerter's counts for the status reply: alerts received, collapsed, routed and unrecorded.
final class AlerterCounters: Sendable {
    private let values = Mutex<[String: Int64]>(["received": 0, "collapsed": 0, "routed": 0, "unrecorded": 0])

    func add(_ name: String) { values.withLock { $0[name, default: 0] += 1 } }
    var snapshot: [String: Int64] { values.withLock { $0 } }
}
