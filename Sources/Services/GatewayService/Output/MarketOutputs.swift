import ArenaBus
import ArenaCore
import ArenaStore
import ArenaWire
import MarketData
import Logging
import Synchronization

/// Hands the kernel's outputs on: each to its `md.*` topic, findings to
/// `alert.<kind>` (and holes to the gap table), storable events to the store.
public final class MarketOutputs: Sendable {
    private let publisher: any MessagePublisher
    private let storage: MarketStorage?
    private let service: ServiceName
    private let clock: any ArenaClock
    private let logger: Logger
    private let failures = Mutex<Int64>(0)

    /// Outputs through `publisher` and, when given, into `storage`.
    public init(publisher: any MessagePublisher, storage: MarketStorage?, service: ServiceName, clock: any ArenaClock, logger: Logger) {
        self.publisher = publisher
        self.storage = storage
        self.service = service
        self.clock = clock
        self.logger = logger
    }

    /// Messages that could not be published (a closed socket; a full queue drops silently in ZeroMQ).
    public var publishFailures: Int64 { failures.withLock { $0 } }

    /// Waits until everything delivered so far is stored (while the store is down, until it is back).
    public func flush() async { await storage?.flush() }

    /// Publishes and persists `outputs`, in order.
    public func deliver(_ outputs: [KernelOutput]) async {
        guard !outputs.isEmpty else { return }
        for output in outputs { publish(output) }
        await storage?.store(outputs)
        for case .finding(let finding) in outputs {
            if let gap = Self.gapRecord(finding, at: clock.now()) { await storage?.record(gap) }
        }
    }

    /// Publishes an alert that does not come from the kernel (writer health, sources).
    public func publish(alert: Alert) {
        send(alert, topic: MarketTopics.alert(alert.kind))
    }

    private func publish(_ output: KernelOutput) {
        switch output {
        case .market(let message): send(message.wireMessage, topic: message.topic)
        case .needsSnapshot: break
        case .finding(let f):
            let alert = f.alert(source: service, time: clock.now())
            logger.log(level: f.severity >= .warning ? .warning : .info, "\(alert.title)", metadata: ["kind": "\(alert.kind)", "detail": "\(alert.message)"])
            publish(alert: alert)
        }
    }

    private func send<M: WireMessage>(_ message: M, topic: String) {
        do { try publisher.publish(message, topic: topic) } catch {
            let n = failures.withLock { $0 += 1; return $0 }
            if n == 1 || n % 10_000 == 0 { logger.error("publish failed", metadata: ["topic": "\(topic)", "error": "\(error)", "failures": "\(n)"]) }
        }
    }

    /// The gap-table row of a finding about a hole, if it is one.
    static func gapRecord(_ finding: DataFinding, at now: Timestamp) -> DataGapRecord? {
        switch finding {
        case let .tradeGap(v, s, ids):
            return DataGapRecord(
                venue: v, symbol: s, stream: "trades.ids.\(ids.lowerBound)-\(ids.upperBound)", from: now, to: now,
                missing: Int64(ids.count), reason: "trade ids \(ids.lowerBound)-\(ids.upperBound) skipped", detectedAt: now
            )
        case let .missingBars(v, s, tf, hole):
            return DataGapRecord(
                venue: v, symbol: s, stream: "bars.\(tf.rawValue)", from: hole.from, to: hole.to,
                missing: (hole.to.nanoseconds - hole.from.nanoseconds) / tf.nanoseconds, reason: "bars missing", detectedAt: now
            )
        case let .staleFeed(v, s, stream, silence):
            return DataGapRecord(
                venue: v, symbol: s, stream: "stale.\(stream)", from: now.advanced(by: .zero - silence), to: now, missing: nil,
                reason: "no \(stream) event for \(silence)", detectedAt: now
            )
        default:
            return nil
        }
    }
}
