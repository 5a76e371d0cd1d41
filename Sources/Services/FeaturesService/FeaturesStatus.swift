import Synchronization

/// The feature engine's counters, for logs, the heartbeat's status and tests.
public final class FeaturesStatus: Sendable {
    /// One counter.
    public enum Counter: String, Sendable, CaseIterable {
        /// Market events taken by the engine, and those it refused (typed errors, logged).
        case eventsApplied = "events_applied", eventsRefused = "events_refused"
        /// Events dropped because the warm-up history already covered them.
        case eventsReplayed = "events_replayed"
        /// History rows loaded on start.
        case warmupRows = "warmup_rows"
        /// Ticks reached, ticks skipped before warm-up, ticks that already had a round (restart).
        case ticks, ticksCold = "ticks_cold", ticksRepeated = "ticks_repeated"
        /// Ticks whose round waited for a free slot (the data ran ahead of the rounds).
        case ticksDelayed = "ticks_delayed"
        /// Rounds completed; decisions by outcome.
        case rounds, decided, timeouts, failed, invalid
        /// Second decisions for one model and tick that were refused.
        case duplicatesRefused = "duplicates_refused"
        /// Decisions the risk guard acknowledged first time, acknowledged as repeats, failed to acknowledge; still queued.
        case riskAcknowledged = "risk_acknowledged", riskDuplicates = "risk_duplicates", riskFailures = "risk_failures"
        case riskPending = "risk_pending"
        /// Store writes that failed.
        case storeFailures = "store_failures"
        /// Account states taken from the OMS.
        case accountUpdates = "account_updates"
    }

    private let state = Mutex<[Counter: Int64]>([:])

    public init() {}

    /// Adds `amount` to `counter`.
    public func increment(_ counter: Counter, by amount: Int64 = 1) {
        state.withLock { $0[counter, default: 0] += amount }
    }

    /// Sets a gauge.
    public func set(_ counter: Counter, _ value: Int64) {
        state.withLock { $0[counter] = value }
    }

    /// One counter's value.
    public func value(_ counter: Counter) -> Int64 { state.withLock { $0[counter] ?? 0 } }

    /// Every counter by name (zero when never touched).
    public var counters: [String: Int64] {
        state.withLock { s in Dictionary(uniqueKeysWithValues: Counter.allCases.map { ($0.rawValue, s[$0] ?? 0) }) }
    }
}
