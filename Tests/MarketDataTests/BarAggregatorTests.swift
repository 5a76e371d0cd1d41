import ArenaCore
import ArenaTesting
import MarketData
import Testing

/// Exact decimal from text, for values with a fraction.
private func d(_ text: String) -> FixedDecimal { FixedDecimal(text)! }

/// A closed 1m bar at `minute` minutes after `base`, with close `c` and volume `v`.
private func minute(
    _ minute: Int64, o: FixedDecimal = 10, h: FixedDecimal = 12, l: FixedDecimal = 9, c: FixedDecimal = 11,
    v: FixedDecimal = 1, base: Int64 = 1_700_000_400_000, timeframe: Timeframe = .m1
) -> Bar {
    Bar(
        venue: SharedData.binance, symbol: try! Symbol("BTCUSDT"), timeframe: timeframe,
        openTime: Timestamp(milliseconds: base + minute * 60_000),
        open: o, high: h, low: l, close: c, volume: v
    )
}

private func makeAggregator(_ tf: Timeframe, gaps: GapPolicy = .flatBars, dropsLeadingPartial: Bool = true) throws -> BarAggregator {
    try BarAggregator(
        venue: SharedData.binance, symbol: try Symbol("BTCUSDT"), timeframe: tf, gapPolicy: gaps,
        dropsLeadingPartial: dropsLeadingPartial
    )
}

/// 1_700_000_400_000 ms is 2023-11-14 22:20:00 UTC: on the 5m grid, five minutes into a 15m bucket.
private let t0: Int64 = 1_700_000_400_000

@Suite(.cpuBound) struct BarAggregatorTests {
    @Test func buildsOHLCVWithExactSumsAndClosesOnTheLastMinute() throws {
        var agg = try makeAggregator(.m5)
        var out: [Bar] = []
        out += try agg.add(minute(0, o: 100, h: 101, l: 99, c: d("100.5"), v: d("0.1")))
        out += try agg.add(minute(1, o: d("100.5"), h: 105, l: 100, c: 104, v: d("0.2")))
        out += try agg.add(minute(2, o: 104, h: 104, l: 95, c: 96, v: d("0.00000001")))
        out += try agg.add(minute(3, o: 96, h: 97, l: 96, c: 97, v: 0))
        #expect(out.isEmpty)
        #expect(agg.formingBar?.isClosed == false)
        // The fifth minute's close is the bucket's end: the bar closes now, not on the next input.
        out += try agg.add(minute(4, o: 97, h: 98, l: d("96.5"), c: d("97.25"), v: 3))
        let bar = try #require(out.first)
        #expect(out.count == 1)
        #expect(bar.timeframe == .m5 && bar.isClosed)
        #expect(bar.openTime == Timestamp(milliseconds: t0))
        #expect((bar.open, bar.high, bar.low, bar.close) == (100, 105, 95, d("97.25")))
        #expect(bar.volume == FixedDecimal("3.30000001")!)  // 0.1 + 0.2 is exactly 0.3 here
        #expect(agg.formingBar == nil)
    }

