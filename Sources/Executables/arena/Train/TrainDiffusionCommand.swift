import ArenaCore
import ArgumentParser
import Foundation
import Learning
import Models

/// `arena train diffusion`: trains a diffusion policy on demonstrations (docs/diffusion-policy.md),
/// writes the model file and a report of its held-out agreement and PnL against the demonstrator.
struct TrainDiffusionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diffusion",
        abstract: "Train a diffusion policy from demonstrated trades and kline files.",
        discussion: """
        Turns the trades of --demonstrations into the action held after each bar
        (direction and size), computes the bars-v1 features, splits the bars up to
        --until in time (fit, validation for early stopping, held out), trains the
        denoiser and measures the held-out span: agreement with the demonstrated
        side and the PnL of the policy and of the demonstrator, 0.1 % per side.
        The same inputs and --seed write the same bytes.
        """
    )

    @Option(help: "The demonstration CSV (time,symbol,side,quantity,price).")
    var demonstrations: String

    @OptionGroup var data: TrainingData

    @Option(help: "The training seed.")
    var seed: UInt64 = 1

    @Option(help: "Where to write the model file.")
    var output: String

    @Option(help: "Where to write the Markdown report.")
    var report: String?

    @Option(help: "The quote notional of a full unit in the demonstrations (the size of an action).")
    var unitNotional = HindsightRule().unitNotional

    @Option(help: "Most training epochs.")
    var epochs = DiffusionTrainingOptions().trainer.maxEpochs

    @Option(help: "Denoising steps.")
    var steps = DiffusionTrainingOptions().steps

    func run() async throws {
        guard let until = data.until, let cutoff = DemonstrationLog.parseTime(until) else {
            throw ValidationError("give --until, an ISO 8601 time such as 2023-04-01T00:00:00Z: the end of the training data")
        }
        let started = Date()
        let text = try String(contentsOfFile: demonstrations, encoding: .utf8)
        let trades = try DemonstrationLog.parse(text)
        let timeframe = data.timeframe
        let series = try await data.series().map {
            DemonstrationSeries(symbol: $0.symbol.value, bars: $0.bars, timeframe: timeframe, trades: trades, unitNotional: unitNotional)
        }
        var options = DiffusionTrainingOptions()
        options.trainer.seed = seed
        options.trainer.maxEpochs = epochs
        options.steps = steps
        let comments = text.split(separator: "\n").prefix { $0.hasPrefix("#") }.map { $0.dropFirst().trimmingCharacters(in: .whitespaces) }
        let notes = ["demonstrations: \((demonstrations as NSString).lastPathComponent), \(trades.count) trades"] + comments
        let result = try DiffusionTraining.train(
            series, timeframe: timeframe, until: cutoff, options: options,
            data: [(demonstrations as NSString).lastPathComponent] + data.sources, notes: notes
        )
        let sha = try ModelFileReader.write(result.file, to: output)
        let markdown = DiffusionReport.markdown(result, options: options, file: output, sha256: sha)
        if let report { try Data(markdown.utf8).write(to: URL(fileURLWithPath: report)) }
        print(markdown)
        print("wrote \(output) (sha256 \(sha))" + (report.map { " and \($0)" } ?? "") + String(format: " in %.1f s", Date().timeIntervalSince(started)))
    }
}
