import ArenaRuntime

/// What the feature engine counts, for logs, the heartbeat's status and tests.
public enum FeaturesCounter: String, Sendable, CaseIterable {
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

/// The feature engine's counters.
public typealias FeaturesStatus = ServiceCounters<FeaturesCounter>
