import ArenaCore
import ArenaTesting
import Foundation
import MarketData
import MarketDataLive
import Testing

/// The positioning poller against the fake exchange over real HTTP: it asks
/// at start and then on the 5-minute grid plus a delay (on a simulated clock),
/// hands each period's point on once, waits for a lagging statistic before
/// going without it, honours a 429's Retry-After, and logs and counts every
/// error by kind without defaulting a value.
@Suite(.serialized) struct PositioningPollerTests {
    typealias P = PositioningFixture

    /// Advances `clock` to its next sleeper and waits until `sleepers` tasks sleep
    /// again (one per symbol within a poll, the run loop alone between polls).
    @discardableResult
    func step(_ clock: SimulatedClock, sleepers: Int) async throws -> Timestamp {
        let wake = try #require(clock.nextWake)
        clock.advance(to: wake)
        let asleep = await within { clock.sleeping == sleepers && (clock.nextWake.map { $0 > wake } ?? false) }
        #expect(asleep, "the poller did not sleep again after \(wake)")
        return wake
    }

    @Test func asksAtStartThenOnTheGridAndHandsEachPointOnOnce() async throws {
        let exchange = try await FakeExchange(FakeExchange.Configuration())
        defer { exchange.stop() }
        P.publish(exchange, at: P.t0)
        P.publish(exchange, at: P.t0, symbol: P.eth)
        let clock = SimulatedClock(start: P.at(130))  // 23:52:10, mid-period
        let rest = P.client(exchange), logs = LogCapture(), delivered = Delivered()
        let schedule = PositioningSchedule(delay: .seconds(20), retryInterval: .seconds(30), patience: .seconds(60))
        let poller = PositioningPoller(venue: P.usdm, symbols: [P.btc, P.eth], rest: rest, schedule: schedule, clock: clock, logger: logs.logger)
        let running = Task { await poller.run { delivered.append($0) } }
        defer { running.cancel() }

        // At start: the venue's newest point of each symbol at once, then asleep until 23:55:20.
        #expect(await within { clock.nextWake == P.at(320) })
        #expect(Set(delivered.all.map(\.symbol)) == [P.btc, P.eth])
        #expect(delivered.all.first { $0.symbol == P.btc } == P.expected(at: P.t0))
        var counted = await rest.counted
        #expect(counted.weight == 0 && counted.statisticsRequests == 6)
        #expect(exchange.restCalls == 6)

        // 23:55:20: the venue has published BTC's open interest for 23:55 only; ETH nothing new.
        exchange.statistics.add(openInterest: P.openInterest(P.at(300)))
        try await step(clock, sleepers: 2)
        #expect(clock.nextWake == P.at(350))  // asking again for what lags
        #expect(delivered.all.count == 2)
        // 23:55:50: the long/short ratio has come; the top traders' never does.
        exchange.statistics.add(accountRatio: P.ratio(P.at(300)), top: false)
        try await step(clock, sleepers: 2)
        #expect(try await step(clock, sleepers: 1) == P.at(380))
        // Patience spent: the point goes with what is there, once; the next poll is at 00:00:20.
        #expect(clock.nextWake == P.at(620))
        let btc = delivered.all.filter { $0.symbol == P.btc }
        #expect(btc.map(\.eventTime) == [P.t0, P.at(300)])
        #expect(btc.last == P.expected(at: P.at(300), without: [.topTraderLongShare]))
        #expect(delivered.all.filter { $0.symbol == P.eth }.count == 1)
        let counters = poller.counters
        #expect(counters["positioning_published"] == 3)
        #expect(counters["positioning_missing_statistics"] == 1)
        #expect(counters["positioning_no_new_point"] == 1)  // ETH's 23:50 point again: not handed on twice
        // Asked: 6 at start; BTC 3 + 2 + 1; ETH 3 + 3 + 3 (nothing newer, so everything again).
        #expect(counters["positioning_requests"] == 21)
        counted = await rest.counted
        #expect(counted.weight == 0 && counted.statisticsRequests == 21)
        #expect(FakeStatistics.Endpoint.allCases.map { exchange.statistics.calls($0) } == [6, 7, 8])
        #expect(Set(logs.warnings.compactMap { $0.metadata["problem"] }) == ["positioning_missing_statistics", "positioning_no_new_point"])

        // 00:00:20: complete new points go at once.
        P.publish(exchange, at: P.at(600))
        P.publish(exchange, at: P.at(600), symbol: P.eth)
        try await step(clock, sleepers: 1)
        #expect(clock.nextWake == P.at(920))
        #expect(delivered.all.filter { $0.symbol == P.btc }.last == P.expected(at: P.at(600)))
        #expect(poller.lastPublished(P.btc) == P.at(600))
    }

