import ArenaBus
import ArenaCore
import ArenaWire
import Foundation

/// Decision → risk guard → OMS → paper fill across three processes over tcp:
/// this process stands in for the arena clock (snapshots, decisions to the
/// risk guard's REP) and the gateway (the bar the order fills on), and
/// `arena-risk` and `arena-oms` run as they do in the arena, each journaling
/// to its SQLite store before it answers. One sample: the decision is sent;
/// when the OMS announces the order, the next bar is published; the sample
/// ends when the fill arrives. Baseline: two raw libzmq REQ/REP round trips
/// with frames of the decision's and the command's size, measured in the same run.
enum PipelineBench {
    static func run(quick: Bool) async throws -> [BenchResult] {
        let count = quick ? 60 : 600
        let rig = try PipelineRig()
        defer { rig.stop() }
        try await rig.start()
        var samples: [Double] = [], toOrder: [Double] = [], barToFill: [Double] = []
        for i in 0..<(count + 20) {
            let micros = try await rig.sample(i)
            guard i >= 20 else { continue }
            samples.append(micros.total)
            toOrder.append(micros.toOrder)
            barToFill.append(micros.barToFill)
        }
        let decisionBytes = try rig.decisionFrameSize(), commandBytes = try rig.commandFrameSize()
        let a = try RawZMQ.reqRepLatencies(count: count, payloadSize: decisionBytes)
        let b = try RawZMQ.reqRepLatencies(count: count, payloadSize: commandBytes)
        let baseline = zip(a, b).map { $0 + $1 }
        let p50 = BenchHarness.quantile(samples, 0.5), p99 = BenchHarness.quantile(samples, 0.99)
        let b50 = BenchHarness.quantile(baseline, 0.5), b99 = BenchHarness.quantile(baseline, 0.99)
        return [
            BenchResult(name: "decision → risk → OMS → paper fill, p50 (3 processes, tcp, SQLite journals)", value: p50, unit: "µs",
                        baseline: "two raw REQ/REP round trips, p50", baselineValue: b50, ratio: p50 / b50),
            BenchResult(name: "decision → risk → OMS → paper fill, p99 (target ≤ 3× baseline)", value: p99, unit: "µs",
                        baseline: "two raw REQ/REP round trips, p99", baselineValue: b99, ratio: p99 / b99),
            BenchResult(name: "  of which: decision sent → the order's first event back from the OMS, p50", value: BenchHarness.quantile(toOrder, 0.5),
                        unit: "µs", baseline: "two raw REQ/REP round trips, p50", baselineValue: b50, ratio: BenchHarness.quantile(toOrder, 0.5) / b50),
            BenchResult(name: "  of which: bar published → its fill back from the OMS, p50", value: BenchHarness.quantile(barToFill, 0.5),
                        unit: "µs", baseline: "one raw REQ/REP round trip, p50", baselineValue: BenchHarness.quantile(a, 0.5),
                        ratio: BenchHarness.quantile(barToFill, 0.5) / BenchHarness.quantile(a, 0.5)),
        ]
    }
}
