import ArenaRuntime

/// What the scorer counts (status replies and metrics).
public enum ScorerCounter: String, CaseIterable, Sendable {
    /// Jobs answered with a decision.
    case decided = "decided"
    /// Jobs whose model threw.
    case modelErrors = "model_errors"
    /// Jobs refused before deciding (undecodable, a spec that does not build or hash).
    case refusedJobs = "refused_jobs"
}

/// The scorer's counters.
public typealias ScorerStatus = ServiceCounters<ScorerCounter>
