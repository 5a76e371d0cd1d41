import ArenaCore
import Foundation

/// A learned model as a file (docs/model-files.md): the network, the
/// features it reads with their normalisation, what its outputs mean, and
/// how it was trained. JSON, written canonically (sorted keys, shortest
/// round-trip numbers), so the same model is the same bytes and a fixed
/// training seed gives a byte-identical file.
public struct ModelFile: Sendable, Hashable, Codable {
    /// The `format` every model file carries.
    public static let formatName = "arena-model"
    /// The versions this build reads.
    public static let supportedVersions = 1...1

    public var format: String
    public var version: Int
    /// What the network is: `mlp` (a regression of the next return).
    public var kind: String
    public var features: FeatureBlock
    public var network: DenseNetwork
    public var outputs: OutputBlock
    public var training: TrainingRecord
    /// Kind `diffusion` only: the denoiser's noise schedule and action (docs/diffusion-policy.md). Absent from every other kind's file.
    public var diffusion: DiffusionBlock?

    public init(
        kind: String, features: FeatureBlock, network: DenseNetwork, outputs: OutputBlock, training: TrainingRecord,
        diffusion: DiffusionBlock? = nil
    ) {
        format = Self.formatName
        version = Self.supportedVersions.upperBound
        self.kind = kind
        self.features = features
        self.network = network
        self.outputs = outputs
        self.training = training
        self.diffusion = diffusion
    }

    /// The inputs: a named feature set, the timeframe of its bars, and each feature's normalisation in network order.
    public struct FeatureBlock: Sendable, Hashable, Codable {
        /// `bars-v1`: ``PolicyFeature`` computed from closed bars of `timeframe`.
        public var set: String
        public var timeframe: Timeframe
        public var inputs: [ScaledValue]

        public init(set: String = FeatureBlock.barsV1, timeframe: Timeframe, inputs: [ScaledValue]) {
            self.set = set
            self.timeframe = timeframe
            self.inputs = inputs
        }

        public static let barsV1 = "bars-v1"
    }

    /// What the outputs mean: each named, with the scale the network's raw output is multiplied back by.
    public struct OutputBlock: Sendable, Hashable, Codable {
        /// `next_log_return` for an MLP: ln(close `horizonBars` bars after the tick / close at the tick).
        public var values: [ScaledValue]
        public var horizonBars: Int

        public init(values: [ScaledValue], horizonBars: Int) {
            self.values = values
            self.horizonBars = horizonBars
        }

        enum CodingKeys: String, CodingKey {
            case values
            case horizonBars = "horizon_bars"
        }
    }

    /// Where a model came from: the data, the seed, the split and the figures of its training.
    public struct TrainingRecord: Sendable, Hashable, Codable {
        /// The command and its version (`arena train mlp`).
        public var tool: String
        /// The sources read (file names, or `store`), and the symbols.
        public var data: [String]
        public var symbols: [String]
        /// The span of the bars used, as ISO-8601 UTC times (the first bar's open, the last bar's close).
        public var from: String
        public var until: String
        public var seed: UInt64
        /// How the rows were split (walk-forward folds, purge), in words.
        public var split: String
        /// Figures by name (`ic_out_of_sample`, `hit_rate_in_sample`, …).
        public var metrics: [String: Double]
        /// Anything a reader must know (a synthetic label, the candidate chosen and why).
        public var notes: [String]

        public init(
            tool: String, data: [String], symbols: [String], from: String, until: String, seed: UInt64, split: String,
            metrics: [String: Double], notes: [String]
        ) {
            self.tool = tool
            self.data = data
            self.symbols = symbols
            self.from = from
            self.until = until
            self.seed = seed
            self.split = split
            self.metrics = metrics
            self.notes = notes
        }
    }
}

/// A named value with the statistics it is normalised by: `(x − mean) / std` on the way in,
/// `raw · std + mean` on the way out.
public struct ScaledValue: Sendable, Hashable, Codable {
    public var name: String
    public var mean: Double
    public var std: Double

    public init(name: String, mean: Double, std: Double) {
        self.name = name
        self.mean = mean
        self.std = std
    }

    var isUsable: Bool { mean.isFinite && std.isFinite && std > 0 }
}

extension ModelFile {
    /// The model in `bytes`, checked whole: anything this build cannot run is a typed error.
    public static func decode(_ bytes: [UInt8]) throws(ModelFileError) -> ModelFile {
        let file: ModelFile
        do { file = try JSONDecoder().decode(ModelFile.self, from: Data(bytes)) } catch let error as DecodingError {
            // Before blaming a field, say what the file is when it says so itself.
            if let header = try? JSONDecoder().decode(Header.self, from: Data(bytes)) { try header.check() }
            throw .corrupt(Self.describe(error))
        } catch { throw .corrupt("\(error)") }
        try Header(format: file.format, version: file.version).check()
        try file.validate()
        return file
    }

    /// The canonical bytes of the model: sorted keys, two-space indentation, a final newline.
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding a value of plain numbers, strings and arrays cannot fail.
        guard let data = try? encoder.encode(self) else { preconditionFailure("a model file failed to encode") }
        return [UInt8](data) + [UInt8(ascii: "\n")]
    }

    /// The features in network order, or an error naming one this build does not compute.
    public func policyFeatures() throws(ModelFileError) -> [PolicyFeature] {
        var result: [PolicyFeature] = []
        for input in features.inputs {
            guard let feature = PolicyFeature(rawValue: input.name) else { throw .unknownFeature(input.name) }
            result.append(feature)
        }
        return result
    }

    func validate() throws(ModelFileError) {
        guard features.set == FeatureBlock.barsV1 else { throw .unknownFeature("set \(features.set)") }
        let names = try policyFeatures()
        guard !names.isEmpty else { throw .inconsistent("the model reads no features") }
        guard Set(names).count == names.count else { throw .inconsistent("a feature is listed twice") }
        for value in features.inputs + outputs.values where !value.isUsable { throw .badScale(value.name) }
        guard !outputs.values.isEmpty else { throw .inconsistent("the model names no outputs") }
        guard outputs.horizonBars >= 1 else { throw .inconsistent("horizon_bars is \(outputs.horizonBars), at least 1 is needed") }
        var inputs = names.count
        if kind == DiffusionBlock.kind {
            guard let diffusion else { throw .inconsistent("a diffusion model file needs its diffusion block") }
            try diffusion.validate(outputs: outputs.values)
            inputs += diffusion.action.count + diffusion.timeEmbedding
        } else if diffusion != nil {
            throw .inconsistent("a diffusion block in a '\(kind)' model file")
        }
        if let problem = network.shapeProblem(inputs: inputs, outputs: outputs.values.count) { throw problem }
    }

    /// The fields every version has, read first so that a newer or foreign file gets the right error.
    struct Header: Decodable {
        var format: String
        var version: Int

        func check() throws(ModelFileError) {
            guard format == ModelFile.formatName else { throw .notAModelFile(format: format) }
            guard ModelFile.supportedVersions.contains(version) else {
                throw .unsupportedVersion(found: version, supported: ModelFile.supportedVersions)
            }
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "" : "\(keys.dropFirst(keys.hasPrefix(".") ? 1 : 0)): "
        }
        switch error {
        case .dataCorrupted(let c): return path(c) + c.debugDescription
        case .keyNotFound(let key, let c): return path(c) + "missing field '\(key.stringValue)'"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return path(c) + c.debugDescription
        @unknown default: return "\(error)"
        }
    }
}
