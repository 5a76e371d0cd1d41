/// Binance's rate-limit state as the response headers report it, and the block after a 429/418.
///
/// Every answer carries `X-MBX-USED-WEIGHT-(n)(unit)` (the IP's weight per interval) and an
/// order answer `X-MBX-ORDER-COUNT-(n)(unit)` (the account's orders: spot `10S` and `1D`,
/// USDⓈ-M `1M`). A 429 or 418 carries `Retry-After` in seconds; until it passes nothing may
/// be sent, or the IP is banned for longer (developers.binance.com/docs/binance-spot-api-docs/rest-api/limits).
/// Pure: the time is a parameter.
public struct BinanceRateLimits: Sendable, Hashable {
    /// The latest used weight per interval, keyed `1M`, `1S`, … as the header spells it.
    public private(set) var usedWeight: [String: Int] = [:]
    /// The latest order count per interval, keyed `10S`, `1D`, `1M`.
    public private(set) var orderCount: [String: Int] = [:]
    /// Nothing may be sent before this instant.
    public private(set) var blockedUntil: ContinuousClock.Instant?

    public init() {}

    /// Reads the counters from one answer's headers (names compared case-insensitively).
    public mutating func observe(headers: [(name: String, value: String)]) {
        for (name, value) in headers {
            let lower = name.lowercased()
            guard let n = Int(value.trimmingCharacters(in: .whitespaces)) else { continue }
            if lower.hasPrefix("x-mbx-used-weight-") {
                usedWeight[String(name.dropFirst("x-mbx-used-weight-".count)).uppercased()] = n
            } else if lower.hasPrefix("x-mbx-order-count-") {
                orderCount[String(name.dropFirst("x-mbx-order-count-".count)).uppercased()] = n
            }
        }
    }

    /// After a 429/418: block for `retryAfter` (a minute when the venue sent none, as for the order-count 429).
    public mutating func block(retryAfter: Duration?, now: ContinuousClock.Instant) {
        let until = now.advanced(by: retryAfter ?? .seconds(60))
        blockedUntil = Swift.max(blockedUntil ?? until, until)
    }

    /// How long sending is still refused at `now`; nil when a request may go.
    public mutating func remainingBlock(now: ContinuousClock.Instant) -> Duration? {
        guard let until = blockedUntil else { return nil }
        if now >= until {
            blockedUntil = nil
            return nil
        }
        return until - now
    }

    /// `Retry-After` in seconds as a duration.
    static func retryAfter(_ header: String?) -> Duration? {
        header.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.map { .seconds($0) }
    }
}
