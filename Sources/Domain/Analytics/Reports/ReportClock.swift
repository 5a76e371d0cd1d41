/// Which reports fall due as market time advances: each period that ended, once, in order.
/// Market time (not the wall clock) drives it, so a replay and a backtest report the same periods.
public struct ReportClock: Sendable, Hashable {
    /// The start of the current (not yet finished) period of each kind.
    public private(set) var current: [ReportPeriod: Int64] = [:]

    public init() {}

    /// A clock that continues after the periods `reported` (the last reported start of each kind):
    /// a restarted reporter reports the period it was in when it stopped.
    public init(resumingAfter reported: [ReportPeriod: Int64]) {
        for (period, start) in reported { current[period] = period.next(after: start) }
    }

    /// Moves to market time `time` (ms); returns the periods that finished since, in the order they ended.
    /// The first call only starts the clock: a period seen from its middle is not reported.
    public mutating func advance(to time: Int64) -> [(period: ReportPeriod, start: Int64)] {
        var due: [(ReportPeriod, Int64)] = []
        for period in ReportPeriod.allCases {
            let now = period.start(containing: time)
            guard var start = current[period] else {
                current[period] = now
                continue
            }
            while start < now {
                due.append((period, start))
                start = period.next(after: start)
            }
            current[period] = start
        }
        // In the order they ended; a day before the week or month that ends with it.
        let rank = { (period: ReportPeriod) in ReportPeriod.allCases.firstIndex(of: period) ?? 0 }
        return due.sorted { ($0.0.next(after: $0.1), rank($0.0)) < ($1.0.next(after: $1.1), rank($1.0)) }
    }
}
