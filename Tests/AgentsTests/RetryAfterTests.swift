import Testing

@testable import Agents

/// `Retry-After` (delay-seconds and the three HTTP-date forms of RFC 9110) and Google's protobuf durations.
@Suite struct RetryAfterTests {
    /// RFC 9110's example date, 1994-11-06 08:49:37 UTC, in seconds since 1970.
    static let rfcExample: Int64 = 784_111_777

    @Test func delaySecondsAreRead() {
        #expect(RetryAfter.parse("120", date: nil) == .seconds(120))
        #expect(RetryAfter.parse(" 3 ", date: nil) == .seconds(3))
        #expect(RetryAfter.parse("0", date: nil) == .zero)
        #expect(RetryAfter.parse("1.5", date: nil) == .milliseconds(1_500))
        for bad in ["", "-1", "+1", "1e3", "inf", "0x10", "1.", ".5", "soon", "99999999999999999999"] {
            #expect(RetryAfter.parse(bad, date: nil) == nil, "\(bad)")
        }
    }

    @Test func httpDatesAreReadInAllThreeForms() {
        #expect(RetryAfter.httpDate("Sun, 06 Nov 1994 08:49:37 GMT") == Self.rfcExample)
        #expect(RetryAfter.httpDate("Sunday, 06-Nov-94 08:49:37 GMT") == Self.rfcExample)
        #expect(RetryAfter.httpDate("Sun Nov  6 08:49:37 1994") == Self.rfcExample)
        #expect(RetryAfter.httpDate("Thu, 01 Jan 1970 00:00:00 GMT") == 0)
        #expect(RetryAfter.httpDate("Fri, 01 Mar 2024 00:00:00 GMT")! - RetryAfter.httpDate("Wed, 28 Feb 2024 00:00:00 GMT")! == 2 * 86_400)
        #expect(RetryAfter.httpDate("Tuesday, 01-Jan-30 00:00:00 GMT") == RetryAfter.httpDate("Tue, 01 Jan 2030 00:00:00 GMT"))
        for bad in [
            "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 94 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 06 Nov 1994 08:49 GMT", "06 Nov 1994", "",
        ] {
            #expect(RetryAfter.httpDate(bad) == nil, "\(bad)")
        }
    }

    @Test func httpDatesAreTakenAgainstTheResponseDate() {
        let date = "Sun, 06 Nov 1994 08:49:37 GMT"
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:50:07 GMT", date: date) == .seconds(30))
        // Already past: no wait. No Date header: nothing to measure from.
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:00 GMT", date: date) == .zero)
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:50:07 GMT", date: nil) == nil)
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:50:07 GMT", date: "yesterday") == nil)
    }

    @Test func responseHeadersArePreferredFinestFirst() {
        func response(_ headers: [(String, String)]) -> HTTPResponseSpec {
            HTTPResponseSpec(status: 429, headers: headers.map { HTTPHeaderField($0.0, $0.1) }, body: [])
        }
        #expect(RetryAfter.delay(in: response([("Retry-After", "2")])) == .seconds(2))
        #expect(RetryAfter.delay(in: response([("retry-after", "2"), ("retry-after-ms", "1250")])) == .milliseconds(1_250))
        #expect(RetryAfter.delay(in: response([("retry-after", "2"), ("retry-after-ms", "soon")])) == .seconds(2))
        #expect(RetryAfter.delay(in: response([("DATE", "Sun, 06 Nov 1994 08:49:37 GMT"), ("RETRY-AFTER", "Sun, 06 Nov 1994 08:49:47 GMT")])) == .seconds(10))
        #expect(RetryAfter.delay(in: response([])) == nil)
    }

    @Test func protobufDurationsAreRead() {
        #expect(RetryAfter.protobufDuration("2s") == .seconds(2))
        #expect(RetryAfter.protobufDuration("22s") == .seconds(22))
        #expect(RetryAfter.protobufDuration("1.5s") == .milliseconds(1_500))
        #expect(RetryAfter.protobufDuration("8.941621227s") == .seconds(8) + .nanoseconds(941_621_227))
        #expect(RetryAfter.protobufDuration("0.000000500s") == .nanoseconds(500))
        for bad in ["2", "s", "-1s", "1.s", ".5s", "1.1234567890s", "1e3s", "2 s", "2S"] {
            #expect(RetryAfter.protobufDuration(bad) == nil, "\(bad)")
        }
    }
}
