import Metrics
import Synchronization

/// A swift-metrics counter that also keeps its own total, so components can
/// report statistics (and tests can check them) without a metrics backend.
final class BusCounter: Sendable {
    private let total = Atomic<Int>(0)
    private let counter: Counter

    init(_ label: String, _ dimensions: [(String, String)]) {
        counter = Counter(label: label, dimensions: dimensions)
    }

    func increment(by amount: Int = 1) {
        total.add(amount, ordering: .relaxed)
        counter.increment(by: amount)
    }

    var value: Int { total.load(ordering: .relaxed) }
}

/// A swift-metrics gauge that also keeps its current value.
final class BusGauge: Sendable {
    private let current = Atomic<Int>(0)
    private let gauge: Gauge

    init(_ label: String, _ dimensions: [(String, String)]) {
        gauge = Gauge(label: label, dimensions: dimensions)
    }

    func set(_ value: Int) {
        current.store(value, ordering: .relaxed)
        gauge.record(value)
    }

    var value: Int { current.load(ordering: .relaxed) }
}

/// Metric names of the bus, in one place so dashboards and the Prometheus
/// exporter see a stable vocabulary. Every metric carries a `service`
/// dimension (the component's service name).
enum BusMetricName {
    static let sent = "arena_bus_messages_sent_total"
    static let received = "arena_bus_messages_received_total"
    static let malformed = "arena_bus_malformed_frames_total"
    static let sendFailures = "arena_bus_send_failures_total"
    static let gaps = "arena_bus_sequence_gaps_total"
    static let missed = "arena_bus_messages_missed_total"
    static let restarts = "arena_bus_publisher_restarts_total"
    static let stale = "arena_bus_stale_messages_total"
    static let queueDepth = "arena_bus_queue_depth"
    static let requestDuration = "arena_bus_request_duration_seconds"
    static let requestRetries = "arena_bus_request_retries_total"
    static let requestTimeouts = "arena_bus_request_timeouts_total"
    static let errorReplies = "arena_bus_error_replies_total"
    static let repliesReplayed = "arena_bus_replies_replayed_total"
    static let jobsSubmitted = "arena_bus_dispatch_jobs_submitted_total"
    static let jobsCompleted = "arena_bus_dispatch_jobs_completed_total"
    static let jobsFailed = "arena_bus_dispatch_jobs_failed_total"
    static let jobsTimedOut = "arena_bus_dispatch_jobs_timed_out_total"
    static let jobsInFlight = "arena_bus_dispatch_jobs_in_flight"
    static let jobsPending = "arena_bus_dispatch_jobs_pending"
    static let jobDuration = "arena_bus_dispatch_job_duration_seconds"
    static let redispatches = "arena_bus_dispatch_redispatches_total"
    static let lateResults = "arena_bus_dispatch_late_results_total"
    static let workers = "arena_bus_dispatch_workers"
    static let workersLost = "arena_bus_dispatch_workers_lost_total"
    static let workerSessions = "arena_bus_worker_sessions_total"
    static let workerCancelled = "arena_bus_worker_jobs_cancelled_total"
    static let zapAllowed = "arena_bus_zap_allowed_total"
    static let zapDenied = "arena_bus_zap_denied_total"
}
