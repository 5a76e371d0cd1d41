import Execution
import Foundation

/// The OMS kernel in process: orders per second through validation, the paper venue's matching
/// and the per-model ledger (each order placed, filled by the next trade, its account published),
/// against the 500k orders/s target of one core.
enum ExecutionBench {
    static func run(quick: Bool) throws -> [BenchResult] {
        let orders = quick ? 5_000 : 200_000
        var check = 0
        let rate = BenchHarness.bestRate(iterations: 1, rounds: quick ? 1 : 3) {
            check &+= ExecutionBenchmark.run(orders: orders).fills
        } * Double(orders)
        guard check > 0 else { throw ExecutionBenchError.noFills }
        let decisions = quick ? 2_000 : 50_000
        var filled = 0
        let throughRisk = BenchHarness.bestRate(iterations: 1, rounds: quick ? 1 : 3) {
            filled &+= RiskExecutionWorkload.run(orders: decisions).fills
        } * Double(decisions)
        guard filled > 0 else { throw ExecutionBenchError.noFills }
        return [
            BenchResult(name: "risk check + OMS kernel + paper fill + ledger, one core", value: throughRisk, unit: "orders/s",
                        baseline: "target 500k orders/s", baselineValue: 500_000, ratio: throughRisk / 500_000),
            BenchResult(name: "OMS kernel: market orders placed, filled and booked, one core", value: rate, unit: "orders/s",
                        baseline: "target 500k orders/s", baselineValue: 500_000, ratio: rate / 500_000),
        ]
    }

    enum ExecutionBenchError: Error { case noFills }
}
