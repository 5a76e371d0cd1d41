import ArenaCore

/// A model file made ready to run: its features resolved, and the one path
/// from closed bars to outputs that training and the scorer both take.
public struct PolicyInference: Sendable {
    public let file: ModelFile
    public let features: [PolicyFeature]
    /// Closed bars the features need, the newest included.
    public let lookback: Int

    /// `file` ready to run, or why it cannot.
    public init(_ file: ModelFile) throws(ModelFileError) {
        try file.validate()
        self.file = file
        features = try file.policyFeatures()
        lookback = features.map(\.lookback).max() ?? 1
    }

    /// The raw (unnormalised) features of the newest bar of `window`, in network order.
    public func featureValues(_ window: BarWindow) -> [Double] {
        precondition(window.count >= lookback, "the window holds \(window.count) bars, the features need \(lookback)")
        return features.map { $0.value(window) }
    }

    /// The outputs, in the units the file names, for raw feature values.
    public func predict(_ raw: [Double]) -> [Double] {
        var input = raw
        for (i, scale) in file.features.inputs.enumerated() { input[i] = (raw[i] - scale.mean) / scale.std }
        let out = file.network.evaluate(input)
        return zip(out, file.outputs.values).map { $0 * $1.std + $1.mean }
    }
}

extension PolicyFeature {
    /// Every feature of the set, in the order `arena train` lists them by default.
    public static var barsV1: [PolicyFeature] { allCases }

    /// Raw features of the newest bar of `window` (for tools that compute one feature at a time).
    public func compute(_ window: BarWindow) -> Double {
        precondition(window.count >= lookback, "\(rawValue) needs \(lookback) bars, the window holds \(window.count)")
        return value(window)
    }
}
