import MarketData
import Synchronization

/// The gateway's counters as its STATUS reply shows them: a snapshot the
/// pipeline refreshes on each clock tick (not per event, to keep the hot path
/// free of locks), plus `feed_finished` once a replay has been fully stored.
public final class GatewayStatus: Sendable {
    private let state = Mutex<[String: Int64]>(["feed_finished": 0])

    public init() {}

    /// The counters for a status reply.
    public var counters: [String: Int64] { state.withLock { $0 } }

    func update(_ counters: KernelCounters) {
        state.withLock { s in s.merge(counters.dictionary) { _, new in new } }
    }

    func markFeedFinished() {
        state.withLock { $0["feed_finished"] = 1 }
    }
}
