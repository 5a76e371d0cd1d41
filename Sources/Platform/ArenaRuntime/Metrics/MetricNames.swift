import Prometheus

/// The metric names every arena service uses, so that one dashboard and one
/// set of alert rules fit all of them.
///
/// Modules emit through swift-metrics (`Counter(label:dimensions:)`,
/// `Timer(label:)`, `Gauge(label:)`, `Recorder(label:)`); after
/// ``ArenaMetrics/bootstrap()`` those land in the Prometheus registry that
/// `GET /metrics` renders. Conventions:
/// - names are `snake_case`, prefixed `arena_` (or `process_` for the
///   standard process metrics), with the unit as a suffix (`_seconds`,
///   `_bytes`) and `_total` on counters;
/// - dimensions are few and bounded: `topic` (a topic prefix such as `md.trade`,
///   never a per-message value), `peer`, `queue`, `kind`, `outcome`;
/// - latencies are swift-metrics `Timer`s, exported as histograms in seconds
///   with the buckets of ``ArenaMetrics/latencyBuckets``.
public enum MetricNames {
    /// Counter, `topic`: messages published on the bus.
    public static let messagesPublished = "arena_messages_published_total"
    /// Counter, `topic`: messages received from the bus.
    public static let messagesReceived = "arena_messages_received_total"
    /// Counter, `topic`: gaps detected from per-publisher sequence numbers.
    public static let messageGaps = "arena_message_gaps_total"
    /// Counter, `kind` (`decode`, `send`, `handler`, …): messages that failed.
    public static let messageErrors = "arena_message_errors_total"
    /// Timer, `topic`: from the envelope timestamp to handling.
    public static let messageLatency = "arena_message_latency_seconds"
    /// Gauge, `queue`: items waiting in an in-process queue.
    public static let queueDepth = "arena_queue_depth"
    /// Counter, `peer` and `outcome` (`ok`, `timeout`, `error`): requests sent.
    public static let requests = "arena_requests_total"
    /// Timer, `peer`: request round trips.
    public static let requestLatency = "arena_request_latency_seconds"
    /// Counter: heartbeats this service published.
    public static let heartbeatsSent = "arena_heartbeats_sent_total"
    /// Counter, `peer`: heartbeats expected from a peer and not received.
    public static let heartbeatsMissed = "arena_heartbeats_missed_total"
    /// Gauge, `service`, `arena`, `mode`: always 1; identifies the process on dashboards.
    public static let serviceInfo = "arena_service_info"

    /// Counter: CPU seconds (user + system) from `/proc/self/stat`.
    public static let processCPUSeconds = "process_cpu_seconds_total"
    /// Gauge: resident memory in bytes.
    public static let processResidentMemory = "process_resident_memory_bytes"
    /// Gauge: virtual memory in bytes.
    public static let processVirtualMemory = "process_virtual_memory_bytes"
    /// Gauge: start time in seconds since the epoch.
    public static let processStartTime = "process_start_time_seconds"
    /// Gauge: seconds since the process started.
    public static let processUptime = "process_uptime_seconds"
    /// Gauge: threads.
    public static let processThreads = "process_threads"
    /// Gauge: open file descriptors.
    public static let processOpenFDs = "process_open_fds"
}

extension MetricNameDescriptor {
    /// A descriptor for one of ``MetricNames``' complete names. The names are
    /// kept whole (rather than split into namespace, name and unit) so that the
    /// same string works as a swift-metrics label.
    static func arena(_ name: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}
