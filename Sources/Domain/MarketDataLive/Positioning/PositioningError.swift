import ArenaCore

/// One of the three statistics a ``Positioning`` carries, by the endpoint it comes from.
public enum PositioningStatistic: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `openInterestHist`: open interest and its value.
    case openInterest = "open_interest"
    /// `globalLongShortAccountRatio`: the long/short account ratio.
    case longShortRatio = "long_short_ratio"
    /// `topLongShortAccountRatio`: the top traders' long share.
    case topTraderLongShare = "top_trader_long_share"

    public var description: String { rawValue }
}

/// Why a ``PositioningPoller`` period did not give a complete point. Each is
/// logged and counted (``PositioningPoller/counters``); none stops the poller.
public enum PositioningError: Error, Sendable, CustomStringConvertible {
    /// A statistic's request failed (HTTP, still rate limited, an undecodable
    /// body, the connection); it is asked again while the period allows.
    case request(PositioningStatistic, symbol: Symbol, BinanceRESTError)
    /// By the end of the period's patience the venue had no point newer than
    /// the last one published (`latest`: the newest it had, if any).
    case noNewPoint(symbol: Symbol, latest: Timestamp?)
    /// The point of `time` was published without this statistic: the venue
    /// had none for that time by the end of the period's patience.
    case missing(PositioningStatistic, symbol: Symbol, time: Timestamp)

    /// The counter it is counted under.
    public var counter: String {
        switch self {
        case .request(_, _, let e):
            switch e {
            case .http: "positioning_http_errors"
            case .rateLimited: "positioning_rate_limited"
            case .decoding: "positioning_decoding_errors"
            case .transport: "positioning_transport_errors"
            case .unsupported: "positioning_unsupported"
            }
        case .noNewPoint: "positioning_no_new_point"
        case .missing: "positioning_missing_statistics"
        }
    }

    public var description: String {
        switch self {
        case .request(let statistic, let symbol, let e): "\(symbol) \(statistic): \(e)"
        case .noNewPoint(let symbol, let latest): "\(symbol): no point newer than the last published (the venue's newest: \(latest.map { "\($0)" } ?? "none"))"
        case .missing(let statistic, let symbol, let time): "\(symbol) \(statistic): no point for \(time); published without it"
        }
    }
}

/// When a ``PositioningPoller`` asks: the venue's period, how long after its
/// boundary, and how long it keeps asking for a point that is not there yet.
public struct PositioningSchedule: Sendable, Hashable {
    /// The statistics' period: 5 minutes.
    public var period: Duration
    /// After each period boundary, the time the venue is given to publish the period's point.
    public var delay: Duration
    /// While a point (or one of its statistics) is not there yet, the wait before asking again.
    public var retryInterval: Duration
    /// How long a poll keeps asking from its start; then what is there is
    /// published and the rest counted missing. Less than `period − delay`.
    public var patience: Duration

    /// A schedule; the defaults ask 20 s after each 5-minute boundary, again every 15 s for up to 2 minutes.
    public init(
        period: Duration = .seconds(300), delay: Duration = .seconds(20), retryInterval: Duration = .seconds(15),
        patience: Duration = .seconds(120)
    ) {
        self.period = period
        self.delay = delay
        self.retryInterval = retryInterval
        self.patience = patience
    }

    /// The first poll time after `now`: a period boundary plus ``delay``.
    public func nextPoll(after now: Timestamp) -> Timestamp {
        let p = max(Self.nanoseconds(period), 1), shifted = now.nanoseconds - Self.nanoseconds(delay)
        let boundary = (shifted >= 0 ? shifted / p : (shifted - (p - 1)) / p) * p
        return Timestamp(nanoseconds: boundary + p + Self.nanoseconds(delay))
    }

    static func nanoseconds(_ d: Duration) -> Int64 {
        d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000
    }
}
