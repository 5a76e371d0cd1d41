import ArenaCore
import Foundation

/// One figure of `arena bench`: a measured value next to a baseline measured in the same run.
struct BenchResult: Codable, Sendable {
    var name: String
    var value: Double
    var unit: String
    var baseline: String
    var baselineValue: Double
    /// `value / baselineValue` (for latencies: the difference is in the name's note instead).
    var ratio: Double

    enum CodingKeys: String, CodingKey {
        case name, value, unit, baseline
        case baselineValue = "baseline_value"
        case ratio
    }
}

/// Timing helpers shared by every benchmark.
enum BenchHarness {
    /// Runs `body` `iterations` times per round, `rounds` times, and returns the best rate
    /// (operations per second): the best round is the one least disturbed by other load.
    static func bestRate(iterations: Int, rounds: Int = 5, _ body: () throws -> Void) rethrows -> Double {
        var best = 0.0
        for _ in 0..<rounds {
            let start = MonotonicClock.nanoseconds()
            for _ in 0..<iterations { try body() }
            let elapsed = Double(MonotonicClock.nanoseconds() - start) / 1e9
            best = max(best, Double(iterations) / elapsed)
        }
        return best
    }

    /// The `q` quantile (0...1) of `samples` (nearest rank).
    static func quantile(_ samples: [Double], _ q: Double) -> Double {
        precondition(!samples.isEmpty)
        let sorted = samples.sorted()
        let rank = Int((q * Double(sorted.count - 1)).rounded())
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    /// Prints results as an aligned table.
    static func printTable(_ results: [BenchResult]) {
        let header = ["figure", "value", "unit", "baseline (same run)", "baseline value", "ratio"]
        let rows = results.map { r in
            [r.name, format(r.value), r.unit, r.baseline, format(r.baselineValue), String(format: "%.2f", r.ratio)]
        }
        let widths = (0..<header.count).map { c in ([header] + rows).map { $0[c].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        print(line(header))
        print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        rows.forEach { print(line($0)) }
    }

    static func format(_ v: Double) -> String {
        v >= 1000 ? String(format: "%.0f", v) : String(format: "%.2f", v)
    }
}
