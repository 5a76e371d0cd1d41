import Foundation

/// An activation function of a dense layer.
public enum Activation: String, Sendable, Hashable, Codable, CaseIterable {
    case relu, tanh, logistic, identity

    /// The activation of the pre-activation `x` (public for the trainer, which runs the same arithmetic).
    public func apply(_ x: Double) -> Double {
        switch self {
        case .relu: x > 0 ? x : 0
        case .tanh: Foundation.tanh(x)
        case .logistic: 1 / (1 + Foundation.exp(-x))
        case .identity: x
        }
    }
}

/// One fully connected layer: `activation(weights · input + bias)`.
///
/// `weights` holds one row per output, each row the weights of every input
/// (scikit-learn's `coefs_[i]` transposed).
public struct DenseLayer: Sendable, Hashable, Codable {
    public var weights: [[Double]]
    public var bias: [Double]
    public var activation: Activation

    public init(weights: [[Double]], bias: [Double], activation: Activation) {
        self.weights = weights
        self.bias = bias
        self.activation = activation
    }

    public var inputs: Int { weights.first?.count ?? 0 }
    public var outputs: Int { weights.count }

    /// The layer's outputs for `input` (which has ``inputs`` values).
    public func forward(_ input: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: weights.count)
        for (j, row) in weights.enumerated() {
            var sum = bias[j]
            for (w, x) in zip(row, input) { sum += w * x }
            out[j] = activation.apply(sum)
        }
        return out
    }
}

/// A feed-forward network of dense layers.
public struct DenseNetwork: Sendable, Hashable, Codable {
    public var layers: [DenseLayer]

    public init(layers: [DenseLayer]) { self.layers = layers }

    public var inputs: Int { layers.first?.inputs ?? 0 }
    public var outputs: Int { layers.last?.outputs ?? 0 }

    /// The network's outputs for `input`.
    public func evaluate(_ input: [Double]) -> [Double] {
        layers.reduce(input) { $1.forward($0) }
    }

    /// Why the layers do not chain from `inputs` values to `outputs`, or nil when they do.
    func shapeProblem(inputs: Int, outputs: Int) -> ModelFileError? {
        guard !layers.isEmpty else { return .shape("the network has no layers") }
        var width = inputs
        for (i, layer) in layers.enumerated() {
            guard layer.outputs > 0 else { return .shape("layers[\(i)] has no outputs") }
            guard layer.bias.count == layer.outputs else {
                return .shape("layers[\(i)] has \(layer.outputs) weight rows and \(layer.bias.count) biases")
            }
            if let row = layer.weights.firstIndex(where: { $0.count != width }) {
                return .shape("layers[\(i)].weights[\(row)] has \(layer.weights[row].count) weights, the layer's input has \(width) values")
            }
            guard layer.weights.allSatisfy({ $0.allSatisfy(\.isFinite) }), layer.bias.allSatisfy(\.isFinite) else {
                return .nonFinite("layers[\(i)]")
            }
            width = layer.outputs
        }
        return width == outputs ? nil : .shape("the network ends with \(width) outputs, the file names \(outputs)")
    }
}
