#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point in time as integer nanoseconds since the Unix epoch (UTC).
///
/// Integer nanoseconds keep event times exact and ordered across services;
/// exchange millisecond and microsecond stamps convert without loss.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public var nanoseconds: Int64

    /// Creates a timestamp from nanoseconds since the epoch.
    @inlinable
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// Creates a timestamp from milliseconds since the epoch (exchange style).
    @inlinable
    public init(milliseconds: Int64) { self.nanoseconds = milliseconds &* 1_000_000 }

    /// Milliseconds since the epoch, rounded toward negative infinity.
    public var milliseconds: Int64 {
        nanoseconds >= 0 ? nanoseconds / 1_000_000 : (nanoseconds - 999_999) / 1_000_000
    }

    /// Seconds since the epoch as a `Double`, for display.
    public var secondsSinceEpoch: Double { Double(nanoseconds) / 1e9 }

    /// This instant shifted by `duration`.
    public func advanced(by duration: Duration) -> Timestamp {
        let (s, a) = duration.components
        return Timestamp(nanoseconds: nanoseconds + s * 1_000_000_000 + a / 1_000_000_000)
    }

    /// The time from `other` to `self`.
    public func duration(since other: Timestamp) -> Duration {
        .nanoseconds(nanoseconds - other.nanoseconds)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    public init(from decoder: any Decoder) throws {
        nanoseconds = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(nanoseconds)
    }

    /// ISO 8601 in UTC with millisecond precision: `2024-08-01T00:00:00.123Z`.
    public var description: String {
        let ms = milliseconds
        let secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let millis = Int(ms - secs * 1000)
        let days = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
        let rem = Int(secs - days * 86_400)
        let (y, m, d) = CivilDate.fromDays(days)
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: Swift.max(0, w - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rem / 3600, 2)):\(pad(rem / 60 % 60, 2)):\(pad(rem % 60, 2)).\(pad(millis, 3))Z"
    }
}

/// Proleptic Gregorian conversions (Howard Hinnant's days-from-civil algorithm).
enum CivilDate {
    static func fromDays(_ z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }
}
