import Foundation
import Models

/// A ``DenseNetwork`` as flat parameter arrays, with the gradient of the mean
/// squared error and an Adam step: the arithmetic of ``NetworkTrainer``.
///
/// Every loop runs in a fixed order on one thread, so the same inputs give
/// the same bits.
struct TrainableNetwork {
    struct Layer {
        let inputs: Int, outputs: Int
        let activation: Activation
        /// Row-major, one row per output (as ``DenseLayer/weights``).
        var weights: [Double]
        var bias: [Double]
    }

    var layers: [Layer]

    init(_ network: DenseNetwork) {
        layers = network.layers.map { layer in
            Layer(inputs: layer.inputs, outputs: layer.outputs, activation: layer.activation, weights: layer.weights.flatMap { $0 }, bias: layer.bias)
        }
    }

    /// The trained parameters as a ``DenseNetwork``.
    var network: DenseNetwork {
        DenseNetwork(layers: layers.map { layer in
            DenseLayer(
                weights: (0..<layer.outputs).map { j in Array(layer.weights[(j * layer.inputs)..<((j + 1) * layer.inputs)]) },
                bias: layer.bias, activation: layer.activation
            )
        })
    }

    /// Every layer's activations for `input`, the input first and the output last.
    func activations(_ input: [Double]) -> [[Double]] {
        var values = [input]
        values.reserveCapacity(layers.count + 1)
        for layer in layers {
            let x = values[values.count - 1]
            var out = [Double](repeating: 0, count: layer.outputs)
            for j in 0..<layer.outputs {
                var sum = layer.bias[j]
                let row = j * layer.inputs
                for i in 0..<layer.inputs { sum += layer.weights[row + i] * x[i] }
                out[j] = layer.activation.apply(sum)
            }
            values.append(out)
        }
        return values
    }

    /// Σ w² over the weights (not the biases): the L2 penalty's sum.
    var squaredWeights: Double {
        var sum = 0.0
        for layer in layers { for w in layer.weights { sum += w * w } }
        return sum
    }

    /// A zero gradient of this network's shape.
    func zeroGradient() -> Gradient {
        Gradient(weights: layers.map { [Double](repeating: 0, count: $0.weights.count) }, bias: layers.map { [Double](repeating: 0, count: $0.outputs) })
    }

    /// Adds to `gradient` the gradient of `scale · Σ (output − target)²` for one example.
    func accumulate(_ input: [Double], _ target: [Double], scale: Double, into gradient: inout Gradient) {
        let values = activations(input)
        let output = values[layers.count]
        // dLoss/d(pre-activation) of the layer being walked, last layer first.
        var delta = [Double](repeating: 0, count: output.count)
        for k in 0..<output.count { delta[k] = 2 * scale * (output[k] - target[k]) * layers[layers.count - 1].activation.slope(output: output[k]) }
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[l], x = values[l]
            for j in 0..<layer.outputs {
                gradient.bias[l][j] += delta[j]
                let row = j * layer.inputs
                for i in 0..<layer.inputs { gradient.weights[l][row + i] += delta[j] * x[i] }
            }
            guard l > 0 else { break }
            let below = layers[l - 1]
            var next = [Double](repeating: 0, count: layer.inputs)
            for i in 0..<layer.inputs {
                var sum = 0.0
                for j in 0..<layer.outputs { sum += layer.weights[j * layer.inputs + i] * delta[j] }
                next[i] = sum * below.activation.slope(output: x[i])
            }
            delta = next
        }
    }

    /// The gradient of every weight and bias, in ``layers`` order.
    struct Gradient {
        var weights: [[Double]]
        var bias: [[Double]]
    }
}

/// Adam (Kingma and Ba, 2015) with bias correction, and L2 added to the weights' gradient.
struct AdamOptimizer {
    let rate: Double, beta1: Double, beta2: Double, epsilon: Double, l2: Double
    private var first: TrainableNetwork.Gradient
    private var second: TrainableNetwork.Gradient
    private var steps = 0

    init(for network: TrainableNetwork, rate: Double, l2: Double, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.rate = rate
        self.l2 = l2
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        first = network.zeroGradient()
        second = network.zeroGradient()
    }

    /// Moves `network` one step against `gradient`.
    mutating func step(_ network: inout TrainableNetwork, _ gradient: TrainableNetwork.Gradient) {
        steps += 1
        let t = Double(steps)
        let corrected = rate * (1 - Foundation.pow(beta2, t)).squareRoot() / (1 - Foundation.pow(beta1, t))
        for l in network.layers.indices {
            for p in network.layers[l].weights.indices {
                let g = gradient.weights[l][p] + l2 * network.layers[l].weights[p]
                network.layers[l].weights[p] -= update(g, &first.weights[l][p], &second.weights[l][p], corrected)
            }
            for p in network.layers[l].bias.indices {
                network.layers[l].bias[p] -= update(gradient.bias[l][p], &first.bias[l][p], &second.bias[l][p], corrected)
            }
        }
    }

    private func update(_ g: Double, _ m: inout Double, _ v: inout Double, _ corrected: Double) -> Double {
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        return corrected * m / (v.squareRoot() + epsilon)
    }
}

extension Activation {
    /// The derivative at the point whose output is `y` (every supported activation's slope is a function of its output).
    func slope(output y: Double) -> Double {
        switch self {
        case .relu: y > 0 ? 1 : 0
        case .tanh: 1 - y * y
        case .logistic: y * (1 - y)
        case .identity: 1
        }
    }
}
