import ArenaCore

/// Why a decision interval was refused.
public enum DecisionScheduleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The interval is zero or negative.
    case notPositive(seconds: Int64)
    /// The interval does not divide a day (86,400 s), so ticks would drift against bar closes from day to day.
    case doesNotDivideADay(seconds: Int64)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .notPositive(let s): "the decision interval must be at least 1 s, got \(s) s"
        case .doesNotDivideADay(let s): "the decision interval \(s) s does not divide a day (86400 s)"
        }
    }
}

/// The arena clock's tick arithmetic (spec §4): decision ticks every
/// `intervalSeconds`, aligned to whole multiples of the interval since the
/// Unix epoch (UTC).
///
/// Because the interval divides a day, and bars are aligned the same way,
/// a tick falls on every bar close of the same length: 5-minute ticks land on
/// :00, :05, :10 … exactly when 5m bars close, and hourly ticks on the hour.
/// Intervals of whole minutes are just intervals that are multiples of 60;
/// any divisor of 86,400 (1 s, 15 s, 1 min, 5 min, 1 h, 1 d …) is accepted.
public struct DecisionSchedule: Sendable, Hashable {
    /// Seconds in a UTC day (no leap seconds: Unix time has none).
    public static let secondsPerDay: Int64 = 86_400

    /// Seconds between ticks; divides ``secondsPerDay``.
    public let intervalSeconds: Int64
    private var step: Int64 { intervalSeconds * 1_000_000_000 }

    /// A schedule with ticks every `intervalSeconds`.
    public init(intervalSeconds: Int64) throws(DecisionScheduleError) {
        guard intervalSeconds >= 1 else { throw .notPositive(seconds: intervalSeconds) }
        guard Self.secondsPerDay % intervalSeconds == 0 else { throw .doesNotDivideADay(seconds: intervalSeconds) }
        self.intervalSeconds = intervalSeconds
    }

    /// Whether `time` is a tick.
    public func isTick(_ time: Timestamp) -> Bool { floorToStep(time.nanoseconds) == time.nanoseconds }

    /// The latest tick at or before `time`.
    public func tick(atOrBefore time: Timestamp) -> Timestamp { Timestamp(nanoseconds: floorToStep(time.nanoseconds)) }

    /// The first tick strictly after `time`: when the clock should wake next.
    /// Nil past the last representable tick.
    public func tick(after time: Timestamp) -> Timestamp? {
        let (next, overflow) = floorToStep(time.nanoseconds).addingReportingOverflow(step)
        return overflow ? nil : Timestamp(nanoseconds: next)
    }

    /// How many ticks lie in `(last, now]`; 1 when `last` is nil and 0 when `now ≤ last`.
    /// Cheap, so a caller can decide what to do about a long outage before asking for the ticks.
    public func tickCount(after last: Timestamp?, upTo now: Timestamp) -> Int64 {
        guard let last else { return 1 }
        guard now > last else { return 0 }
        // floor(now) − floor(last) counts the boundaries in (last, now]; it is never negative.
        let (span, overflow) = floorToStep(now.nanoseconds).subtractingReportingOverflow(floorToStep(last.nanoseconds))
        return overflow ? Int64.max / step : span / step
    }

    /// Every tick in `(last, now]`, oldest first.
    ///
    /// - With `last` nil (a service starting mid-stream), only the latest tick
    ///   at or before `now`: ticks before the start are not replayed.
    /// - `last` need not be a tick itself; `now ≤ last` gives nothing.
    ///
    /// All ticks are returned, however many (after an outage of a day at 1 s,
    /// 86,400): the schedule does not decide whether missed ticks are caught
    /// up or skipped. Use ``tickCount(after:upTo:)`` to see the size first, or
    /// ``ticks(after:upTo:latest:)`` to keep only the newest.
    public func ticks(after last: Timestamp?, upTo now: Timestamp) -> [Timestamp] {
        ticks(after: last, upTo: now, latest: Int.max)
    }

    /// The newest at most `limit` ticks of `(last, now]`, oldest first (see ``ticks(after:upTo:)``).
    /// For a caller that would rather skip stale ticks after an outage than decide on an old market.
    public func ticks(after last: Timestamp?, upTo now: Timestamp, latest limit: Int) -> [Timestamp] {
        let newest = floorToStep(now.nanoseconds)
        let count = min(tickCount(after: last, upTo: now), Int64(max(0, limit)))
        guard count > 0 else { return [] }
        // Oldest kept tick first; newest − (count − 1) × step cannot overflow, since those ticks are after `last`.
        let first = newest - (count - 1) * step
        return (0..<count).map { Timestamp(nanoseconds: first + $0 * step) }
    }

    /// `t` rounded down to a multiple of the interval (toward −∞, also before 1970).
    /// Within one interval of `Int64.min` (the year 1677) the tick below is not
    /// representable and the one above is returned instead of trapping.
    private func floorToStep(_ t: Int64) -> Int64 {
        let r = t % step
        guard r < 0 else { return t - r }
        let (below, overflow) = (t - r).subtractingReportingOverflow(step)
        return overflow ? t - r : below
    }
}
