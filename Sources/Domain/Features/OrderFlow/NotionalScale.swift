import ArenaCore
import Foundation

/// Log-spaced buckets over quote notional, with exact decimal edges.
///
/// Bucket 0 is `[0, e₀)`, bucket `i ≥ 1` is `[Lᵢ, Lᵢ₊₁)` with `L₁ = e₀` and
/// `Lᵢ₊₁ = Lᵢ × (1 + ε)` rounded **down** to FixedDecimal's 12 places, and the
/// last bucket is open above. Because edges are exact decimals and a value's
/// bucket is settled by exact comparison with them (the logarithm only
/// guesses), `x ≥ Lᵢ ⇔ bucket(x) ≥ i` holds exactly: a threshold reported as
/// a lower edge classifies trades exactly, bucket by bucket.
///
/// Error bound: a value `x` in `[e₀, L_last)` lies in a bucket whose lower
/// edge `L` satisfies `L ≤ x < L × (1 + ε)`, so reporting `L` for `x` errs by
/// less than `ε × L` (relative error `< ε / (1 + ε) < ε`, always downward).
/// Below `e₀` the lower edge is 0 (absolute error `< e₀`).
public struct NotionalScale: Sendable {
    /// The relative bucket width ε.
    public let epsilon: Double
    /// Lower edges: `lowerEdges[0] = 0`, `lowerEdges[1] = e₀`, increasing.
    public let lowerEdges: [FixedDecimal]
    private let edgeRaw: [Int128]
    private let logBase: Double
    private let firstEdge: Double

    /// The scale the order-flow book uses: ε = 1 %, from $0.01 to beyond $10¹¹ (≈ 3,240 buckets).
    public static let usd = NotionalScale(epsilon: 0.01, smallest: FixedDecimal(raw: FixedDecimal.unitRaw / 100),
                                          largest: FixedDecimal(100_000_000_000))

    /// Edges from `smallest` growing by `1 + epsilon` (0 < ε ≤ 1) until past `largest`.
    public init(epsilon: Double, smallest: FixedDecimal, largest: FixedDecimal) {
        precondition(epsilon > 0 && epsilon <= 1 && smallest.isPositive && largest > smallest)
        self.epsilon = epsilon
        // 1 + ε as an exact decimal (ε rounded to 9 places), so the growth is checked exactly.
        let growth = FixedDecimal(raw: FixedDecimal.unitRaw + Int128((epsilon * 1e9).rounded()) * 1000)
        var edges = [FixedDecimal.zero, smallest]
        while edges[edges.count - 1] <= largest {
            let last = edges[edges.count - 1]
            let next = (try? last.multiplied(by: growth, rounding: .down)) ?? .max
            precondition(next > last, "the edges must increase")
            edges.append(next)
        }
        lowerEdges = edges
        edgeRaw = edges.map(\.raw)
        logBase = Foundation.log(growth.doubleValue)
        firstEdge = smallest.doubleValue
    }

    /// Number of buckets.
    public var count: Int { edgeRaw.count }

    /// The bucket holding `x` (≥ 0): the largest `i` with `lowerEdges[i] ≤ x`.
    @inline(__always)
    public func bucket(_ x: FixedDecimal) -> Int {
        let raw = x.raw
        if raw < edgeRaw[1] { return 0 }
        // A guess from the logarithm, then exact correction against the edges.
        let guess = 1 + Int(Foundation.log(Double(raw) * 1e-12 / firstEdge) / logBase)
        var i = min(max(guess, 1), edgeRaw.count - 1)
        while edgeRaw[i] > raw { i -= 1 }
        while i + 1 < edgeRaw.count && edgeRaw[i + 1] <= raw { i += 1 }
        return i
    }
}

/// The value of nearest-rank percentile `percent` over `count` values: the
/// 1-based rank `⌈percent × count / 100⌉` (at least 1), in integers so that
/// no floating rounding moves it.
@inline(__always)
func nearestRank(percent: Int, count: Int) -> Int {
    max(1, (percent * count + 99) / 100)
}