    @Test(arguments: [Timeframe.m3, .m5, .m15, .h1, .h4, .d1])
    func bucketsAlignToTheUTCEpoch(tf: Timeframe) throws {
        var agg = try makeAggregator(tf, gaps: .skip, dropsLeadingPartial: false)
        var out: [Bar] = []
        // Two days of minutes starting off every grid but 1m.
        let start: Int64 = 7
        for m in start..<(start + 2 * 1_440) { out += try agg.add(minute(m)) }
        #expect(!out.isEmpty)
        for bar in out { #expect(bar.openTime.nanoseconds % tf.nanoseconds == 0) }
        // Consecutive, no overlap.
        for (a, b) in zip(out, out.dropFirst()) { #expect(b.openTime == a.closeTime) }
    }

    @Test func aMissingLastMinuteStillClosesTheBarOnTheClock() throws {
        var agg = try makeAggregator(.m5)
        for m in 0..<4 { #expect(try agg.add(minute(Int64(m))).isEmpty) }
        // Minute 4 never comes. Time passing the bucket's end closes it.
        #expect(try agg.advance(to: Timestamp(milliseconds: t0 + 299_999)).isEmpty)
        let closed = try agg.advance(to: Timestamp(milliseconds: t0 + 300_000))
        #expect(closed.count == 1)
        #expect(closed.first?.volume == 4)
        // The same happens when the next input is the clock.
        var replay = try makeAggregator(.m5)
        for m in 0..<4 { _ = try replay.add(minute(Int64(m))) }
        let byInput = try replay.add(minute(5))
        #expect(byInput == closed)
    }

    @Test func aQuietIntervalClosesFlatZeroVolumeBars() throws {
        var agg = try makeAggregator(.m5)
        for m in 0..<5 { _ = try agg.add(minute(Int64(m), c: d("11.5"))) }
        // Nothing for 15 minutes: three flat bars at the previous close.
        let quiet = try agg.advance(to: Timestamp(milliseconds: t0 + 20 * 60_000))
        #expect(quiet.count == 3)
        for (i, bar) in quiet.enumerated() {
            #expect(bar.openTime == Timestamp(milliseconds: t0 + Int64(5 + 5 * i) * 60_000))
            #expect((bar.open, bar.high, bar.low, bar.close, bar.volume) == (d("11.5"), d("11.5"), d("11.5"), d("11.5"), 0))
            #expect(bar.isClosed)
        }
        // Input resumes after a gap with no clock ticks: the skipped buckets are filled first.
        let resumed = try agg.add(minute(31))
        #expect(resumed.map(\.openTime) == [Timestamp(milliseconds: t0 + 20 * 60_000), Timestamp(milliseconds: t0 + 25 * 60_000)])
        #expect(resumed.allSatisfy { $0.volume == 0 && $0.close == d("11.5") })
    }

    @Test func theSkipPolicyLeavesHolesLikeExchangeFiles() throws {
        var agg = try makeAggregator(.m5, gaps: .skip)
        var out: [Bar] = []
        for m in [0, 1, 2, 3, 4, 22, 23, 24] as [Int64] { out += try agg.add(minute(m)) }
        #expect(out.map(\.openTime) == [Timestamp(milliseconds: t0), Timestamp(milliseconds: t0 + 20 * 60_000)])
        #expect(try agg.advance(to: Timestamp(milliseconds: t0 + 60 * 60_000)).isEmpty)
        // The clock moved on, so a bar for a skipped bucket is now late.
        #expect(throws: BarAggregatorError.self) { try agg.add(minute(40)) }
    }

    @Test func aStreamStartingMidBucketDoesNotPublishThatBucket() throws {
        var agg = try makeAggregator(.m15)  // t0 is 22:20, inside the 22:15 bucket
        var out: [Bar] = []
        for m in 0..<10 { out += try agg.add(minute(Int64(m), c: 42)) }
        #expect(out.isEmpty)  // the 22:15 bucket closed at 22:30, but its open is unknown
        #expect(agg.formingBar == nil)
        // Its close still prices a following quiet bar.
        let quiet = try agg.advance(to: Timestamp(milliseconds: t0 + 25 * 60_000))
        #expect(quiet.count == 1 && quiet.first?.close == 42)

        var keeping = try makeAggregator(.m15, dropsLeadingPartial: false)
        var kept: [Bar] = []
        for m in 0..<10 { kept += try keeping.add(minute(Int64(m))) }
        #expect(kept.map(\.openTime) == [Timestamp(milliseconds: t0 - 5 * 60_000)])
    }

    @Test func outOfOrderDuplicateAndLateInputIsRefusedWithoutChangingState() throws {
        var agg = try makeAggregator(.m5)
        _ = try agg.add(minute(0))
        _ = try agg.add(minute(2))
        #expect(throws: BarAggregatorError.outOfOrder(openTime: minute(2).openTime, previous: minute(2).openTime)) {
            try agg.add(minute(2))
        }
        #expect(throws: BarAggregatorError.outOfOrder(openTime: minute(1).openTime, previous: minute(2).openTime)) {
            try agg.add(minute(1))
        }
        _ = try agg.add(minute(4))  // closes the first bucket
        _ = try agg.advance(to: Timestamp(milliseconds: t0 + 10 * 60_000))
        #expect(throws: BarAggregatorError.self) { try agg.add(minute(7)) }
        // The refused bars left nothing behind: the first bucket holds minutes 0, 2 and 4 only.
        var clean = try makeAggregator(.m5)
        var expected: [Bar] = []
        for m in [0, 2, 4] as [Int64] { expected += try clean.add(minute(m)) }
        var again = try makeAggregator(.m5)
        var got: [Bar] = []
        for m in [0, 2] as [Int64] { got += try again.add(minute(m)) }
        _ = try? again.add(minute(1))
        got += try again.add(minute(4))
        #expect(got == expected)
        #expect(got.first?.volume == 3)
    }

    @Test func invalidInputAndConfigurationAreTypedErrors() throws {
        #expect(throws: BarAggregatorError.incompatibleTimeframes(input: .m3, target: .m5)) {
            try BarAggregator(venue: SharedData.binance, symbol: try Symbol("BTCUSDT"), timeframe: .m5, inputTimeframe: .m3)
        }
        var agg = try makeAggregator(.m5)
        #expect(throws: BarAggregatorError.wrongTimeframe(.m5)) { try agg.add(minute(0, timeframe: .m5)) }
        var unaligned = minute(0)
        unaligned.openTime = Timestamp(milliseconds: t0 + 1)
        #expect(throws: BarAggregatorError.misaligned(openTime: unaligned.openTime)) { try agg.add(unaligned) }
        var open = minute(0)
        open.isClosed = false
        #expect(throws: BarAggregatorError.notClosed(openTime: open.openTime)) { try agg.add(open) }
        var other = minute(0)
        other.symbol = try Symbol("ETHUSDT")
        #expect(throws: BarAggregatorError.self) { try agg.add(other) }
        _ = try agg.add(minute(0))
        // A corrupt far-future time would mean millions of flat bars; it is refused.
        #expect(throws: BarAggregatorError.self) { try agg.add(minute(10_000_000)) }
        #expect(try agg.add(minute(1)).isEmpty)  // and the aggregator still works
    }

    @Test func optionalTotalsAreSummedWhenEveryInputHasThem() throws {
        var agg = try makeAggregator(.m5)
        var out: [Bar] = []
        for m in 0..<5 as Range<Int64> {
            var bar = minute(m)
            bar.quoteVolume = FixedDecimal("10.5")!
            bar.tradeCount = 7
            bar.takerBuyVolume = FixedDecimal("0.25")!
            out += try agg.add(bar)
        }
        let bar = try #require(out.first)
        #expect(bar.quoteVolume == d("52.5") && bar.tradeCount == 35 && bar.takerBuyVolume == d("1.25"))
    }
}
