import ArenaCore

/// What the reverse process says for one symbol at one tick: the mean sampled
/// `target_position` and `size`, and the share of samples above, inside and below
/// the threshold band. The policy and the training's evaluation both decide from it.
public struct DiffusionReading: Sendable, Hashable {
    /// The action dimensions a position policy reads.
    public static let target = "target_position", size = "size"
    /// The smallest share of a unit an entry takes, whatever the sampled size.
    public static let minimumSize = 0.25

    public var target: Double, size: Double
    public var long: Double, flat: Double, short: Double
    public var threshold: Double

    /// The side wanted: long above the threshold, short below its negative on a perpetual (flat on spot), flat between.
    public func side(market: MarketKind) -> DirectionalTarget.Side {
        if target > threshold { return .long }
        if target < -threshold, market == .perpetual { return .short }
        return .flat
    }

    /// The entry's share of a unit: the sampled size, at least ``minimumSize``, at most 1.
    public var entryFraction: Double { max(Self.minimumSize, min(1, size)) }
}

extension DiffusionDenoiser {
    /// The indices of `target_position` and `size` in the action, when it has both.
    public var positionIndices: (target: Int, size: Int)? {
        let names = block.action.map(\.name)
        guard let target = names.firstIndex(of: DiffusionReading.target), let size = names.firstIndex(of: DiffusionReading.size) else { return nil }
        return (target, size)
    }

    /// The reading of `samples` reverse-process draws for raw `features` from `seed`
    /// (the action must have `target_position` and `size`).
    public func reading(features: [Double], seed: UInt64, samples: Int, threshold: Double) -> DiffusionReading {
        guard let indices = positionIndices else { preconditionFailure("the action has no target_position and size") }
        let t = indices.target, s = indices.size
        let drawn = sample(features: features, seed: seed, count: samples)
        let count = Double(drawn.count)
        let long = Double(drawn.filter { $0[t] > threshold }.count) / count
        let short = Double(drawn.filter { $0[t] < -threshold }.count) / count
        return DiffusionReading(
            target: drawn.reduce(0) { $0 + $1[t] } / count, size: drawn.reduce(0) { $0 + $1[s] } / count,
            long: long, flat: 1 - long - short, short: short, threshold: threshold
        )
    }
}
