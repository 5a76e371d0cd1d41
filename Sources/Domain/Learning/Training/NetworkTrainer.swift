import Foundation
import Models

/// Examples for a network: one input row and one target row each (already normalised).
public struct TrainingSet: Sendable, Hashable {
    public var inputs: [[Double]]
    public var targets: [[Double]]

    public init(inputs: [[Double]], targets: [[Double]]) {
        precondition(inputs.count == targets.count, "\(inputs.count) inputs and \(targets.count) targets")
        self.inputs = inputs
        self.targets = targets
    }

    public var count: Int { inputs.count }
}

/// How ``NetworkTrainer`` trains: Adam on minibatches of the mean squared error
/// plus L2, early stopping on the validation loss.
public struct TrainerSettings: Sendable, Hashable {
    /// Adam's step size.
    public var learningRate: Double
    /// The L2 penalty: `l2 / 2 · Σ w²` over the weights (not the biases) is added to the loss.
    public var l2: Double
    public var batchSize: Int
    public var maxEpochs: Int
    /// Epochs without a new best validation loss before training stops.
    public var patience: Int
    /// Seeds the minibatch order (and, through ``NetworkTrainer/initialNetwork(_:random:)``, the weights).
    public var seed: UInt64

    public init(learningRate: Double = 1e-3, l2: Double = 1e-4, batchSize: Int = 64, maxEpochs: Int = 100, patience: Int = 8, seed: UInt64 = 1) {
        self.learningRate = learningRate
        self.l2 = l2
        self.batchSize = batchSize
        self.maxEpochs = maxEpochs
        self.patience = patience
        self.seed = seed
    }
}

/// The layers of a network to initialise: its input width, hidden widths and activations.
public struct NetworkShape: Sendable, Hashable {
    public var inputs: Int
    public var hidden: [Int]
    public var outputs: Int
    public var hiddenActivation: Activation
    public var outputActivation: Activation

    public init(inputs: Int, hidden: [Int], outputs: Int, hiddenActivation: Activation = .relu, outputActivation: Activation = .identity) {
        self.inputs = inputs
        self.hidden = hidden
        self.outputs = outputs
        self.hiddenActivation = hiddenActivation
        self.outputActivation = outputActivation
    }
}

/// A trained network and how its training went.
public struct TrainedNetwork: Sendable, Hashable {
    /// The network of the epoch with the lowest validation loss.
    public var network: DenseNetwork
    /// That epoch (1-based) and the epochs run in all.
    public var bestEpoch: Int, epochs: Int
    /// The mean squared error (without the L2 term) of the returned network on the training and validation examples.
    public var trainingLoss: Double, validationLoss: Double
}

/// Why training could not run or did not converge.
public enum TrainingError: Error, Hashable, CustomStringConvertible {
    case noExamples(String)
    case shape(String)
    case diverged(epoch: Int)
    case badSettings(String)

    public var description: String {
        switch self {
        case .noExamples(let what): "no examples to train on: \(what)"
        case .shape(let what): "the examples do not fit the network: \(what)"
        case .diverged(let epoch): "training diverged at epoch \(epoch) (a non-finite loss): lower the learning rate"
        case .badSettings(let what): "bad training settings: \(what)"
        }
    }
}

/// Trains a ``DenseNetwork`` (any depth; relu, tanh, logistic or identity
/// layers; any number of outputs) by backpropagation of the mean squared
/// error, with L2, Adam and minibatches, stopping early on a validation loss.
///
/// Deterministic: one thread, fixed loop order, a seeded generator; the same
/// examples, network and settings give the same bits.
public enum NetworkTrainer {
    /// A network of `shape` with He-normal weights before relu layers and Glorot-normal ones before
    /// the others (std √(2 / fan-in) and √(2 / (fan-in + fan-out))), zero biases.
    public static func initialNetwork(_ shape: NetworkShape, random: inout SeededRandom) -> DenseNetwork {
        let widths = [shape.inputs] + shape.hidden + [shape.outputs]
        var layers: [DenseLayer] = []
        for l in 1..<widths.count {
            let fanIn = widths[l - 1], fanOut = widths[l]
            let activation = l == widths.count - 1 ? shape.outputActivation : shape.hiddenActivation
            let std = activation == .relu ? (2 / Double(fanIn)).squareRoot() : (2 / Double(fanIn + fanOut)).squareRoot()
            let weights = (0..<fanOut).map { _ in (0..<fanIn).map { _ in random.normal() * std } }
            layers.append(DenseLayer(weights: weights, bias: [Double](repeating: 0, count: fanOut), activation: activation))
        }
        return DenseNetwork(layers: layers)
    }

