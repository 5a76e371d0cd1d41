import Synchronization

/// The scorer's counters, reported in status replies and metrics.
public final class ScorerStatus: Sendable {
    /// What is counted.
    public enum Counter: String, CaseIterable, Sendable {
        /// Jobs answered with a decision.
        case decided = "decided"
        /// Jobs whose model threw.
        case modelErrors = "model_errors"
        /// Jobs refused before deciding (undecodable, a spec that does not build or hash).
        case refusedJobs = "refused_jobs"
    }

    private let values = Mutex<[Counter: Int64]>([:])

    public init() {}

    func increment(_ counter: Counter) { values.withLock { $0[counter, default: 0] += 1 } }

    /// The counters by name.
    public var counters: [String: Int64] {
        values.withLock { v in Dictionary(uniqueKeysWithValues: Counter.allCases.map { ($0.rawValue, v[$0] ?? 0) }) }
    }
}
