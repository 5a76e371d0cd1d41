/// How often and how patiently a delivery is retried (spec §9: back off on 5xx and network
/// errors, up to a limit; honour 429s).
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included, before a delivery that keeps failing is given up.
    public var maxAttempts: Int
    /// The wait after the first failure; it doubles after each, up to ``maximumDelay``.
    public var initialDelay: Duration
    public var maximumDelay: Duration
    /// 429s honoured for one delivery before it is given up (a provider that never lets it through).
    public var maxRateLimitWaits: Int

    /// A policy.
    public init(maxAttempts: Int = 6, initialDelay: Duration = .seconds(1), maximumDelay: Duration = .seconds(60), maxRateLimitWaits: Int = 30) {
        self.maxAttempts = maxAttempts
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.maxRateLimitWaits = maxRateLimitWaits
    }

    /// The wait after the `failures`-th failure (1 for the first), or nil when the delivery is given up.
    public func delay(afterFailure failures: Int) -> Duration? {
        guard failures < maxAttempts else { return nil }
        var delay = initialDelay
        for _ in 1..<max(1, failures) {
            delay = delay * 2
            if delay >= maximumDelay { return maximumDelay }
        }
        return min(delay, maximumDelay)
    }
}