    @Test func aRateLimitIsWaitedOutAsRetryAfterSays() async throws {
        let exchange = try await FakeExchange(FakeExchange.Configuration())
        defer { exchange.stop() }
        P.publish(exchange, at: P.t0)
        let poller = PositioningPoller(venue: P.usdm, symbols: [P.btc], rest: P.client(exchange), schedule: PositioningSchedule(patience: .zero))
        try await LiveData.control(exchange, "ratelimit?count=1")
        let delivered = Delivered(), started = ContinuousClock.now
        await poller.poll { delivered.append($0) }
        // The first call got 429 with Retry-After: 1; it went again a second later and the point is whole.
        #expect(ContinuousClock.now - started >= .seconds(1))
        #expect(delivered.all == [P.expected(at: P.t0)])
        #expect(exchange.restCalls == 4 && exchange.statistics.calls(.openInterestHist) == 2)
        #expect(poller.counters["positioning_rate_limited"] == nil)
    }

    @Test func errorsAreTypedLoggedAndCountedAndNothingIsDefaulted() async throws {
        let exchange = try await FakeExchange(FakeExchange.Configuration())
        defer { exchange.stop() }
        P.publish(exchange, at: P.t0)
        let logs = LogCapture(), delivered = Delivered()
        let poller = PositioningPoller(
            venue: P.usdm, symbols: [P.btc], rest: P.client(exchange, maxAttempts: 1), schedule: PositioningSchedule(patience: .zero),
            logger: logs.logger
        )
        // Malformed JSON, a row without `shortAccount`, and a 400 with Binance's error body.
        exchange.statistics.fail(.openInterestHist, body: #"[{"symbol":"BTCUSDT","sumOpen"#)
        exchange.statistics.fail(.globalLongShortAccountRatio, body: #"[{"symbol":"BTCUSDT","longShortRatio":"1.9559","longAccount":"0.6617","timestamp":1723161000000}]"#)
        exchange.statistics.fail(.topLongShortAccountRatio, status: 400, body: #"{"code":-1121,"msg":"Invalid symbol."}"#)
        await poller.poll { delivered.append($0) }
        #expect(delivered.all.isEmpty)
        #expect(poller.counters["positioning_decoding_errors"] == 2 && poller.counters["positioning_http_errors"] == 1)
        #expect(poller.counters["positioning_no_new_point"] == 1 && poller.counters["positioning_published"] == nil)
        let problems = logs.warnings.compactMap { $0.metadata["problem"] }
        #expect(problems == ["positioning_decoding_errors", "positioning_decoding_errors", "positioning_http_errors", "positioning_no_new_point"])
        #expect(logs.warnings[1].metadata["error"]?.contains("shortAccount") == true)
        #expect(logs.warnings[2].metadata["error"]?.contains("-1121") == true)

        // One statistic failing: the point goes without it (absent, not zero), and a 429 past the retries is its own kind.
        try await LiveData.control(exchange, "ratelimit?count=1")
        await poller.poll { delivered.append($0) }
        #expect(delivered.all == [P.expected(at: P.t0, without: [.openInterest])])
        #expect(poller.counters["positioning_rate_limited"] == 1 && poller.counters["positioning_missing_statistics"] == 1)

        // A spot client has no statistics: refused without a request.
        let spot = BinanceRESTClient(venue: P.usdm, market: .spot, baseURL: "http://127.0.0.1:\(exchange.port)")
        let calls = exchange.restCalls
        await #expect(throws: BinanceRESTError.self) { try await spot.openInterestHistory(symbol: P.btc) }
        #expect(exchange.restCalls == calls)
    }

    @Test func theStatisticsBudgetCountsRequestsPerFiveMinutes() {
        var limiter = RequestWeightLimiter(budget: BinanceRequestWeight.statisticsRequestBudget, window: BinanceRequestWeight.statisticsWindow)
        let start = P.t0  // a 5-minute boundary
        for i in 0..<800 { #expect(limiter.reserve(weight: 1, at: start.advanced(by: .milliseconds(Int64(i)))) == .zero) }
        // The 801st waits for the next 5-minute window, then goes.
        #expect(limiter.reserve(weight: 1, at: P.at(100)) == .seconds(200))
        #expect(limiter.reserve(weight: 1, at: P.at(300)) == .zero && limiter.used(at: P.at(300)) == 1)
        #expect(BinanceRequestWeight.statistics == 0 && BinanceRequestWeight.statisticsRequestBudget * 5 == 4_000)
        #expect(PositioningSchedule().nextPoll(after: P.at(19)) == P.at(20) && PositioningSchedule().nextPoll(after: P.at(20)) == P.at(320))
    }
}
