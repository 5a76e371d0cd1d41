import ArenaCore
import Foundation

/// A diffusion model file made ready to run: a small conditional DDPM over
/// the action, conditioned on the file's bar features (docs/diffusion-policy.md).
///
/// The forward process noises a scaled action x₀ ∈ [−1, 1]ⁿ as
/// `x_t = √ᾱ_t · x₀ + √(1 − ᾱ_t) · ε`; the network predicts ε from the
/// normalised features, x_t and the embedding of t. The reverse process starts
/// from Gaussian noise and at each step t = T…1 estimates x₀ (clipped to
/// [−1, 1]) and draws x_{t−1} from the posterior q(x_{t−1} | x_t, x₀); the last
/// step returns the estimate of x₀. Its noise comes from a ``SeededRandom``
/// seeded by the caller, so one seed gives one result, bit for bit.
public struct DiffusionDenoiser: Sendable {
    public let inference: PolicyInference
    public let block: DiffusionBlock
    /// βₜ, αₜ = 1 − βₜ and ᾱₜ = Π αₛ for t = 1…T (index t − 1).
    public let betas: [Double], alphaBars: [Double]
    /// The time embedding of each step (index t − 1).
    let embeddings: [[Double]]

    /// `file` ready to run, or why it is not a runnable diffusion file.
    public init(_ file: ModelFile) throws(ModelFileError) {
        guard file.kind == DiffusionBlock.kind else { throw .wrongKind(found: file.kind, expected: DiffusionBlock.kind) }
        inference = try PolicyInference(file)
        guard let block = file.diffusion else { throw .inconsistent("a diffusion model file needs its diffusion block") }
        self.block = block
        betas = try block.schedule.betas(steps: block.steps)
        var product = 1.0
        alphaBars = betas.map { beta in
            product *= 1 - beta
            return product
        }
        embeddings = (1...block.steps).map { Self.timeEmbedding(step: $0, size: block.timeEmbedding) }
    }

    public var steps: Int { block.steps }

    /// The sinusoidal embedding of step `t`: for i < size/2, sin(t·ωᵢ) then cos(t·ωᵢ), ωᵢ = 100^(−i/(size/2)).
    public static func timeEmbedding(step t: Int, size: Int) -> [Double] {
        let half = size / 2
        var out = [Double](repeating: 0, count: size)
        for i in 0..<half {
            let angle = Double(t) * Foundation.pow(100, -Double(i) / Double(half))
            out[i] = Foundation.sin(angle)
            out[half + i] = Foundation.cos(angle)
        }
        return out
    }

    /// The features of a window, normalised as the network reads them.
    public func normalised(_ raw: [Double]) -> [Double] {
        zip(raw, inference.file.features.inputs).map { ($0 - $1.mean) / $1.std }
    }

    /// The network's input for normalised `features`, the scaled noisy action `x` and step `t` (1…T).
    public func networkInput(features: [Double], x: [Double], step t: Int) -> [Double] {
        features + x + embeddings[t - 1]
    }

    /// The predicted noise for that input, in the network's (scaled) space.
    func predictedNoise(features: [Double], x: [Double], step t: Int) -> [Double] {
        let out = inference.file.network.evaluate(networkInput(features: features, x: x, step: t))
        return zip(out, inference.file.outputs.values).map { $0 * $1.std + $1.mean }
    }

    /// `count` actions drawn by the reverse process for the raw features `raw`, each in the
    /// action's units (one value per ``DiffusionBlock/action`` dimension), all from `seed`.
    public func sample(features raw: [Double], seed: UInt64, count: Int = 1) -> [[Double]] {
        let features = normalised(raw)
        var noise = SeededRandom(seed: seed)
        let n = block.action.count
        return (0..<count).map { _ in
            var x = (0..<n).map { _ in noise.normal() }
            for t in stride(from: steps, through: 1, by: -1) {
                let eps = predictedNoise(features: features, x: x, step: t)
                let alphaBar = alphaBars[t - 1], beta = betas[t - 1]
                let x0 = (0..<n).map { i in min(1, max(-1, (x[i] - (1 - alphaBar).squareRoot() * eps[i]) / alphaBar.squareRoot())) }
                if t == 1 {
                    x = x0
                    break
                }
                let previous = alphaBars[t - 2]
                let c0 = previous.squareRoot() * beta / (1 - alphaBar)
                let ct = (1 - beta).squareRoot() * (1 - previous) / (1 - alphaBar)
                let deviation = (beta * (1 - previous) / (1 - alphaBar)).squareRoot()
                x = (0..<n).map { i in c0 * x0[i] + ct * x[i] + deviation * noise.normal() }
            }
            return zip(x, block.action).map { $1.unscaled($0) }
        }
    }
}

extension SeededRandom {
    /// The seed of one diffusion decision's noise: FNV-1a over `model|symbol|tick nanoseconds|file SHA-256`,
    /// mixed once more by SplitMix64. The same model, symbol, tick and file draw the same noise on every run.
    public static func decisionSeed(model: String, symbol: String, tick: Timestamp, fileSHA256: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in "\(model)|\(symbol)|\(tick.nanoseconds)|\(fileSHA256)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        var mix = SeededRandom(seed: hash)
        return mix.next()
    }
}
