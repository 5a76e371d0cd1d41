import ArenaCore
import Foundation
import Learning
import Models

/// Diffusion inference cost: one decision of the shipped diffusion policy (the reverse process at
/// the file's number of steps, the policy's default samples, averaged into a reading) against one
/// forward pass of the same MLP-sized denoiser network, measured in the same run.
enum DiffusionBench {
    static let file = "config/models/diffusion-5m.json"

    static func run(quick: Bool) throws -> [BenchResult] {
        let loaded = try ModelFileReader.load(file)
        let denoiser = try DiffusionDenoiser(loaded.file)
        let samples = 4, threshold = 0.5
        // Features of a plausible bar: the file's own means.
        let features = loaded.file.features.inputs.map(\.mean)
        let input = denoiser.networkInput(features: denoiser.normalised(features), x: [0.1, -0.2], step: 1)
        let decisions = quick ? 20 : 400, passes = decisions * denoiser.steps * samples
        var checksum = 0.0, tick: UInt64 = 0
        let decisionRate = BenchHarness.bestRate(iterations: decisions, rounds: quick ? 1 : 5) {
            tick &+= 1
            checksum += denoiser.reading(features: features, seed: tick, samples: samples, threshold: threshold).target
        }
        let passRate = BenchHarness.bestRate(iterations: passes, rounds: quick ? 1 : 5) {
            checksum += loaded.file.network.evaluate(input)[0]
        }
        guard checksum.isFinite else { throw BenchError.failed("the diffusion checksum is not finite") }
        let shape = loaded.file.network.layers.map { "\($0.outputs)" }.joined(separator: "-")
        return [
            BenchResult(
                name: "diffusion decision (\(denoiser.steps) steps × \(samples) samples, \(loaded.file.network.inputs)-\(shape) denoiser), one core",
                value: decisionRate, unit: "decisions/s",
                baseline: "one forward pass of the same network (an MLP decision's cost)", baselineValue: passRate, ratio: decisionRate / passRate
            )
        ]
    }
}
