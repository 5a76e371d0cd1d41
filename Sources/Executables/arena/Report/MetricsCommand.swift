import Analytics
import ArgumentParser
import Foundation

/// `arena metrics`: the return metrics of an equity curve, as JSON.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Compute return metrics (Sharpe, Sortino, drawdown, CAGR, ...) of an equity curve.",
        discussion: """
        Reads CSV `timestamp_ms,equity` (an optional header line with those names) and
        prints one JSON object with total_return, cagr, volatility, sharpe, sortino,
        max_drawdown (a negative fraction), calmar, best_period, worst_period and
        periods (the number of returns), plus periods_per_year and the
        probabilistic_sharpe_ratio against a Sharpe ratio of 0. Returns are simple period returns; the
        annualisation defaults to the series' own frequency over a 365-day year
        (1-minute points: 525600). Undefined figures (a Sharpe ratio of a flat
        curve) are null. Definitions: docs/metrics.md.
        """
    )

    @Option(help: "The equity CSV file (timestamp_ms,equity).")
    var equity: String

    @Option(help: "Periods per year for annualisation (default: inferred from the median spacing, 365-day year).")
    var periodsPerYear: Double?

    func run() throws {
        let text: String
        do { text = try String(contentsOfFile: equity, encoding: .utf8) } catch {
            throw ValidationError("cannot read \(equity): \(error.localizedDescription)")
        }
        let metrics: ReturnMetrics
        do {
            metrics = try ReturnMetrics(EquitySeries(EquityCSV.parse(text)), periodsPerYear: periodsPerYear)
        } catch {
            throw ValidationError("\(equity): \(error)")
        }
        print(MetricsJSON.render(metrics))
    }
}
