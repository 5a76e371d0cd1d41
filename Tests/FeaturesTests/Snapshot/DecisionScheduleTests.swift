import ArenaCore
import ArenaTesting
import Testing
@testable import Features

/// The arena clock's tick arithmetic: aligned ticks, `(last, now]`, a cold start, refused intervals.
@Suite(.cpuBound) struct DecisionScheduleTests {
    /// 2024-08-08 23:54:15.250 UTC.
    static let now = Timestamp(milliseconds: 1_723_161_255_250)
    static func at(_ text: String) -> Timestamp {
        // "HH:MM:SS" on 2024-08-08 (or the next day with a leading "+").
        let nextDay = text.hasPrefix("+")
        let parts = text.drop { $0 == "+" }.split(separator: ":").map { Int64($0)! }
        let midnight: Int64 = 1_723_075_200  // 2024-08-08 00:00:00 UTC
        return Timestamp(milliseconds: (midnight + (nextDay ? 86_400 : 0) + parts[0] * 3600 + parts[1] * 60 + parts[2]) * 1000)
    }

    @Test func fiveMinuteTicksLandOnFiveMinuteBarCloses() throws {
        let s = try DecisionSchedule(intervalSeconds: 300)
        #expect(s.tick(atOrBefore: Self.now) == Self.at("23:50:00"))
        #expect(s.tick(after: Self.now) == Self.at("23:55:00"))
        let ticks = s.ticks(after: Self.at("23:50:00"), upTo: Self.at("+00:07:30"))
        #expect(ticks == [Self.at("23:55:00"), Self.at("+00:00:00"), Self.at("+00:05:00")])
        #expect(ticks.map(\.description) == ["2024-08-08T23:55:00.000Z", "2024-08-09T00:00:00.000Z", "2024-08-09T00:05:00.000Z"])
        // Every tick is a 5m bar's close: the end of the bar that opened 5 minutes earlier.
        for tick in ticks {
            let open = Timeframe.m5.openTime(containing: tick.advanced(by: .nanoseconds(-1)))
            #expect(open.advanced(by: .seconds(Timeframe.m5.seconds)) == tick)
            #expect(s.isTick(tick) && !s.isTick(tick.advanced(by: .nanoseconds(1))))
        }
        // Hourly ticks fall on the hour, 15 s ticks on quarter minutes.
        #expect(try DecisionSchedule(intervalSeconds: 3600).tick(atOrBefore: Self.now) == Self.at("23:00:00"))
        #expect(try DecisionSchedule(intervalSeconds: 15).tick(atOrBefore: Self.now) == Self.at("23:54:15"))
    }

    @Test func ticksAreTheBoundariesInAHalfOpenInterval() throws {
        let s = try DecisionSchedule(intervalSeconds: 300)
        // `last` excluded, `now` included.
        #expect(s.ticks(after: Self.at("23:50:00"), upTo: Self.at("23:55:00")) == [Self.at("23:55:00")])
        #expect(s.ticks(after: Self.at("23:55:00"), upTo: Self.at("23:55:00")).isEmpty)
        #expect(s.ticks(after: Self.at("23:55:00"), upTo: Self.at("23:59:59")).isEmpty)
        #expect(s.ticks(after: Self.at("23:55:00"), upTo: Self.at("23:50:00")).isEmpty)
        // A `last` between ticks.
        #expect(s.ticks(after: Self.at("23:52:10"), upTo: Self.at("23:55:00")) == [Self.at("23:55:00")])
        #expect(s.tickCount(after: Self.at("23:52:10"), upTo: Self.at("+00:52:10")) == 12)
    }

    @Test func withoutALastTickOnlyTheLatestBoundaryIsReturned() throws {
        let s = try DecisionSchedule(intervalSeconds: 300)
        #expect(s.ticks(after: nil, upTo: Self.now) == [Self.at("23:50:00")])
        #expect(s.ticks(after: nil, upTo: Self.at("23:55:00")) == [Self.at("23:55:00")])
        #expect(s.tickCount(after: nil, upTo: Self.now) == 1)
    }

    @Test func aLongGapReturnsEveryTickUnlessTheCallerLimitsIt() throws {
        let s = try DecisionSchedule(intervalSeconds: 60)
        let all = s.ticks(after: Self.at("22:00:00"), upTo: Self.at("23:00:00"))
        #expect(all.count == 60 && all.first == Self.at("22:01:00") && all.last == Self.at("23:00:00"))
        #expect(s.ticks(after: Self.at("22:00:00"), upTo: Self.at("23:00:00"), latest: 3) == Array(all.suffix(3)))
        #expect(s.ticks(after: Self.at("22:00:00"), upTo: Self.at("23:00:00"), latest: 0).isEmpty)
    }

    @Test func theArithmeticMatchesABruteForceAlsoBefore1970() throws {
        for interval: Int64 in [1, 600, 900] {
            let s = try DecisionSchedule(intervalSeconds: interval)
            let step = interval * 1_000_000_000
            for (a, b) in [(-3_000, 2_000), (1_723_161_000, 1_723_164_000), (-1, 0)] as [(Int64, Int64)] {
                let last = Timestamp(nanoseconds: a * 1_000_000_000 + 123), now = Timestamp(nanoseconds: b * 1_000_000_000 + 7)
                var expected: [Timestamp] = []
                var t = (a - 2 * interval) / interval * interval * 1_000_000_000
                while t <= now.nanoseconds {
                    if t > last.nanoseconds { expected.append(Timestamp(nanoseconds: t)) }
                    t += step
                }
                #expect(s.ticks(after: last, upTo: now) == expected, "interval \(interval), (\(a), \(b)]")
                #expect(s.tickCount(after: last, upTo: now) == Int64(expected.count))
            }
        }
        #expect(try DecisionSchedule(intervalSeconds: 300).tick(atOrBefore: Timestamp(nanoseconds: -1)) == Timestamp(nanoseconds: -300_000_000_000))
    }

    @Test func intervalsThatDoNotDivideADayAreRefused() throws {
        #expect(throws: DecisionScheduleError.notPositive(seconds: 0)) { try DecisionSchedule(intervalSeconds: 0) }
        #expect(throws: DecisionScheduleError.notPositive(seconds: -300)) { try DecisionSchedule(intervalSeconds: -300) }
        #expect(throws: DecisionScheduleError.doesNotDivideADay(seconds: 7)) { try DecisionSchedule(intervalSeconds: 7) }
        // Seven minutes is a whole number of minutes but does not divide a day either.
        #expect(throws: DecisionScheduleError.doesNotDivideADay(seconds: 420)) { try DecisionSchedule(intervalSeconds: 420) }
        #expect(throws: DecisionScheduleError.doesNotDivideADay(seconds: 172_800)) { try DecisionSchedule(intervalSeconds: 172_800) }
        for ok: Int64 in [1, 15, 60, 300, 600, 900, 3600, 7200, 86_400] { #expect(try DecisionSchedule(intervalSeconds: ok).intervalSeconds == ok) }
    }
}
