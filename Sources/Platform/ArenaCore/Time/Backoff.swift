/// Exponential back-off with jitter and a cap, for reconnects and retries
/// (venue connections, REST calls, database writers).
///
/// The n-th retry (0-based) waits `initial × multiplier^n`, capped at `maximum`,
/// then scaled by a random factor in `1 - jitter … 1`, so that many clients cut
/// off together do not come back together ("full jitter" would allow zero waits).
public struct Backoff: Sendable, Hashable {
    /// The first wait.
    public var initial: Duration
    /// The longest wait.
    public var maximum: Duration
    /// Growth per attempt.
    public var multiplier: Double
    /// The fraction of a wait that may be taken off at random (0 = none, 1 = all).
    public var jitter: Double

    /// Creates a policy; `jitter` is clamped to 0…1 and `multiplier` to at least 1.
    public init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(30), multiplier: Double = 2, jitter: Double = 0.2) {
        self.initial = initial
        self.maximum = Swift.max(initial, maximum)
        self.multiplier = Swift.max(1, multiplier)
        self.jitter = Swift.min(1, Swift.max(0, jitter))
    }

    /// The wait before retry `attempt` (0-based), with the random draw from `generator`.
    public func delay(attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let base = Double(initial.components.seconds) + Double(initial.components.attoseconds) / 1e18
        let cap = Double(maximum.components.seconds) + Double(maximum.components.attoseconds) / 1e18
        let grown = Swift.min(cap, base * pow(multiplier, Double(Swift.min(attempt, 64))))
        let factor = 1 - jitter * Double.random(in: 0...1, using: &generator)
        return .nanoseconds(Int64(grown * factor * 1e9))
    }

    /// The wait before retry `attempt`, drawn from the system generator.
    public func delay(attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(attempt: attempt, using: &generator)
    }

    /// How often a lockstep replay's service tries a store that is down again (the OMS's marks,
    /// the feature engine's ledger writes): soon after a blip, every 2 s through an outage.
    public static let storeOutage = Backoff(initial: .milliseconds(100), maximum: .seconds(2))
}

private func pow(_ base: Double, _ exponent: Double) -> Double {
    var result = 1.0
    for _ in 0..<Int(exponent) { result *= base }
    return result
}
