import Execution
import Foundation

/// Orders per second in process, against the 500k orders/s target of one
/// core: through the risk engine, the OMS kernel, the paper venue and the
/// ledger (``RiskExecutionWorkload``), and through the kernel alone (each
/// order placed, filled by the next trade, booked, its account published).
/// The inputs are built before the clock starts; the timed run feeds them.
enum ExecutionBench {
    static func run(quick: Bool) throws -> [BenchResult] {
        let whole = RiskExecutionWorkload.Inputs(orders: quick ? 2_000 : 50_000)
        let kernel = ExecutionBenchmark.Inputs(orders: quick ? 5_000 : 200_000)
        return [
            try rate("risk check + OMS kernel + paper fill + ledger, one core", orders: whole.steps.count, quick: quick) {
                RiskExecutionWorkload.run(whole).fills
            },
            try rate("OMS kernel: market orders placed, filled and booked, one core", orders: kernel.steps.count, quick: quick) {
                ExecutionBenchmark.run(kernel).fills
            },
        ]
    }

    /// The best of three runs of `workload` over `orders` orders (one when `quick`); the fills it
    /// reports prove the work was done.
    private static func rate(_ name: String, orders: Int, quick: Bool, _ workload: () -> Int) throws -> BenchResult {
        var fills = 0
        let rate = BenchHarness.bestRate(iterations: 1, rounds: quick ? 1 : 3) { fills &+= workload() } * Double(orders)
        guard fills > 0 else { throw ExecutionBenchError.noFills }
        return BenchResult(name: name, value: rate, unit: "orders/s", baseline: "target 500k orders/s", baselineValue: 500_000, ratio: rate / 500_000)
    }

    enum ExecutionBenchError: Error { case noFills }
}
