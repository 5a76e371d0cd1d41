import ArgumentParser
import Foundation
import Learning
import Models

/// `arena train features`: the training rows as CSV, for an outside oracle (scikit-learn) to train on.
struct TrainFeaturesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "Write the training rows (time, symbol, every bars-v1 feature, label) as CSV.",
        discussion: """
        One row per bar t of each symbol whose feature window and label lie in
        gap-free bars: open_time_ms, time (ISO 8601), symbol, close, the raw
        bars-v1 features (the scorer's own code) and label = ln(close[t+h] /
        close[t]). Numbers are the shortest text that reads back as the same Double.
        """
    )

    @OptionGroup var data: TrainingData

    @Option(help: "Bars ahead the label's return runs to.")
    var horizon = 12

    @Option(help: "Where to write the CSV.")
    var output: String

    func run() async throws {
        let dataset = FeatureDataset(features: PolicyFeature.barsV1, horizon: horizon)
        let rows = dataset.rows(try await data.series())
        var text = "open_time_ms,time,symbol,close," + dataset.names.joined(separator: ",") + ",label\n"
        text.reserveCapacity(rows.count * 300)
        for row in rows {
            text += "\(row.time.milliseconds),\(row.time),\(row.symbol),\(row.close),"
            text += row.features.map(\.description).joined(separator: ",") + ",\(row.label)\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        print("wrote \(rows.count) rows of \(dataset.names.count) features to \(output)")
    }
}
