import Foundation
import Metrics
import Prometheus
import Testing
@testable import ArenaRuntime

/// Process metrics from `/proc` and the rendered Prometheus text.
@Suite struct MetricsTests {
    /// A `/proc/self/stat` line whose command name has spaces and a parenthesis.
    static let stat = "4242 (arena (gw) x) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 50 0 0 20 0 7 0 "
        + "10000 123456789 2000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0"

    @Test func parsesProcFiles() throws {
        let stats = try ProcessStats.parse(
            stat: Self.stat, systemStat: "cpu  1 2 3\nbtime 1700000000\nprocesses 9\n", uptime: "300.50 1000.00\n",
            clockTicksPerSecond: 100, pageSize: 4096
        )
        #expect(stats.cpuSeconds == 3.0)  // (250 + 50) ticks / 100
        #expect(stats.threads == 7)
        #expect(stats.startTimeSeconds == 1_700_000_100)  // btime + 10000 ticks / 100
        #expect(stats.uptimeSeconds == 200.5)
        #expect(stats.virtualMemoryBytes == 123_456_789)
        #expect(stats.residentMemoryBytes == 2000 * 4096)
    }

    @Test func aStartAfterTheReportedSystemUptimeGivesZeroUptime() throws {
        // /proc/uptime is read after /proc/self/stat; a process started within
        // the last tick can appear to start after it (10000 ticks = 100 s > 99.99 s).
        let stats = try ProcessStats.parse(
            stat: Self.stat, systemStat: "btime 1700000000\n", uptime: "99.99 1.00\n", clockTicksPerSecond: 100, pageSize: 4096
        )
        #expect(stats.uptimeSeconds == 0)
        #expect(stats.startTimeSeconds == 1_700_000_100)
    }

    @Test func truncatedStatIsATypedError() {
        #expect(throws: ProcessStatsError(source: "/proc/self/stat", reason: "has 5 fields, expected at least 24")) {
            try ProcessStats.parse(stat: "1 (x) S 1 2", systemStat: "btime 1\n", uptime: "1 1", clockTicksPerSecond: 100, pageSize: 4096)
        }
        #expect(throws: ProcessStatsError(source: "/proc/self/stat", reason: "field 14 is not a number")) {
            try ProcessStats.parse(
                stat: Self.stat.replacingOccurrences(of: " 250 ", with: " x "), systemStat: "btime 1\n", uptime: "1 1",
                clockTicksPerSecond: 100, pageSize: 4096
            )
        }
        #expect(throws: ProcessStatsError(source: "/proc/stat", reason: "no btime line")) {
            try ProcessStats.parse(stat: Self.stat, systemStat: "cpu 1\n", uptime: "1 1", clockTicksPerSecond: 100, pageSize: 4096)
        }
    }

    #if os(Linux)
    @Test func readsThisProcess() throws {
        let stats = try ProcessStats.current()
        #expect(stats.residentMemoryBytes > 1_000_000)
        #expect(stats.cpuSeconds > 0)
        #expect(stats.threads >= 1)
        #expect((stats.openFileDescriptors ?? 0) >= 3)
        // Started after boot and before this test: start time plus uptime is
        // now (btime has whole seconds), and the process has run for a while.
        let now = Date().timeIntervalSince1970
        #expect(abs(stats.startTimeSeconds + stats.uptimeSeconds - now) < 2, "start \(stats.startTimeSeconds), uptime \(stats.uptimeSeconds)")
        #expect(stats.uptimeSeconds > 0)
    }

    @Test func renderIncludesProcessMetrics() {
        let metrics = ArenaMetrics(registry: PrometheusCollectorRegistry())
        let text = String(decoding: metrics.render(), as: UTF8.self)
        for name in [
            MetricNames.processCPUSeconds, MetricNames.processResidentMemory, MetricNames.processStartTime,
            MetricNames.processUptime, MetricNames.processOpenFDs,
        ] {
            #expect(text.contains("\n\(name) ") || text.hasPrefix("\(name) ") || text.contains("# TYPE \(name)"), "\(name) missing")
        }
        #expect(text.contains("# TYPE process_cpu_seconds_total counter"))
        #expect(text.contains("# TYPE process_resident_memory_bytes gauge"))
    }
    #endif

    @Test func swiftMetricsReachTheRegistry() {
        let metrics = ArenaMetrics.bootstrap()
        #expect(ArenaMetrics.bootstrap() === metrics, "bootstrap hands out one instance per process")
        Counter(label: "arena_test_bootstrap_total", dimensions: [("topic", "md.trade")]).increment(by: 2)
        Timer(label: "arena_test_latency_seconds").recordNanoseconds(300_000)
        let text = String(decoding: metrics.render(), as: UTF8.self)
        #expect(text.contains(#"arena_test_bootstrap_total{topic="md.trade"} 2"#))
        // 300 µs falls in the 500 µs bucket of the arena's latency buckets, not swift-prometheus's 5 ms first bucket.
        #expect(text.contains(#"arena_test_latency_seconds_bucket{le="0.00025"} 0"#))
        #expect(text.contains(#"arena_test_latency_seconds_bucket{le="0.0005"} 1"#))
    }
}
