import Foundation
import Models

/// A ``DenseNetwork`` as one flat parameter array, with the gradient of the
/// squared error and an Adam step: the arithmetic of ``NetworkTrainer``.
///
/// Flat arrays and reused scratch buffers, because a training run evaluates the
/// network millions of times and per-example allocations dominated it. Every
/// loop runs in a fixed order on one thread, so the same inputs give the same
/// bits; the forward pass adds in ``DenseLayer/forward(_:)``'s order, so its
/// outputs equal the inference path's.
struct TrainableNetwork {
    /// Where a layer's weights (row-major, one row per output), biases and outputs live.
    struct Layer {
        let inputs: Int, outputs: Int
        let activation: Activation
        let weights: Int, bias: Int
        /// The offset of the layer's input in the activation buffer; its output follows at `input + inputs`.
        let input: Int
    }

    let layers: [Layer]
    var parameters: [Double]
    /// Slots of the activation buffer: the input and every layer's output.
    let valueCount: Int

    init(_ network: DenseNetwork) {
        var layers: [Layer] = [], parameters: [Double] = [], input = 0
        for layer in network.layers {
            let weights = parameters.count
            for row in layer.weights { parameters += row }
            let bias = parameters.count
            parameters += layer.bias
            layers.append(Layer(inputs: layer.inputs, outputs: layer.outputs, activation: layer.activation, weights: weights, bias: bias, input: input))
            input += layer.inputs
        }
        self.layers = layers
        self.parameters = parameters
        valueCount = input + (layers.last?.outputs ?? 0)
    }

    /// The parameters as a ``DenseNetwork``.
    var network: DenseNetwork {
        DenseNetwork(layers: layers.map { l in
            DenseLayer(
                weights: (0..<l.outputs).map { j in Array(parameters[(l.weights + j * l.inputs)..<(l.weights + (j + 1) * l.inputs)]) },
                bias: Array(parameters[l.bias..<(l.bias + l.outputs)]), activation: l.activation
            )
        })
    }

    /// True for each parameter that is a weight (L2 applies), false for a bias.
    var isWeight: [Bool] {
        var mask = [Bool](repeating: false, count: parameters.count)
        for l in layers { for p in l.weights..<(l.weights + l.inputs * l.outputs) { mask[p] = true } }
        return mask
    }

    /// Buffers one example's pass reuses.
    struct Scratch {
        var values: [Double]
        var delta: [Double]
        var next: [Double]
    }

    func scratch() -> Scratch {
        let widest = layers.map { max($0.inputs, $0.outputs) }.max() ?? 0
        return Scratch(values: [Double](repeating: 0, count: valueCount), delta: [Double](repeating: 0, count: widest), next: [Double](repeating: 0, count: widest))
    }

    /// Runs `input` forward, leaving every layer's activations in `values`.
    func forward(_ input: [Double], values: UnsafeMutableBufferPointer<Double>) {
        for i in input.indices { values[i] = input[i] }
        parameters.withUnsafeBufferPointer { p in
            for l in layers {
                let out = l.input + l.inputs
                for j in 0..<l.outputs {
                    var sum = p[l.bias + j]
                    let row = l.weights + j * l.inputs
                    for i in 0..<l.inputs { sum += p[row + i] * values[l.input + i] }
                    values[out + j] = l.activation.apply(sum)
                }
            }
        }
    }

    /// Adds to `gradient` the gradient of `scale · Σ (output − target)²` for one example.
    func accumulate(_ input: [Double], _ target: [Double], scale: Double, into gradient: inout [Double], scratch: inout Scratch) {
        guard let top = layers.last else { return }
        scratch.values.withUnsafeMutableBufferPointer { values in
            forward(input, values: values)
            scratch.delta.withUnsafeMutableBufferPointer { delta in
                scratch.next.withUnsafeMutableBufferPointer { next in
                    gradient.withUnsafeMutableBufferPointer { g in
                        parameters.withUnsafeBufferPointer { p in
                            let output = top.input + top.inputs
                            // dLoss/d(pre-activation) of the layer being walked, the last first.
                            for k in 0..<top.outputs {
                                let y = values[output + k]
                                delta[k] = 2 * scale * (y - target[k]) * top.activation.slope(output: y)
                            }
                            for index in stride(from: layers.count - 1, through: 0, by: -1) {
                                let l = layers[index]
                                for j in 0..<l.outputs {
                                    g[l.bias + j] += delta[j]
                                    let row = l.weights + j * l.inputs
                                    for i in 0..<l.inputs { g[row + i] += delta[j] * values[l.input + i] }
                                }
                                guard index > 0 else { break }
                                let below = layers[index - 1].activation
                                for i in 0..<l.inputs {
                                    var sum = 0.0
                                    for j in 0..<l.outputs { sum += p[l.weights + j * l.inputs + i] * delta[j] }
                                    next[i] = sum * below.slope(output: values[l.input + i])
                                }
                                for i in 0..<l.inputs { delta[i] = next[i] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The mean over examples and outputs of (output − target)², on the reused buffers.
    func meanSquaredError(_ set: TrainingSet, scratch: inout Scratch) -> Double {
        guard let top = layers.last, set.count > 0 else { return .nan }
        var sum = 0.0
        scratch.values.withUnsafeMutableBufferPointer { values in
            for (input, target) in zip(set.inputs, set.targets) {
                forward(input, values: values)
                for k in 0..<top.outputs {
                    let e = values[top.input + top.inputs + k] - target[k]
                    sum += e * e
                }
            }
        }
        return sum / Double(set.count * top.outputs)
    }
}

/// Adam (Kingma and Ba, 2015) with bias correction, and L2 added to the weights' gradient.
struct AdamOptimizer {
    let rate: Double, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, l2: Double
    let isWeight: [Bool]
    private var first: [Double], second: [Double]
    private var steps = 0

    init(for network: TrainableNetwork, rate: Double, l2: Double) {
        self.rate = rate
        self.l2 = l2
        isWeight = network.isWeight
        first = [Double](repeating: 0, count: network.parameters.count)
        second = first
    }

    /// Moves `network` one step against `gradient`.
    mutating func step(_ network: inout TrainableNetwork, _ gradient: [Double]) {
        steps += 1
        let t = Double(steps)
        let corrected = rate * (1 - Foundation.pow(beta2, t)).squareRoot() / (1 - Foundation.pow(beta1, t))
        let (beta1, beta2, epsilon, l2) = (beta1, beta2, epsilon, l2)
        isWeight.withUnsafeBufferPointer { weight in
            first.withUnsafeMutableBufferPointer { m in
                second.withUnsafeMutableBufferPointer { v in
                    network.parameters.withUnsafeMutableBufferPointer { p in
                        for k in 0..<p.count {
                            let g = gradient[k] + (weight[k] ? l2 * p[k] : 0)
                            m[k] = beta1 * m[k] + (1 - beta1) * g
                            v[k] = beta2 * v[k] + (1 - beta2) * g * g
                            p[k] -= corrected * m[k] / (v[k].squareRoot() + epsilon)
                        }
                    }
                }
            }
        }
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
