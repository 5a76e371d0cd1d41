import ArenaCore

/// Budgets Binance REST request weight per minute, so backfills never earn a 429.
///
/// Binance counts the weight of an IP's requests per calendar minute and reports
/// the running total in `X-MBX-USED-WEIGHT-1M`; past the limit it answers 429
/// with `Retry-After`, and an IP that keeps going gets 418 (banned)
/// (developers.binance.com/docs/binance-spot-api-docs/rest-api/limits). The
/// limiter keeps its own count, takes the venue's figure when that is higher
/// (other processes may share the IP), and after a 429/418 blocks until the
/// venue's `Retry-After` has passed. Pure: the time is always a parameter.
public struct RequestWeightLimiter: Sendable {
    /// The weight allowed per minute (spot 6000, USDⓈ-M 2400; keep a margin below).
    public let budgetPerMinute: Int
    private var minute: Int64 = .min
    private var used = 0
    private var blockedUntil: Timestamp?

    /// Creates a limiter with `budgetPerMinute`.
    public init(budgetPerMinute: Int) {
        self.budgetPerMinute = budgetPerMinute
    }

    /// The weight counted in the minute containing `now`.
    public func used(at now: Timestamp) -> Int { Self.minute(of: now) == minute ? used : 0 }

    /// How long to wait before a request of `weight` may go at `now`; `.zero` means go,
    /// and the weight is then counted.
    public mutating func reserve(weight: Int, at now: Timestamp) -> Duration {
        if let until = blockedUntil {
            if now < until { return until.duration(since: now) }
            blockedUntil = nil
        }
        roll(to: now)
        // A request heavier than the whole budget still goes, alone, at the start of a minute.
        if used > 0 && used + weight > budgetPerMinute {
            let next = Timestamp(milliseconds: (minute + 1) * 60_000)
            return next.duration(since: now)
        }
        used += weight
        return .zero
    }

    /// Takes the venue's `X-MBX-USED-WEIGHT-1M` figure for the minute of `now`.
    public mutating func observe(usedWeight: Int, at now: Timestamp) {
        roll(to: now)
        used = Swift.max(used, usedWeight)
    }

    /// After a 429 or 418: send nothing before `now + retryAfter`.
    public mutating func block(for retryAfter: Duration, at now: Timestamp) {
        let until = now.advanced(by: retryAfter)
        blockedUntil = Swift.max(blockedUntil ?? until, until)
    }

    private mutating func roll(to now: Timestamp) {
        let m = Self.minute(of: now)
        if m != minute {
            minute = m
            used = 0
        }
    }

    private static func minute(of time: Timestamp) -> Int64 {
        let ms = time.milliseconds
        return ms >= 0 ? ms / 60_000 : (ms - 59_999) / 60_000
    }
}
