/// A reporting period in UTC: a day, an ISO week (from Monday) or a calendar month.
public enum ReportPeriod: String, Sendable, Codable, CaseIterable {
    case daily, weekly, monthly

    static let day: Int64 = 86_400_000

    /// The start (ms since the epoch, UTC) of the period containing `time`.
    public func start(containing time: Int64) -> Int64 {
        let dayStart = time - ((time % Self.day) + Self.day) % Self.day
        switch self {
        case .daily:
            return dayStart
        case .weekly:
            // 1970-01-01 was a Thursday: days since a Monday are (days + 3) mod 7.
            let days = dayStart / Self.day
            return dayStart - ((days + 3) % 7 + 7) % 7 * Self.day
        case .monthly:
            let (year, month, _) = Self.civil(fromDays: dayStart / Self.day)
            return Self.days(year: year, month: month, day: 1) * Self.day
        }
    }

    /// The start of the period after the one starting at `start`.
    public func next(after start: Int64) -> Int64 {
        switch self {
        case .daily: return start + Self.day
        case .weekly: return start + 7 * Self.day
        case .monthly:
            let (year, month, _) = Self.civil(fromDays: start / Self.day)
            return Self.days(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1) * Self.day
        }
    }

    /// `2023-04-01`: the period's first day.
    public static func label(_ start: Int64) -> String {
        let (year, month, day) = civil(fromDays: start / Self.day)
        return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    /// Midnight UTC of a calendar date, in ms since the epoch.
    public static func startOfDay(year: Int64, month: Int64, day: Int64) -> Int64 { days(year: year, month: month, day: day) * Self.day }

    /// Howard Hinnant's days-from-civil and civil-from-days (proleptic Gregorian, UTC).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z: Int64) -> (Int64, Int64, Int64) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
