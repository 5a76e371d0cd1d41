import Foundation
@testable import Learning
import Models
import Testing

/// The shared trainer: its gradient is the loss's derivative, it learns a
/// known function, and a seed fixes every bit of the result.
@Suite struct NetworkTrainerTests {
    /// y = (sin(x0) + x1·x2, x0 − x2): two outputs, so a denoiser-like shape is covered.
    static func examples(_ n: Int, seed: UInt64) -> TrainingSet {
        var random = SeededRandom(seed: seed)
        var inputs: [[Double]] = [], targets: [[Double]] = []
        for _ in 0..<n {
            let x = (0..<3).map { _ in random.normal() }
            inputs.append(x)
            targets.append([Foundation.sin(x[0]) + x[1] * x[2], x[0] - x[2]])
        }
        return TrainingSet(inputs: inputs, targets: targets)
    }

    @Test(arguments: [Activation.relu, .tanh, .logistic, .identity])
    func theGradientIsTheLossesDerivative(activation: Activation) {
        var random = SeededRandom(seed: 7)
        let network = NetworkTrainer.initialNetwork(
            NetworkShape(inputs: 3, hidden: [5, 4], outputs: 2, hiddenActivation: activation, outputActivation: activation), random: &random
        )
        let set = Self.examples(6, seed: 3)
        var trainable = TrainableNetwork(network)
        var gradient = [Double](repeating: 0, count: trainable.parameters.count)
        var scratch = trainable.scratch()
        let scale = 1 / Double(set.count * 2)
        for i in 0..<set.count { trainable.accumulate(set.inputs[i], set.targets[i], scale: scale, into: &gradient, scratch: &scratch) }
        #expect(trainable.network == network, "the flat parameters map back to the same network")
        #expect(trainable.meanSquaredError(set, scratch: &scratch) == NetworkTrainer.meanSquaredError(network, set), "the inference path's arithmetic")
        // Central differences on every weight and bias of every layer.
        for p in trainable.parameters.indices {
            let h = 1e-6, w = trainable.parameters[p]
            trainable.parameters[p] = w + h
            let up = NetworkTrainer.meanSquaredError(trainable.network, set)
            trainable.parameters[p] = w - h
            let down = NetworkTrainer.meanSquaredError(trainable.network, set)
            trainable.parameters[p] = w
            let numeric = (up - down) / (2 * h)
            #expect(abs(numeric - gradient[p]) < 1e-6 + 1e-4 * abs(numeric), "parameter \(p)")
        }
    }

    @Test func itLearnsAKnownFunctionAndStopsEarly() throws {
        var random = SeededRandom(seed: 11)
        let initial = NetworkTrainer.initialNetwork(NetworkShape(inputs: 3, hidden: [16], outputs: 2, hiddenActivation: .tanh), random: &random)
        let train = Self.examples(400, seed: 1), validation = Self.examples(150, seed: 2)
        let before = NetworkTrainer.meanSquaredError(initial, validation)
        let settings = TrainerSettings(learningRate: 0.01, l2: 0, batchSize: 32, maxEpochs: 40, patience: 5, seed: 5)
        let trained = try NetworkTrainer.train(initial, on: train, validation: validation, settings: settings)
        #expect(trained.validationLoss < before / 5, "validation MSE \(before) → \(trained.validationLoss)")
        #expect(trained.bestEpoch >= 1 && trained.bestEpoch <= trained.epochs)
        #expect(trained.validationLoss == NetworkTrainer.meanSquaredError(trained.network, validation), "the best epoch's network is returned")
        // The same everything gives the same bits; another seed does not.
        #expect(try NetworkTrainer.train(initial, on: train, validation: validation, settings: settings) == trained)
        var other = settings
        other.seed = 6
        #expect(try NetworkTrainer.train(initial, on: train, validation: validation, settings: other).network != trained.network)
    }

    @Test func badInputsAreTypedErrors() {
        var random = SeededRandom(seed: 1)
        let network = NetworkTrainer.initialNetwork(NetworkShape(inputs: 3, hidden: [2], outputs: 2), random: &random)
        let set = Self.examples(10, seed: 1)
        #expect(throws: TrainingError.noExamples("the validation set is empty")) {
            try NetworkTrainer.train(network, on: set, validation: TrainingSet(inputs: [], targets: []), settings: TrainerSettings())
        }
        let narrow = TrainingSet(inputs: set.inputs.map { Array($0.prefix(2)) }, targets: set.targets)
        #expect(throws: TrainingError.self) { try NetworkTrainer.train(network, on: narrow, validation: set, settings: TrainerSettings()) }
        #expect(throws: TrainingError.diverged(epoch: 1)) {
            try NetworkTrainer.train(network, on: set, validation: set, settings: TrainerSettings(learningRate: 1e200))
        }
    }
}
