import ArgumentParser
import Foundation
import Learning
import Models

/// `arena model`: look inside a learned model file and run it outside the arena.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Inspect a learned model file, or run it on rows of features.",
        subcommands: [ModelShowCommand.self, ModelPredictCommand.self]
    )
}

/// `arena model show FILE`: what the file is, checked as the scorer checks it.
struct ModelShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Check a model file and print its kind, features, network, outputs, SHA-256 and training record."
    )

    @Argument(help: "The model file (docs/model-files.md).")
    var file: String

    func run() throws {
        let loaded = try ModelLoad.load(file)
        let model = loaded.file
        print("\(file): \(model.kind) model, format \(model.format) version \(model.version), sha256 \(loaded.stamp.sha256)")
        print("features (\(model.features.set), \(model.features.timeframe.rawValue) bars): \(model.features.inputs.map(\.name).joined(separator: ", "))")
        let shape = [model.network.inputs] + model.network.layers.map(\.outputs)
        print("network: \(shape.map(String.init).joined(separator: " → ")) (\(model.network.layers.map(\.activation.rawValue).joined(separator: ", ")))")
        print("outputs: \(model.outputs.values.map(\.name).joined(separator: ", ")) over \(model.outputs.horizonBars) bars")
        let t = model.training
        print("trained by \(t.tool) on \(t.data.joined(separator: ", ")) (\(t.symbols.joined(separator: ", "))), \(t.from) → \(t.until), seed \(t.seed)")
        print("split: \(t.split)")
        for (name, value) in t.metrics.sorted(by: { $0.key < $1.key }) { print("  \(name) = \(value)") }
        for note in t.notes { print("note: \(note)") }
    }
}

/// `arena model predict`: the model's outputs for each row of a features CSV, through the scorer's inference path.
struct ModelPredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Run a model file on a CSV of raw features and print one output row per input row.",
        discussion: """
        The CSV has a header; the columns named as the model's features (ret_1, vol_12, …, as
        `arena train features` writes them) are read, any other column is ignored. Each output
        is printed as the shortest text that reads back as the same Double, one row per line,
        outputs separated by commas: what the oracle test compares with scikit-learn's predict.
        """
    )

    @Option(help: "The model file.")
    var model: String

    @Option(help: "The CSV of raw features.")
    var features: String

    func run() throws {
        let inference: PolicyInference
        do { inference = try PolicyInference(try ModelLoad.load(model).file) } catch let error as ModelFileError {
            throw ValidationError("\(model): \(error)")
        }
        let table = try FeatureTable(path: features)
        let columns = try inference.features.map { feature in
            guard let column = table.header.firstIndex(of: feature.rawValue) else {
                throw ValidationError("\(features): no column '\(feature.rawValue)' (the model reads \(inference.features.map(\.rawValue).joined(separator: ", ")))")
            }
            return column
        }
        var out = ""
        for (index, row) in table.rows.enumerated() {
            var values: [Double] = []
            for column in columns {
                guard column < row.count, let value = Double(row[column]), value.isFinite else {
                    throw ValidationError("\(features): row \(index + 2), column \(table.header[column]): '\(column < row.count ? row[column] : "")' is not a finite number")
                }
                values.append(value)
            }
            out += inference.predict(values).map(\.description).joined(separator: ",") + "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}

/// Loading a model file for a command: a typed error becomes a message naming the file.
enum ModelLoad {
    static func load(_ path: String) throws -> LoadedModelFile {
        do { return try ModelFileReader.load(path) } catch { throw ValidationError("\(error)") }
    }
}

/// A small CSV of numbers and words without quoting (what `arena train features` writes).
struct FeatureTable {
    let header: [String]
    let rows: [[String]]

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("#") }
        guard let first = lines.first else { throw ValidationError("\(path) is empty") }
        header = first.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }
}
