import LiveVenues
import Testing

@Suite struct ErrorCodeTests {
    /// Every documented code maps to its own case and back; its classification is the table below.
    @Test func everyMappedCodeRoundTripsAndIsClassified() {
        let unknown: Set = [-1000, -1001, -1006, -1007, -1008]
        let retry: Set = [-1003, -1015]
        let codes = [-1000, -1001, -1002, -1003, -1006, -1007, -1008, -1010, -1013, -1014, -1015, -1016, -1020, -1021, -1022,
                     -1100, -1101, -1102, -1103, -1104, -1105, -1106, -1111, -1112, -1114, -1115, -1116, -1117, -1118, -1119,
                     -1120, -1121, -1125, -1130, -1135, -2010, -2011, -2013, -2014, -2015, -2016, -2018, -2019, -2020, -2021,
                     -2022, -2025, -2026, -4001, -4002, -4003, -4004, -4005, -4013, -4014, -4023, -4116, -4164]
        var cases = Set<BinanceErrorCode>()
        for code in codes {
            let c = BinanceErrorCode(code: code)
            #expect(c.code == code)
            if case .undocumented = c { Issue.record("\(code) is not mapped") }
            cases.insert(c)
            let expected: BinanceOutcome = code == -1021 ? .clockSkew : unknown.contains(code) ? .unknown : retry.contains(code) ? .retryAfter(nil) : .rejected
            #expect(c.outcome == expected, "\(code)")
        }
        #expect(cases.count == codes.count)
        #expect(BinanceErrorCode(code: -1013) == .invalidMessage)
        #expect(BinanceErrorCode(code: -2010) == .newOrderRejected)
        #expect(BinanceErrorCode(code: -2019) == .marginNotSufficient)
        #expect(BinanceErrorCode(code: -1021) == .invalidTimestamp)
        #expect(BinanceErrorCode(code: -9999) == .undocumented(-9999))
        #expect(BinanceErrorCode(code: -9999).outcome == .unknown)
    }

    @Test func transportAndHTTPOutcomes() {
        #expect(BinanceVenueError.timedOut.outcome == .unknown)
        #expect(BinanceVenueError.http(status: 503, retryAfter: nil, bodyPrefix: "").outcome == .unknown)
        #expect(BinanceVenueError.http(status: 502, retryAfter: nil, bodyPrefix: "").outcome == .unknown)
        #expect(BinanceVenueError.http(status: 404, retryAfter: nil, bodyPrefix: "").outcome == .rejected)
        #expect(BinanceVenueError.http(status: 429, retryAfter: .seconds(3), bodyPrefix: "").outcome == .retryAfter(.seconds(3)))
        #expect(BinanceVenueError.http(status: 418, retryAfter: .seconds(120), bodyPrefix: "").outcome == .retryAfter(.seconds(120)))
        #expect(BinanceVenueError.api(.tooManyRequests, message: "", httpStatus: 429, retryAfter: .seconds(2)).outcome == .retryAfter(.seconds(2)))
        #expect(BinanceVenueError.api(.newOrderRejected, message: "", httpStatus: 400, retryAfter: nil).outcome == .rejected)
        // A 5xx with an error body that would otherwise be a rejection is still unknown: the status wins.
        #expect(BinanceVenueError.api(.newOrderRejected, message: "", httpStatus: 503, retryAfter: nil).outcome == .unknown)
        #expect(BinanceVenueError.transport("refused", mayHaveBeenSent: false).outcome == .rejected)
        #expect(BinanceVenueError.transport("reset", mayHaveBeenSent: true).outcome == .unknown)
        #expect(BinanceVenueError.decoding("?").outcome == .unknown)
        #expect(BinanceVenueError.rateLimitedLocally(remaining: .seconds(1)).outcome == .retryAfter(.seconds(1)))
    }
}
