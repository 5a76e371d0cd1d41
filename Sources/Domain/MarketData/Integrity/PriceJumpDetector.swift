import ArenaCore
import Foundation

/// Flags a price move far outside recent behaviour: a closed bar whose log
/// return from the previous close lies more than `sigmas` standard deviations
/// from the mean of the last `window` returns (spec §3, "price jumps beyond a
/// configured number of standard deviations").
///
/// Statistics use `Double`: this is a detector, not money. The suspicious
/// return still joins the window, so a real regime change stops alerting once
/// it becomes normal. No verdict before `minimumSamples` returns: a fresh
/// window has no meaningful σ.
public struct PriceJumpDetector: Sendable {
    /// A move beyond the threshold.
    public struct Jump: Sendable, Hashable {
        public var previousClose: FixedDecimal
        public var close: FixedDecimal
        /// The bar's log return.
        public var logReturn: Double
        /// How many standard deviations from the window's mean it lies.
        public var sigmas: Double
    }

    public let sigmas: Double
    public let window: Int
    public let minimumSamples: Int
    private var returns: [Double] = []
    private var next = 0
    private var lastClose: FixedDecimal?

    /// A detector over the last `window` returns with a threshold of `sigmas`.
    public init(sigmas: Double = 8, window: Int = 120, minimumSamples: Int = 30) {
        precondition(window >= 2 && minimumSamples >= 2 && minimumSamples <= window && sigmas > 0)
        self.sigmas = sigmas
        self.window = window
        self.minimumSamples = minimumSamples
        returns.reserveCapacity(window)
    }

    /// Feeds the next closed bar's close; returns the jump if it is one.
    public mutating func observe(close: FixedDecimal) -> Jump? {
        defer { lastClose = close }
        guard let previous = lastClose, previous.isPositive, close.isPositive else { return nil }
        let r = log(close.doubleValue / previous.doubleValue)
        var verdict: Jump?
        if returns.count >= minimumSamples {
            let mean = returns.reduce(0, +) / Double(returns.count)
            let variance = returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(returns.count - 1)
            let sd = variance.squareRoot()
            // A flat market (σ = 0) makes any move infinite σ away; only a real move counts.
            if sd > 0, abs(r - mean) > sigmas * sd {
                verdict = Jump(previousClose: previous, close: close, logReturn: r, sigmas: abs(r - mean) / sd)
            } else if sd == 0, r != mean {
                verdict = Jump(previousClose: previous, close: close, logReturn: r, sigmas: .infinity)
            }
        }
        if returns.count < window {
            returns.append(r)
        } else {
            returns[next] = r
            next = (next + 1) % window
        }
        return verdict
    }
}
