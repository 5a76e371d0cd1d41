import Foundation
import HTTPTypes
import Hummingbird

/// Discord's per-webhook rate limit as the fake models it: `limit` requests per `window`, the
/// window starting at the first request after the previous one ran out
/// (https://discord.com/developers/docs/topics/rate-limits).
struct DiscordRateLimiter {
    let limit: Int
    let window: Duration
    private var buckets: [String: (start: ContinuousClock.Instant, used: Int)] = [:]

    init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = window
    }

    /// Whether a request may go through, and the bucket's state after it.
    struct Verdict {
        let allowed: Bool
        let remaining: Int
        /// Seconds until the bucket refills.
        let resetAfter: Double
    }

    /// Counts a request to `webhook` at `now` (refused requests are not counted, as on Discord).
    mutating func take(_ webhook: String, at now: ContinuousClock.Instant) -> Verdict {
        var bucket = buckets[webhook] ?? (now, 0)
        if now - bucket.start >= window { bucket = (now, 0) }
        let resetAfter = (bucket.start + window - now).inSeconds
        guard bucket.used < limit else { return Verdict(allowed: false, remaining: 0, resetAfter: resetAfter) }
        bucket.used += 1
        buckets[webhook] = bucket
        return Verdict(allowed: true, remaining: limit - bucket.used, resetAfter: resetAfter)
    }
}

/// Discord's rate-limit headers and 429 answer.
enum DiscordRateLimitAnswer {
    /// Discord's usual webhook bucket size, reported when a 429 is scripted without a configured limit.
    static let defaultLimit = 5

    /// `X-RateLimit-*` headers of a response in a bucket with `remaining` requests left.
    static func headers(webhook: String, limit: Int, remaining: Int, resetAfter: Double) -> HTTPFields {
        var headers = HTTPFields()
        headers.set("X-RateLimit-Limit", String(limit))
        headers.set("X-RateLimit-Remaining", String(remaining))
        headers.set("X-RateLimit-Reset", String(format: "%.3f", Date().timeIntervalSince1970 + resetAfter))
        headers.set("X-RateLimit-Reset-After", String(format: "%.3f", resetAfter))
        headers.set("X-RateLimit-Bucket", bucket(webhook))
        return headers
    }

    /// The 429: `{"message": "You are being rate limited.", "retry_after": …, "global": false}`
    /// with `Retry-After` (whole seconds, rounded up) and `X-RateLimit-Scope: user`.
    static func tooManyRequests(webhook: String, limit: Int, retryAfter: Double) -> Response {
        var headers = headers(webhook: webhook, limit: limit, remaining: 0, resetAfter: retryAfter)
        headers.set("Retry-After", String(Int(retryAfter.rounded(.up))))
        headers.set("X-RateLimit-Scope", "user")
        let body = JSONValue.object([
            "message": .string("You are being rate limited."),
            "retry_after": .double((retryAfter * 1000).rounded() / 1000),
            "global": .bool(false),
        ])
        return .json(429, body, headers: headers)
    }

    /// An opaque, stable bucket id per webhook (Discord's is a hash too).
    static func bucket(_ webhook: String) -> String {
        // FNV-1a, twice with different seeds for 32 hex digits.
        func fnv(_ seed: UInt64) -> UInt64 {
            webhook.utf8.reduce(seed) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        }
        return [fnv(0xcbf2_9ce4_8422_2325), fnv(0x8422_2325_cbf2_9ce4)].map { String(format: "%016llx", $0) }.joined()
    }
}

extension Duration {
    /// The duration in seconds.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
