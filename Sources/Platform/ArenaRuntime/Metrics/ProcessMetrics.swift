import Logging
import Prometheus
import Synchronization

/// The standard Prometheus process metrics, refreshed from ``ProcessStats``
/// each time the registry is rendered (a scrape), so that they cost nothing
/// between scrapes.
final class ProcessMetrics: Sendable {
    private let cpuSeconds: Counter
    private let residentMemory: Gauge
    private let virtualMemory: Gauge
    private let startTime: Gauge
    private let uptime: Gauge
    private let threads: Gauge
    private let openFileDescriptors: Gauge
    /// CPU seconds already added to the counter: a Prometheus counter only
    /// increments, so each refresh adds the difference.
    private let countedCPUSeconds = Mutex<Double>(0)
    /// Whether a read failure was logged, so a platform without `/proc` logs once, not per scrape.
    private let reportedFailure = Atomic<Bool>(false)
    private let logger: Logger

    init(registry: PrometheusCollectorRegistry, logger: Logger) {
        self.logger = logger
        cpuSeconds = registry.makeCounter(descriptor: .arena(MetricNames.processCPUSeconds, help: "User and system CPU time, in seconds."))
        residentMemory = registry.makeGauge(descriptor: .arena(MetricNames.processResidentMemory, help: "Resident memory, in bytes."))
        virtualMemory = registry.makeGauge(descriptor: .arena(MetricNames.processVirtualMemory, help: "Virtual memory, in bytes."))
        startTime = registry.makeGauge(descriptor: .arena(MetricNames.processStartTime, help: "Start time, in seconds since the Unix epoch."))
        uptime = registry.makeGauge(descriptor: .arena(MetricNames.processUptime, help: "Time since the process started, in seconds."))
        threads = registry.makeGauge(descriptor: .arena(MetricNames.processThreads, help: "Threads in the process."))
        openFileDescriptors = registry.makeGauge(descriptor: .arena(MetricNames.processOpenFDs, help: "Open file descriptors."))
    }

    /// Reads `/proc` and updates the metrics; a failure is logged once and leaves the last values.
    func refresh() {
        let stats: ProcessStats
        do { stats = try ProcessStats.current() } catch {
            if !reportedFailure.exchange(true, ordering: .relaxed) {
                logger.warning("process metrics are unavailable", metadata: ["error": "\(error)"])
            }
            return
        }
        let delta = countedCPUSeconds.withLock { counted in
            let delta = max(0, stats.cpuSeconds - counted)
            counted = max(counted, stats.cpuSeconds)
            return delta
        }
        if delta > 0 { cpuSeconds.increment(by: delta) }
        residentMemory.set(to: stats.residentMemoryBytes)
        virtualMemory.set(to: stats.virtualMemoryBytes)
        startTime.set(to: stats.startTimeSeconds)
        uptime.set(to: stats.uptimeSeconds)
        threads.set(to: stats.threads)
        if let fds = stats.openFileDescriptors { openFileDescriptors.set(to: fds) }
    }
}
