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

/// Binance's documented REST weights for the market-data calls the gateway makes.
public enum BinanceRequestWeight {
    /// `aggTrades`: 4 on spot, 20 on USDⓈ-M, at any limit.
    public static func aggTrades(_ market: MarketKind) -> Int { market == .spot ? 4 : 20 }

    /// `klines`: 2 on spot; on USDⓈ-M by limit (under 100: 1, under 500: 2, up to 1000: 5, more: 10).
    public static func klines(_ market: MarketKind, limit: Int) -> Int {
        guard market == .perpetual else { return 2 }
        switch limit {
        case ..<100: return 1
        case ..<500: return 2
        case ...1_000: return 5
        default: return 10
        }
    }

    /// `depth` by limit. Spot: up to 100: 5, 500: 25, 1000: 50, 5000: 250.
    /// USDⓈ-M: up to 50: 2, 100: 5, 500: 10, 1000: 20.
    public static func depth(_ market: MarketKind, limit: Int) -> Int {
        switch (market, limit) {
        case (.spot, ...100): 5
        case (.spot, ...500): 25
        case (.spot, ...1_000): 50
        case (.spot, _): 250
        case (.perpetual, ...50): 2
        case (.perpetual, ...100): 5
        case (.perpetual, ...500): 10
        case (.perpetual, _): 20
        }
    }
}
