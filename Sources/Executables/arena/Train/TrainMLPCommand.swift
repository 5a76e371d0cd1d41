import ArgumentParser
import Foundation
import Learning
import Models

/// `arena train mlp`: trains the `mlp` model kind and writes its model file and report.
struct TrainMLPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mlp",
        abstract: "Train an mlp model (features → return over the horizon) and write its model file and report.",
        discussion: """
        Builds bars-v1 rows from the bars, splits them by time into train,
        validation and test folds (purged), trains every candidate (hidden
        widths × learning rates) with early stopping on the validation fold,
        keeps the one with the lowest validation MSE, and reports its IC and hit
        rate in and out of sample and the mlp rule's held-out return against
        buy-and-hold. The same data and seed give the same model file, byte for
        byte. Bars come from kline files (--data) or from the bars the market
        gateway stored (--store).
        """
    )

    @OptionGroup var data: TrainingData

    @Option(help: "Bars ahead the label's return runs to.")
    var horizon = 12

    @Option(help: "The seed of the initial weights and the minibatch order.")
    var seed: UInt64 = 1

    @Option(help: "Candidates' hidden widths, ';' between candidates and ',' between layers, e.g. \"8;16;16,8\".")
    var candidates = "8;16;16,8"

    @Option(help: "Learning rates each candidate is tried with, comma-separated.")
    var learningRates = "0.001"

    @Option(help: "Maximum epochs per candidate.")
    var epochs = 60

    @Option(help: "Fee per side in basis points for the held-out backtest.")
    var feeBp = 10.0

    @Option(help: "Where to write the model file.")
    var output: String

    @Option(help: "Where to write the Markdown report (it is printed either way).")
    var report: String?

    func run() async throws {
        var options = MLPTrainingOptions()
        options.timeframe = data.timeframe
        options.horizon = horizon
        options.seed = seed
        options.candidates = try Self.widths(candidates)
        options.learningRates = try Self.rates(learningRates)
        options.trainer.maxEpochs = epochs
        options.feeBP = feeBp
        options.sources = data.sources
        let series = try await data.series()
        let started = ContinuousClock.now
        let result: MLPTrainingResult
        do { result = try MLPTraining.run(series, options: options) } catch { throw TrainFailure(message: "\(error)") }
        let elapsed = ContinuousClock.now - started
        let hash: String
        do { hash = try ModelFileReader.write(result.model, to: output) } catch { throw TrainFailure(message: "\(error)") }
        let text = result.markdownReport(modelPath: output)
        if let report { try Data(text.utf8).write(to: URL(fileURLWithPath: report), options: .atomic) }
        print(text)
        print("wrote \(output) (sha256 \(hash)) after \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1)))) of training")
    }

    static func widths(_ text: String) throws -> [[Int]] {
        let list = text.split(separator: ";").map { $0.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) } }
        guard !list.isEmpty, list.allSatisfy({ !$0.isEmpty && $0.allSatisfy { ($0 ?? 0) > 0 } }) else {
            throw ValidationError("--candidates \(text): expected widths such as \"8;16;16,8\"")
        }
        return list.map { $0.map { $0! } }
    }

    static func rates(_ text: String) throws -> [Double] {
        let list = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !list.isEmpty, list.allSatisfy({ ($0 ?? 0) > 0 }) else { throw ValidationError("--learning-rates \(text): expected positive numbers such as 0.001,0.003") }
        return list.map { $0! }
    }
}
