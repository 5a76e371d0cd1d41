@testable import Agents
import Testing

/// Per-provider limits in requests and tokens per minute, over a sliding minute.
@Suite struct RateLimiterTests {
    @Test func requestsPerMinute() async throws {
        let limiter = RateLimiter(requestsPerMinute: 2, tokensPerMinute: 1_000_000)
        let soon = ContinuousClock.now + .seconds(2)
        try await limiter.acquire(tokens: 10, before: soon)
        try await limiter.acquire(tokens: 10, before: soon)
        // The third request of the minute would wait a minute: past a 2-second deadline, so it is refused at once.
        await #expect(throws: RateLimitError.self) { try await limiter.acquire(tokens: 10, before: soon) }
    }

    @Test func tokensPerMinute() async throws {
        let limiter = RateLimiter(requestsPerMinute: 100, tokensPerMinute: 1_000)
        let soon = ContinuousClock.now + .seconds(2)
        try await limiter.acquire(tokens: 600, before: soon)
        await #expect(throws: RateLimitError.self) { try await limiter.acquire(tokens: 600, before: soon) }
        // What the reply really used replaces the estimate: 600 → 100 leaves room for 600 more.
        await limiter.settle(estimated: 600, actual: 100)
        try await limiter.acquire(tokens: 600, before: soon)
        await #expect(throws: RateLimitError.tooLarge(tokens: 2_000, perMinute: 1_000)) { try await limiter.acquire(tokens: 2_000, before: soon) }
    }

    @Test func agentsOnOneProviderShareTheStricterLimit() async throws {
        let limits = RateLimits()
        let endpoint = ProviderEndpoint(kind: .openai, baseURL: "http://127.0.0.1:9/v1")
        let a = await limits.limiter(for: endpoint, requestsPerMinute: 60, tokensPerMinute: 10_000)
        let b = await limits.limiter(for: endpoint, requestsPerMinute: 1, tokensPerMinute: 50_000)
        #expect(a === b)
        let (rpm, tpm) = (await a.requestsPerMinute, await a.tokensPerMinute)
        #expect(rpm == 1 && tpm == 10_000)
        let other = await limits.limiter(for: ProviderEndpoint(kind: .anthropic, baseURL: "http://127.0.0.1:9/v1"), requestsPerMinute: 5, tokensPerMinute: 5)
        #expect(other !== a)
    }
}
