/// How long a provider asks to be left alone: the `Retry-After` header (RFC 9110 §10.2.3) and
/// Google's `RetryInfo.retryDelay`. Pure: an HTTP date is taken relative to the response's own
/// `Date` header, never to a clock here.
public enum RetryAfter {
    /// The wait `response` asks for: `retry-after-ms` (milliseconds; not in any RFC, but OpenAI-style
    /// servers send it and OpenAI's SDKs read it first, as the finer figure), else `Retry-After`.
    /// Nil when neither is there or readable.
    public static func delay(in response: HTTPResponseSpec) -> Duration? {
        if let value = response.header("retry-after-ms"), let milliseconds = decimal(value.trimmed) {
            return milliseconds / 1_000
        }
        return response.header("Retry-After").flatMap { parse($0, date: response.header("Date")) }
    }

    /// A `Retry-After` value: delay-seconds (`120`; a decimal such as `1.5` is accepted too), or an HTTP-date
    /// taken relative to `date`, the response's `Date` header (no `Date`, no wait can be told from a date).
    /// A date already past is no wait.
    public static func parse(_ value: String, date: String?) -> Duration? {
        let value = value.trimmed
        if let seconds = decimal(value) { return seconds }
        guard let until = httpDate(value), let now = date.flatMap(httpDate) else { return nil }
        return .seconds(max(0, until - now))
    }

    /// An HTTP-date as seconds since 1970: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), and the two
    /// obsolete forms RFC 9110 §5.6.7 says recipients must still read, RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`)
    /// and asctime (`Sun Nov  6 08:49:37 1994`). The weekday is not checked.
    public static func httpDate(_ text: String) -> Int64? {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        let day: String, month: String, year: String, time: String
        switch fields.count {
        case 6 where fields[5] == "GMT":  // IMF-fixdate
            (day, month, year, time) = (fields[1], fields[2], fields[3], fields[4])
        case 4 where fields[3] == "GMT":  // RFC 850: 06-Nov-94
            let parts = fields[1].split(separator: "-").map(String.init)
            guard parts.count == 3, parts[2].count == 2, let short = Int(parts[2]) else { return nil }
            // RFC 9110: a two-digit year more than 50 years ahead is the past century's; 70 is the usual cut.
            (day, month, year, time) = (parts[0], parts[1], String(short < 70 ? 2000 + short : 1900 + short), fields[2])
        case 5:  // asctime: Nov  6 08:49:37 1994
            (day, month, year, time) = (fields[2], fields[1], fields[4], fields[3])
        default:
            return nil
        }
        let clock = time.split(separator: ":").compactMap { Int($0) }
        guard let d = Int(day), (1...31).contains(d), let m = months.firstIndex(of: month).map({ $0 + 1 }),
            year.count == 4, let y = Int(year),
            clock.count == 3, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]), (0...60).contains(clock[2])
        else { return nil }
        return daysSinceEpoch(year: y, month: m, day: d) * 86_400 + Int64(clock[0] * 3_600 + clock[1] * 60 + clock[2])
    }

    /// A `google.protobuf.Duration` in its JSON form: seconds with up to nine fractional digits and an `s`
    /// (`"2s"`, `"1.5s"`, `"0.000000500s"`), as Gemini's `RetryInfo.retryDelay` carries it.
    public static func protobufDuration(_ text: String) -> Duration? {
        guard text.hasSuffix("s") else { return nil }
        return decimal(String(text.dropLast()))
    }

    /// `digits[.digits]` (at most nine fractional digits) as that many seconds, exactly; nil for anything else
    /// (signs, exponents, `inf`).
    static func decimal(_ text: String) -> Duration? {
        let number = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(number.count), number.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
            let seconds = Int64(number[0])
        else { return nil }
        guard number.count == 2 else { return .seconds(seconds) }
        let fraction = number[1]
        guard fraction.count <= 9, var nanoseconds = Int64(fraction) else { return nil }
        for _ in fraction.count..<9 { nanoseconds *= 10 }
        return .seconds(seconds) + .nanoseconds(nanoseconds)
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * Int64(month > 2 ? month - 3 : month + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

extension String {
    fileprivate var trimmed: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
