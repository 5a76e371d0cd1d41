import ArgumentParser
import Foundation

/// `arena bench`: measures the project's performance figures, each against a
/// baseline measured in the same run, prints a table and writes JSON.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run the benchmarks and write bench-results.json."
    )

    @Option(help: "Where to write the JSON results.")
    var output: String = "bench-results.json"

    @Flag(help: "Fewer iterations: checks the benchmarks run, not their figures.")
    var quick = false

    @Option(help: "Run only the benchmarks whose group name contains this text (codec, pubsub, transport, dispatch, store, replay, features, orderflow, scorer, learned, diffusion, execution, pipeline, reporter, alerter, backtest).")
    var only: String?

    func run() async throws {
        var results: [BenchResult] = []
        for group in BenchGroup.allCases where only.map({ group.rawValue.contains($0) }) ?? true {
            FileHandle.standardError.write(Data("running \(group.rawValue)…\n".utf8))
            results += try await group.run(quick: quick)
        }
        BenchHarness.printTable(results)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(results).write(to: URL(fileURLWithPath: output))
        print("\nwrote \(output)")
    }
}

/// The benchmark groups, in the order they run.
enum BenchGroup: String, CaseIterable {
    case codec, pubsub, transport, dispatch, store, replay, features, orderflow, scorer, learned, diffusion, execution, pipeline, reporter, alerter, backtest

    func run(quick: Bool) async throws -> [BenchResult] {
        switch self {
        case .codec: try CodecBench.run(quick: quick)
        case .pubsub: try await BusBench.pubSub(quick: quick)
        case .transport: try await TransportBench.run(quick: quick)
        case .dispatch: try await BusBench.dispatcher(quick: quick)
        case .store: try await StoreBench.run(quick: quick)
        case .replay: try await ReplayBench.run(quick: quick)
        case .features: try FeaturesBench.run(quick: quick)
        case .orderflow: try OrderFlowBench.run(quick: quick)
        case .scorer: try await ScorerBench.run(quick: quick)
        case .learned: try await LearnedBench.run(quick: quick)
        case .execution: try ExecutionBench.run(quick: quick)
        case .pipeline: try await PipelineBench.run(quick: quick)
        case .reporter: try await ReporterBench.run(quick: quick)
        case .alerter: try await AlerterBench.run(quick: quick)
        case .diffusion: try DiffusionBench.run(quick: quick)
        case .backtest: try await BacktestBench.run(quick: quick)
        }
    }
}
