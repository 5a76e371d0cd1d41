import ArenaCore

/// One calendar month (UTC) as a range of nanosecond timestamps: the unit
/// of PostgreSQL's time-series partitions.
public struct MonthPartition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year.
    public let year: Int
    /// The month, 1–12.
    public let month: Int

    /// The month `month` (1–12) of `year`.
    public init(year: Int, month: Int) {
        // Normalise so that arithmetic (month + 1, month - 1) can overflow into the year.
        let zeroBased = year * 12 + (month - 1)
        self.year = zeroBased >= 0 ? zeroBased / 12 : (zeroBased - 11) / 12
        self.month = zeroBased - self.year * 12 + 1
    }

    /// The month that contains `time`.
    public init(containing time: Timestamp) {
        let seconds = time.nanoseconds >= 0 ? time.nanoseconds / 1_000_000_000 : (time.nanoseconds + 1) / 1_000_000_000 - 1
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let (y, m) = Self.civil(fromDays: days)
        self.init(year: y, month: m)
    }

    /// The first nanosecond of the month.
    public var start: Timestamp { Timestamp(nanoseconds: Self.days(year: year, month: month) * 86_400 * 1_000_000_000) }
    /// The first nanosecond of the next month (the range's exclusive end).
    public var end: Timestamp { advanced(by: 1).start }

    /// The month `count` months later (earlier when negative).
    public func advanced(by count: Int) -> MonthPartition { MonthPartition(year: year, month: month + count) }

    /// `2024_08`: the suffix of the partition's table name.
    public var suffix: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        return "\(year)_\(m)"
    }

    /// `2024-08`.
    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }

    /// Earlier months first.
    public static func < (lhs: MonthPartition, rhs: MonthPartition) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    /// Whether nanosecond timestamps can represent the whole month (years
    /// 1678–2261); partitions are only created for such months.
    public var isRepresentable: Bool { year >= 1678 && year <= 2261 }

    /// Days since 1970-01-01 of the first day of `month` (Howard Hinnant's days-from-civil).
    static func days(year: Int, month: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64(month > 2 ? month - 3 : month + 9)
        let doy = (153 * mp + 2) / 5
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Year and month of a day count since 1970-01-01 (Hinnant's civil-from-days).
    static func civil(fromDays z0: Int64) -> (Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m))
    }
}
