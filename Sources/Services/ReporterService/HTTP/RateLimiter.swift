import Foundation
import Synchronization

/// Token buckets per client: `rate` requests per second sustained, `burst` at once. Old buckets
/// are dropped once full again, so a scan of many addresses cannot grow the table without bound.
public final class RateLimiter: Sendable {
    struct Bucket { var tokens: Double; var updated: Double }
    private let buckets = Mutex<[String: Bucket]>([:])
    let rate: Double, burst: Double
    private let now: @Sendable () -> Double

    public init(rate: Double, burst: Int, now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.rate = rate
        self.burst = Double(burst)
        self.now = now
    }

    /// Takes one token from `client`'s bucket: nil when it had one, else the seconds until it will.
    public func wait(_ client: String) -> Double? {
        let time = now()
        return buckets.withLock { table in
            var bucket = table[client] ?? Bucket(tokens: burst, updated: time)
            bucket.tokens = min(burst, bucket.tokens + (time - bucket.updated) * rate)
            bucket.updated = time
            guard bucket.tokens >= 1 else {
                table[client] = bucket
                return (1 - bucket.tokens) / rate
            }
            bucket.tokens -= 1
            table[client] = bucket
            if table.count > 10_000 { table = table.filter { min(burst, $0.value.tokens + (time - $0.value.updated) * rate) < burst } }
            return nil
        }
    }
}
