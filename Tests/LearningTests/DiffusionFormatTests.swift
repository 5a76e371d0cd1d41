import ArenaCore
import Foundation
import Learning
import Models
import Testing

/// The diffusion block of a model file (docs/diffusion-policy.md) and the reverse process.
@Suite struct DiffusionFormatTests {
    /// A small diffusion file with random weights: 5 features, 2 action dimensions, an embedding of 4.
    static func sample(seed: UInt64 = 1, schedule: DiffusionBlock.BetaSchedule = .cosine()) -> ModelFile {
        var random = SeededRandom(seed: seed)
        let features = PolicyFeature.barsV1.prefix(5)
        let block = DiffusionBlock(
            steps: 10, schedule: schedule,
            action: [.init(name: "target_position", low: -1, high: 1), .init(name: "size", low: 0, high: 1)], timeEmbedding: 4
        )
        let network = NetworkTrainer.initialNetwork(NetworkShape(inputs: 5 + 2 + 4, hidden: [6], outputs: 2), random: &random)
        return ModelFile(
            kind: "diffusion",
            features: .init(timeframe: .m5, inputs: features.map { ScaledValue(name: $0.rawValue, mean: random.normal() * 1e-3, std: 0.5 + abs(random.normal())) }),
            network: network,
            outputs: .init(values: [ScaledValue(name: "noise_target_position", mean: 0, std: 1), ScaledValue(name: "noise_size", mean: 0, std: 1)], horizonBars: 1),
            training: .init(
                tool: "test", data: ["a.csv"], symbols: ["BTCUSDT"], from: "2023-03-16T00:00:00Z", until: "2023-04-01T00:00:00Z", seed: seed,
                split: "none", metrics: [:], notes: ["SYNTHETIC test file"]
            ),
            diffusion: block
        )
    }

    @Test func aRoundTripKeepsTheBlockAndMLPFilesHaveNone() throws {
        for schedule in [DiffusionBlock.BetaSchedule.cosine(), .linear(start: 1e-4, end: 0.2)] {
            let model = Self.sample(schedule: schedule)
            let bytes = model.encoded()
            let back = try ModelFile.decode(bytes)
            #expect(back == model)
            #expect(back.encoded() == bytes)
            #expect(String(decoding: bytes, as: UTF8.self).contains("\"time_embedding\" : 4"))
        }
        let mlp = ModelFileTests.sample()
        #expect(!String(decoding: mlp.encoded(), as: UTF8.self).contains("diffusion"), "an mlp file's bytes are as before the block existed")
    }

    @Test func inconsistentBlocksAreTypedErrors() throws {
        var model = Self.sample()
        model.diffusion = nil
        expect(model, is: .inconsistent("a diffusion model file needs its diffusion block"))

        var mlp = ModelFileTests.sample()
        mlp.diffusion = Self.sample().diffusion
        expect(mlp, is: .inconsistent("a diffusion block in a 'mlp' model file"))

        model = Self.sample()
        model.diffusion!.timeEmbedding = 6
        expect(model, is: .shape("layers[0].weights[0] has 11 weights, the layer's input has 13 values"))

        model = Self.sample()
        model.diffusion!.timeEmbedding = 3
        expect(model, is: .inconsistent("time_embedding is 3, an even number ≥ 2 is needed"))

        model = Self.sample()
        model.diffusion!.steps = 0
        expect(model, is: .inconsistent("the diffusion has 0 steps, 1…1000 are allowed"))

        model = Self.sample()
        model.diffusion!.schedule.kind = "sigmoid"
        expect(model, is: .inconsistent("unknown beta schedule 'sigmoid' (linear or cosine)"))

        model = Self.sample(schedule: .linear(start: 0.2, end: 0.01))
        expect(model, is: .inconsistent("schedule beta_start 0.2 is above beta_end 0.01"))

        model = Self.sample(schedule: .linear(start: 1e-4, end: 1.5))
        expect(model, is: .inconsistent("schedule beta_end is 1.5, it must lie in (0, 1)"))

        model = Self.sample()
        model.diffusion!.schedule.betaStart = 0.1
        expect(model, is: .inconsistent("a cosine schedule has no beta_start or beta_end"))

        model = Self.sample()
        model.diffusion!.action[1].high = 0
        expect(model, is: .badScale("size"))

        model = Self.sample()
        model.outputs.values[1].name = "size"
        expect(model, is: .inconsistent("a diffusion network outputs the predicted noise [\"noise_target_position\", \"noise_size\"], the file names [\"noise_target_position\", \"size\"]"))
    }

    @Test func theScheduleIsTheOneDocumented() throws {
        let linear = try DiffusionBlock.BetaSchedule.linear(start: 0.1, end: 0.3).betas(steps: 3)
        #expect(linear.map { ($0 * 1e12).rounded() / 1e12 } == [0.1, 0.2, 0.3])
        let cosine = try DiffusionBlock.BetaSchedule.cosine(offset: 0, maxBeta: 0.999).betas(steps: 2)
        // ᾱ(1) = cos²(π/4) = ½, ᾱ(2) = cos²(π/2) = 0: β₁ = ½, β₂ = 1 capped at 0.999.
        #expect(abs(cosine[0] - 0.5) < 1e-12 && cosine[1] == 0.999)
    }

    @Test func theReverseProcessIsFixedBySeedAndDiffersAcrossSeeds() throws {
        let denoiser = try DiffusionDenoiser(Self.sample())
        let features = [0.001, -0.002, 0.003, 0.0, 0.01]
        let a = denoiser.sample(features: features, seed: 42, count: 3)
        let b = denoiser.sample(features: features, seed: 42, count: 3)
        #expect(a.flatMap { $0 }.map(\.bitPattern) == b.flatMap { $0 }.map(\.bitPattern))
        let c = denoiser.sample(features: features, seed: 43, count: 3)
        #expect(a != c)
        for action in a + c {
            #expect((-1...1).contains(action[0]) && (0...1).contains(action[1]))
        }
        let tick = Timestamp(milliseconds: 1_680_307_200_000)
        let seed = SeededRandom.decisionSeed(model: "diffusion-5m", symbol: "BTCUSDT", tick: tick, fileSHA256: "ab")
        #expect(seed == SeededRandom.decisionSeed(model: "diffusion-5m", symbol: "BTCUSDT", tick: tick, fileSHA256: "ab"))
        #expect(seed != SeededRandom.decisionSeed(model: "diffusion-5m", symbol: "BTCUSDT", tick: tick.advanced(by: .seconds(300)), fileSHA256: "ab"))
        #expect(seed != SeededRandom.decisionSeed(model: "diffusion-5m", symbol: "BTCUSDT", tick: tick, fileSHA256: "ac"))
        #expect(seed != SeededRandom.decisionSeed(model: "other", symbol: "BTCUSDT", tick: tick, fileSHA256: "ab"))
        let reading = denoiser.reading(features: features, seed: seed, samples: 8, threshold: 0.5)
        #expect(abs(reading.long + reading.flat + reading.short - 1) < 1e-12)
    }

    func expect(_ model: ModelFile, is expected: ModelFileError, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try ModelFile.decode(model.encoded())
            Issue.record("accepted: expected \(expected)", sourceLocation: sourceLocation)
        } catch {
            #expect(error == expected, sourceLocation: sourceLocation)
        }
    }
}
