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
///
/// The same budgeting over another window counts requests where the venue
/// limits their number instead (the USDⓈ-M `futures/data` statistics: a
/// number of requests per 5 minutes, each of weight 1 here).
public struct RequestWeightLimiter: Sendable {
    /// The weight allowed per window (spot 6000, USDⓈ-M 2400 a minute; keep a margin below).
    public let budget: Int
    /// The window the venue counts in, aligned to the epoch (a calendar minute for weights).
    public let window: Duration
    private var current: Int64 = .min
    private var used = 0
    private var blockedUntil: Timestamp?

    /// Creates a limiter with `budgetPerMinute`.
    public init(budgetPerMinute: Int) {
        self.init(budget: budgetPerMinute, window: .seconds(60))
    }

    /// Creates a limiter of `budget` per `window` (a whole number of milliseconds, at least one).
    public init(budget: Int, window: Duration) {
        self.budget = budget
        self.window = max(window, .milliseconds(1))
    }

    /// The budget per minute, for a limiter over a minute.
    public var budgetPerMinute: Int { budget }

    /// The weight counted in the window containing `now`.
    public func used(at now: Timestamp) -> Int { windowNumber(of: now) == current ? used : 0 }

    /// How long to wait before a request of `weight` may go at `now`; `.zero` means go,
    /// and the weight is then counted.
    public mutating func reserve(weight: Int, at now: Timestamp) -> Duration {
        if let until = blockedUntil {
            if now < until { return until.duration(since: now) }
            blockedUntil = nil
        }
        roll(to: now)
        // A request heavier than the whole budget still goes, alone, at the start of a window.
        if used > 0 && used + weight > budget {
            let next = Timestamp(milliseconds: (current + 1) * windowMilliseconds)
            return next.duration(since: now)
        }
        used += weight
        return .zero
    }

    /// Takes the venue's `X-MBX-USED-WEIGHT-1M` figure for the window of `now`.
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
        let m = windowNumber(of: now)
        if m != current {
            current = m
            used = 0
        }
    }

    private var windowMilliseconds: Int64 { max(1, window.wholeMilliseconds) }

    /// The number of the window containing `time` since the epoch.
    private func windowNumber(of time: Timestamp) -> Int64 {
        let ms = time.milliseconds, w = windowMilliseconds
        return ms >= 0 ? ms / w : (ms - (w - 1)) / w
    }
}
