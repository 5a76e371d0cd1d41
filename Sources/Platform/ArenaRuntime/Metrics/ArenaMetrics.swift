import Metrics
import Logging
import Prometheus
import Synchronization

/// A Prometheus registry with the process metrics, rendered for `GET /metrics`.
///
/// ``bootstrap()`` makes one instance the swift-metrics backend of the
/// process; tests can build their own instance over a fresh registry.
public final class ArenaMetrics: Sendable {
    /// The registry that swift-metrics handlers write to and ``render()`` reads.
    public let registry: PrometheusCollectorRegistry
    private let process: ProcessMetrics

    /// The content type of ``render()``'s output: Prometheus text format 0.0.4.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Histogram buckets for swift-metrics `Timer`s: a bus hop takes tens of
    /// microseconds and an LLM call seconds, so the buckets span 50 µs to 30 s
    /// (swift-prometheus's default starts at 5 ms, which would put every bus
    /// latency in its first bucket).
    public static let latencyBuckets: [Duration] = [
        .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
        .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
    ]

    /// Metrics over `registry`, with the process metrics registered in it.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), logger: Logger = Logger(label: "arena.runtime.metrics")) {
        self.registry = registry
        process = ProcessMetrics(registry: registry, logger: logger)
    }

    /// Everything registered, as Prometheus text, with the process metrics read just before.
    public func render() -> [UInt8] {
        process.refresh()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(8 << 10)
        registry.emit(into: &buffer)
        return buffer
    }

    /// A swift-metrics factory writing to ``registry`` with ``latencyBuckets``.
    public func makeFactory() -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.latencyBuckets
        return factory
    }

    private static let shared = Mutex<ArenaMetrics?>(nil)

    /// The process-wide instance, made the swift-metrics backend on the first
    /// call; later calls return the same instance (swift-metrics, like
    /// swift-log, crashes on a second bootstrap).
    public static func bootstrap() -> ArenaMetrics {
        shared.withLock { instance in
            if let instance { return instance }
            let created = ArenaMetrics()
            MetricsSystem.bootstrap(created.makeFactory())
            instance = created
            return created
        }
    }
}