    /// Trains `initial` on `examples`, keeping the epoch with the lowest loss on `validation`.
    public static func train(
        _ initial: DenseNetwork, on examples: TrainingSet, validation: TrainingSet, settings: TrainerSettings
    ) throws(TrainingError) -> TrainedNetwork {
        try train(initial, validation: validation, settings: settings) { _, _ in examples }
    }

    /// Trains `initial` on the examples `epochExamples` gives for each epoch (1-based) — fresh noise for a
    /// denoiser, say, drawn from the generator it is passed — keeping the epoch with the lowest loss on `validation`.
    public static func train(
        _ initial: DenseNetwork, validation: TrainingSet, settings: TrainerSettings,
        epochExamples: (_ epoch: Int, _ random: inout SeededRandom) -> TrainingSet
    ) throws(TrainingError) -> TrainedNetwork {
        guard settings.batchSize > 0, settings.maxEpochs > 0, settings.patience > 0 else {
            throw .badSettings("batch size, epochs and patience must be positive")
        }
        guard settings.learningRate > 0, settings.learningRate.isFinite, settings.l2 >= 0 else {
            throw .badSettings("the learning rate must be positive and L2 non-negative")
        }
        guard validation.count > 0 else { throw .noExamples("the validation set is empty") }
        try check(validation, fits: initial, name: "validation")
        var random = SeededRandom(seed: settings.seed)
        var network = TrainableNetwork(initial)
        var scratch = network.scratch()
        var adam = AdamOptimizer(for: network, rate: settings.learningRate, l2: settings.l2)
        var best = (parameters: network.parameters, epoch: 0, loss: network.meanSquaredError(validation, scratch: &scratch))
        var epoch = 0, lastExamples = TrainingSet(inputs: [], targets: [])
        while epoch < settings.maxEpochs, epoch - best.epoch < settings.patience {
            epoch += 1
            let examples = epochExamples(epoch, &random)
            guard examples.count > 0 else { throw .noExamples("epoch \(epoch) has no training examples") }
            try check(examples, fits: initial, name: "training epoch \(epoch)")
            var order = Array(0..<examples.count)
            random.shuffle(&order)
            for start in stride(from: 0, to: order.count, by: settings.batchSize) {
                let batch = order[start..<min(start + settings.batchSize, order.count)]
                var gradient = [Double](repeating: 0, count: network.parameters.count)
                let scale = 1 / Double(batch.count * initial.outputs)
                for i in batch { network.accumulate(examples.inputs[i], examples.targets[i], scale: scale, into: &gradient, scratch: &scratch) }
                adam.step(&network, gradient)
            }
            let loss = network.meanSquaredError(validation, scratch: &scratch)
            guard loss.isFinite else { throw .diverged(epoch: epoch) }
            if loss < best.loss { best = (network.parameters, epoch, loss) }
            lastExamples = examples
        }
        network.parameters = best.parameters
        let trained = network.network
        return TrainedNetwork(
            network: trained, bestEpoch: best.epoch, epochs: epoch,
            trainingLoss: meanSquaredError(trained, lastExamples), validationLoss: meanSquaredError(trained, validation)
        )
    }

    /// The mean over examples and outputs of (output − target)².
    public static func meanSquaredError(_ network: DenseNetwork, _ set: TrainingSet) -> Double {
        guard set.count > 0 else { return .nan }
        var sum = 0.0
        for (input, target) in zip(set.inputs, set.targets) {
            for (y, t) in zip(network.evaluate(input), target) { sum += (y - t) * (y - t) }
        }
        return sum / Double(set.count * network.outputs)
    }

    static func check(_ set: TrainingSet, fits network: DenseNetwork, name: String) throws(TrainingError) {
        if let row = set.inputs.firstIndex(where: { $0.count != network.inputs }) {
            throw .shape("\(name) input \(row) has \(set.inputs[row].count) values, the network reads \(network.inputs)")
        }
        if let row = set.targets.firstIndex(where: { $0.count != network.outputs }) {
            throw .shape("\(name) target \(row) has \(set.targets[row].count) values, the network gives \(network.outputs)")
        }
        if set.inputs.contains(where: { !$0.allSatisfy(\.isFinite) }) || set.targets.contains(where: { !$0.allSatisfy(\.isFinite) }) {
            throw .shape("\(name) holds a non-finite value")
        }
    }
}
