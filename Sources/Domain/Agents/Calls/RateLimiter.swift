import Synchronization

/// A provider's limits in requests and tokens per minute, over a sliding
/// 60-second window, shared by every agent of a scorer that calls it.
public actor RateLimiter {
    public private(set) var requestsPerMinute: Int
    public private(set) var tokensPerMinute: Int
    private var window: [(at: ContinuousClock.Instant, tokens: Int)] = []
    private let clock = ContinuousClock()

    public init(requestsPerMinute: Int, tokensPerMinute: Int) {
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
    }

    /// Tightens the limits to `rpm` and `tpm` where they are lower (two agents on one provider: the stricter wins).
    public func tighten(requestsPerMinute rpm: Int, tokensPerMinute tpm: Int) {
        requestsPerMinute = min(requestsPerMinute, rpm)
        tokensPerMinute = min(tokensPerMinute, tpm)
    }

    /// Waits (suspending, never blocking) until a request of `tokens` fits, then counts it.
    /// - Throws: ``RateLimitError`` when it would not fit before `deadline`, or the request alone exceeds a minute's tokens.
    public func acquire(tokens: Int, before deadline: ContinuousClock.Instant) async throws(RateLimitError) {
        guard tokens <= tokensPerMinute else { throw .tooLarge(tokens: tokens, perMinute: tokensPerMinute) }
        while true {
            let now = clock.now
            window.removeAll { now - $0.at >= .seconds(60) }
            let used = window.reduce(0) { $0 + $1.tokens }
            if window.count < requestsPerMinute, used + tokens <= tokensPerMinute {
                window.append((now, tokens))
                return
            }
            // The earliest moment enough of the window has expired.
            var freed = 0, until = now
            for (index, entry) in window.enumerated() {
                freed += entry.tokens
                until = entry.at + .seconds(60)
                if window.count - (index + 1) < requestsPerMinute, used - freed + tokens <= tokensPerMinute { break }
            }
            guard until < deadline else { throw .wouldMissDeadline(wait: until - now) }
            do { try await Task.sleep(until: until, clock: clock) } catch { throw .cancelled }
        }
    }

    /// Replaces the estimate of the last request counted with `tokens` actually used.
    public func settle(estimated: Int, actual: Int) {
        guard let index = window.lastIndex(where: { $0.tokens == estimated }) else { return }
        window[index].tokens = actual
    }
}

/// Why a request was not sent under the rate limit.
public enum RateLimitError: Error, Sendable, Hashable, CustomStringConvertible {
    case wouldMissDeadline(wait: Duration)
    case tooLarge(tokens: Int, perMinute: Int)
    case cancelled

    public var description: String {
        switch self {
        case .wouldMissDeadline(let wait): "the provider's rate limit would hold the request \(wait), past the deadline"
        case .tooLarge(let tokens, let limit): "the request needs \(tokens) tokens, more than the \(limit) per minute allowed"
        case .cancelled: "cancelled while waiting for the rate limit"
        }
    }
}

/// The limiters of one scorer, one per provider endpoint.
public final class RateLimits: Sendable {
    private let limiters = Mutex<[String: RateLimiter]>([:])

    public init() {}

    /// The limiter for `endpoint`, made with these limits or tightened to them.
    public func limiter(for endpoint: ProviderEndpoint, requestsPerMinute: Int, tokensPerMinute: Int) async -> RateLimiter {
        let key = "\(endpoint.kind.rawValue) \(endpoint.baseURL)"
        let (limiter, existed) = limiters.withLock { table -> (RateLimiter, Bool) in
            if let found = table[key] { return (found, true) }
            let made = RateLimiter(requestsPerMinute: requestsPerMinute, tokensPerMinute: tokensPerMinute)
            table[key] = made
            return (made, false)
        }
        if existed { await limiter.tighten(requestsPerMinute: requestsPerMinute, tokensPerMinute: tokensPerMinute) }
        return limiter
    }
}
