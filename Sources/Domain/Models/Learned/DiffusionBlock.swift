import Foundation

/// The part of a model file only kind `diffusion` has (docs/diffusion-policy.md):
/// how many denoising steps, the noise (beta) schedule, the action's named
/// dimensions with the range each is scaled from, and the size of the
/// sinusoidal time embedding.
///
/// The network of a diffusion file is the denoiser: its inputs are the
/// normalised features, then the noisy action (one value per dimension, in
/// the scaled space [−1, 1]), then the time embedding; its outputs are the
/// predicted noise, one per action dimension, named `noise_<dimension>`.
public struct DiffusionBlock: Sendable, Hashable, Codable {
    /// The model kind whose files carry this block.
    public static let kind = "diffusion"
    /// The limits a file's step count must respect.
    public static let stepRange = 1...1_000

    public var steps: Int
    public var schedule: BetaSchedule
    public var action: [ActionDimension]
    public var timeEmbedding: Int

    public init(steps: Int, schedule: BetaSchedule, action: [ActionDimension], timeEmbedding: Int) {
        self.steps = steps
        self.schedule = schedule
        self.action = action
        self.timeEmbedding = timeEmbedding
    }

    enum CodingKeys: String, CodingKey {
        case steps, schedule, action
        case timeEmbedding = "time_embedding"
    }

    /// The name of the network output that predicts the noise of `dimension`.
    public static func noiseOutput(_ dimension: String) -> String { "noise_" + dimension }

    /// The noise schedule β₁…β_T: `linear` from `beta_start` to `beta_end`, or `cosine`
    /// (Nichol & Dhariwal 2021) with the offset `s` and each β capped at `max_beta`.
    public struct BetaSchedule: Sendable, Hashable, Codable {
        public var kind: String
        public var betaStart: Double?
        public var betaEnd: Double?
        public var offset: Double?
        public var maxBeta: Double?

        public static func linear(start: Double, end: Double) -> BetaSchedule {
            BetaSchedule(kind: "linear", betaStart: start, betaEnd: end, offset: nil, maxBeta: nil)
        }

        public static func cosine(offset: Double = 0.008, maxBeta: Double = 0.999) -> BetaSchedule {
            BetaSchedule(kind: "cosine", betaStart: nil, betaEnd: nil, offset: offset, maxBeta: maxBeta)
        }

        enum CodingKeys: String, CodingKey {
            case kind, offset
            case betaStart = "beta_start", betaEnd = "beta_end", maxBeta = "max_beta"
        }

        /// β₁…β_`steps`, or why the schedule's parameters cannot give them.
        public func betas(steps: Int) throws(ModelFileError) -> [Double] {
            func unit(_ name: String, _ value: Double?) throws(ModelFileError) -> Double {
                guard let value else { throw .inconsistent("the \(kind) schedule needs \(name)") }
                guard value.isFinite, value > 0, value < 1 else { throw .inconsistent("schedule \(name) is \(value), it must lie in (0, 1)") }
                return value
            }
            switch kind {
            case "linear":
                guard offset == nil, maxBeta == nil else { throw .inconsistent("a linear schedule has no offset or max_beta") }
                let start = try unit("beta_start", betaStart), end = try unit("beta_end", betaEnd)
                guard start <= end else { throw .inconsistent("schedule beta_start \(start) is above beta_end \(end)") }
                return (0..<steps).map { steps == 1 ? start : start + (end - start) * Double($0) / Double(steps - 1) }
            case "cosine":
                guard betaStart == nil, betaEnd == nil else { throw .inconsistent("a cosine schedule has no beta_start or beta_end") }
                let cap = try unit("max_beta", maxBeta)
                guard let s = offset, s.isFinite, s >= 0, s < 1 else { throw .inconsistent("schedule offset must lie in [0, 1)") }
                func f(_ t: Int) -> Double {
                    let c = Foundation.cos((Double(t) / Double(steps) + s) / (1 + s) * .pi / 2)
                    return c * c
                }
                return (1...steps).map { t in min(1 - f(t) / f(t - 1), cap) }
            default:
                throw .inconsistent("unknown beta schedule '\(kind)' (linear or cosine)")
            }
        }
    }

    /// One dimension of the action: its name and the range that is scaled to [−1, 1] for the network.
    public struct ActionDimension: Sendable, Hashable, Codable {
        public var name: String
        public var low: Double
        public var high: Double

        public init(name: String, low: Double, high: Double) {
            self.name = name
            self.low = low
            self.high = high
        }

        /// `value` in the network's space: `low` → −1, `high` → +1.
        public func scaled(_ value: Double) -> Double { 2 * (value - low) / (high - low) - 1 }
        /// A network-space value back in the action's units, clamped to [low, high].
        public func unscaled(_ x: Double) -> Double { min(high, max(low, low + (x + 1) / 2 * (high - low))) }
    }

    /// Checks the block against itself and against the file's `outputs`.
    func validate(outputs: [ScaledValue]) throws(ModelFileError) {
        guard Self.stepRange.contains(steps) else {
            throw .inconsistent("the diffusion has \(steps) steps, \(Self.stepRange.lowerBound)…\(Self.stepRange.upperBound) are allowed")
        }
        let betas = try schedule.betas(steps: steps)
        guard betas.allSatisfy({ $0.isFinite && $0 > 0 && $0 < 1 }) else { throw .inconsistent("the schedule gives a beta outside (0, 1)") }
        guard !action.isEmpty else { throw .inconsistent("the diffusion names no action dimension") }
        guard Set(action.map(\.name)).count == action.count else { throw .inconsistent("an action dimension is listed twice") }
        for dimension in action where !(dimension.low.isFinite && dimension.high.isFinite && dimension.low < dimension.high) {
            throw .badScale(dimension.name)
        }
        guard timeEmbedding >= 2, timeEmbedding.isMultiple(of: 2) else {
            throw .inconsistent("time_embedding is \(timeEmbedding), an even number ≥ 2 is needed")
        }
        let expected = action.map { Self.noiseOutput($0.name) }
        guard outputs.map(\.name) == expected else {
            throw .inconsistent("a diffusion network outputs the predicted noise \(expected), the file names \(outputs.map(\.name))")
        }
    }
}
