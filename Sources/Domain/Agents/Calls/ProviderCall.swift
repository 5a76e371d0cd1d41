import ArenaCore

/// One sample's call to a provider under a deadline that covers everything:
/// waiting for the rate limit, every attempt and every pause between them.
///
/// Retries: a retryable failure (408, 409, 429, 5xx, a transport error, an
/// attempt's timeout) is tried again after the provider's `Retry-After` when it
/// gives one, otherwise after an exponential back-off (250 ms, 500 ms, 1 s, …,
/// at most 2 s); never when the pause would end past the deadline, and never
/// more than `maxAttempts` times. Other failures are final at once.
public struct ProviderCall: Sendable {
    public var endpoint: ProviderEndpoint
    public var wire: any ProviderWire
    public var transport: any LLMTransport
    public var limiter: RateLimiter
    public var maxAttempts: Int

    public init(endpoint: ProviderEndpoint, wire: any ProviderWire, transport: any LLMTransport, limiter: RateLimiter, maxAttempts: Int) {
        self.endpoint = endpoint
        self.wire = wire
        self.transport = transport
        self.limiter = limiter
        self.maxAttempts = maxAttempts
    }

    /// What a call came to.
    public struct Outcome: Sendable {
        public var reply: ChatReply?
        /// The last failure, when no reply came (a provider's text as given: the agent redacts it before recording).
        public var error: CallFailure?
        public var attempts: Int
        public var latency: Duration
    }

    /// Why a call got no reply.
    public enum CallFailure: Error, Sendable, Hashable, CustomStringConvertible {
        case provider(ProviderError)
        case rateLimited(RateLimitError)
        /// The deadline passed before a reply (an attempt timed out, or no time was left to retry).
        case deadline(last: ProviderError?)

        /// The name recorded for the sample's outcome.
        public var outcome: String {
            switch self {
            case .provider(.timedOut), .deadline: "timeout"
            case .provider(.transport): "transport_error"
            case .provider: "http_error"
            case .rateLimited: "rate_limited"
            }
        }

        public var description: String {
            switch self {
            case .provider(let e): e.description
            case .rateLimited(let e): e.description
            case .deadline(let last): "deadline passed" + (last.map { " (last: \($0))" } ?? "")
            }
        }
    }

    /// Calls with `chat`, authenticated by `apiKey`, until `deadline`.
    public func call(_ chat: ChatRequest, apiKey: String, deadline: ContinuousClock.Instant) async -> Outcome {
        let clock = ContinuousClock()
        let started = clock.now
        let request = wire.request(chat, endpoint: endpoint, apiKey: apiKey)
        // A rough size before the reply says: 4 characters a token, plus what the reply may use.
        let estimate = (chat.system.utf8.count + chat.user.utf8.count) / 4 + chat.maxTokens
        var attempts = 0
        var last: ProviderError?
        func done(_ reply: ChatReply?, _ error: CallFailure?) -> Outcome {
            Outcome(reply: reply, error: error, attempts: attempts, latency: clock.now - started)
        }
        while attempts < maxAttempts {
            do { try await limiter.acquire(tokens: estimate, before: deadline) } catch { return done(nil, .rateLimited(error)) }
            let remaining = deadline - clock.now
            guard remaining > .zero else { return done(nil, .deadline(last: last)) }
            attempts += 1
            do {
                let response = try await transport.send(request, timeout: remaining)
                let reply = try wire.reply(response)
                await limiter.settle(estimated: estimate, actual: Int(reply.inputTokens + reply.outputTokens))
                return done(reply, nil)
            } catch {
                last = error
                guard error.isRetryable, attempts < maxAttempts else {
                    return done(nil, error == .timedOut ? .deadline(last: error) : .provider(error))
                }
                let pause = Self.pause(after: error, attempt: attempts)
                guard clock.now + pause < deadline else { return done(nil, .deadline(last: error)) }
                do { try await Task.sleep(for: pause, clock: clock) } catch { return done(nil, .deadline(last: last)) }
            }
        }
        return done(nil, last.map { .provider($0) } ?? .deadline(last: nil))
    }

    /// The pause before attempt `attempt + 1`: the provider's hint, or 250 ms × 2^(attempt − 1), at most 2 s.
    static func pause(after error: ProviderError, attempt: Int) -> Duration {
        if case .status(_, let retryAfter?, _) = error { return retryAfter }
        return .milliseconds(min(2_000, 250 << min(attempt - 1, 4)))
    }
}
