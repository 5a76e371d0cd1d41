import Foundation

/// SplitMix64 (Steele, Lea and Flood, 2014): a small seeded generator, so a
/// training seed gives the same initial weights and minibatch order on every
/// machine and every run (the standard library's generator is not seedable),
/// and a diffusion decision's seed the same reverse-process noise. In Models
/// because the diffusion policy's inference draws from it; training uses it too.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) from the top 53 bits.
    public mutating func uniform() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }

    /// A standard normal draw (Box–Muller, one value per pair of uniforms).
    public mutating func normal() -> Double {
        let u = max(uniform(), .leastNormalMagnitude), v = uniform()
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * .pi * v)
    }

    /// A uniform index in `0..<bound` (Lemire's multiply-shift; the tiny bias is irrelevant for shuffling).
    public mutating func index(below bound: Int) -> Int {
        precondition(bound > 0, "an index below \(bound)")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Shuffles `values` in place (Fisher–Yates), the same way for the same state.
    public mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(i, index(below: i + 1))
        }
    }
}
