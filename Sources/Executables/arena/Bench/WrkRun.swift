import Foundation

/// One `wrk --latency` run against a URL: throughput and the latency percentiles it prints.
struct WrkRun {
    var requestsPerSecond: Double
    var p50Milliseconds: Double
    var p99Milliseconds: Double

    /// Runs `wrk` with 2 threads and 16 connections (16 dashboards or API clients at once, each
    /// asking again as soon as it is answered) for `seconds`, in a child process (``ChildRun``).
    static func measure(_ wrk: String, url: String, seconds: Int) async throws -> WrkRun {
        let run = try await ChildRun.run(wrk, ["-t2", "-c16", "-d\(seconds)s", "--latency", url])
        guard run.status == 0 else { throw BenchFailure("wrk failed on \(url): \(run.output.suffix(500))") }
        return try parse(run.output, url: url)
    }

    /// Reads `Requests/sec:` and the `50%` and `99%` lines of the latency distribution.
    static func parse(_ text: String, url: String) throws -> WrkRun {
        var rate: Double?, p50: Double?, p99: Double?
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.first == "Requests/sec:", fields.count >= 2 { rate = Double(fields[1]) }
            if fields.count == 2, fields[0] == "50%" { p50 = milliseconds(fields[1]) }
            if fields.count == 2, fields[0] == "99%" { p99 = milliseconds(fields[1]) }
        }
        guard let rate, let p50, let p99 else { throw BenchFailure("unreadable wrk output for \(url): \(text.suffix(500))") }
        if text.contains("Non-2xx or 3xx responses") { throw BenchFailure("\(url) answered errors under load: \(text.suffix(500))") }
        return WrkRun(requestsPerSecond: rate, p50Milliseconds: p50, p99Milliseconds: p99)
    }

    /// `812.00us`, `3.21ms`, `1.02s` in milliseconds.
    static func milliseconds(_ text: Substring) -> Double? {
        for (suffix, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1_000.0)] where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * scale }
        }
        return nil
    }
}
