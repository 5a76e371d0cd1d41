import ArenaCore
import ArenaTesting
import MarketData
import Testing

/// Bars from trades: values, closing on the clock, quiet minutes, ordering.
@Suite(.cpuBound) struct TradeBarBuilderTests {
    static let t0: Int64 = 1_723_161_240_000  // 2024-08-08 23:54:00 UTC, a minute boundary

    static func trade(_ id: Int64, _ price: String, _ quantity: String, at ms: Int64, _ side: Side = .buy) -> Trade {
        Trade(
            venue: ReplayTest.binance, symbol: ReplayTest.btc, market: .spot, tradeID: id,
            price: FixedDecimal(price)!, quantity: FixedDecimal(quantity)!, takerSide: side,
            eventTime: Timestamp(milliseconds: ms), receiveTime: Timestamp(milliseconds: ms)
        )
    }

    static func builder(_ gaps: GapPolicy = .flatBars) -> TradeBarBuilder {
        TradeBarBuilder(venue: ReplayTest.binance, symbol: ReplayTest.btc, gapPolicy: gaps)
    }

    @Test func oneMinuteOfTradesIsExact() throws {
        var b = Self.builder()
        #expect(try b.add(Self.trade(1, "61837.63", "0.02", at: Self.t0 + 100, .sell)).isEmpty)
        #expect(try b.add(Self.trade(2, "61840.00", "0.00140000", at: Self.t0 + 20_000)).isEmpty)
        #expect(try b.add(Self.trade(3, "61830.01", "1.5", at: Self.t0 + 59_999, .buy)).isEmpty)
        #expect(b.formingBar?.isClosed == false && b.formingBar?.close == FixedDecimal("61830.01")!)
        // A trade exactly on the next minute opens the next bar and closes this one.
        let closed = try b.add(Self.trade(4, "61831", "1", at: Self.t0 + 60_000))
        let bar = try #require(closed.first)
        #expect(closed.count == 1 && bar.isClosed && bar.timeframe == .m1 && bar.openTime == Timestamp(milliseconds: Self.t0))
        #expect(bar.open == FixedDecimal("61837.63")! && bar.high == 61840 && bar.low == FixedDecimal("61830.01")! && bar.close == FixedDecimal("61830.01")!)
        #expect(bar.volume == FixedDecimal("1.5214")! && bar.tradeCount == 3 && bar.takerBuyVolume == FixedDecimal("1.5014")!)
        // 1236.7526 + 86.576 + 92745.015 exactly.
        #expect(bar.quoteVolume == FixedDecimal("94068.3436")!)
    }

    /// Each notional has 16 decimals; the sum is rounded once, half to even, to 12.
    @Test func quoteVolumeIsRoundedOncePerBar() throws {
        var b = Self.builder()
        _ = try b.add(Self.trade(1, "0.00000001", "0.00000001", at: Self.t0))  // 1e-16
        for i in 2...5_001 { _ = try b.add(Self.trade(Int64(i), "0.00000001", "0.00000001", at: Self.t0 + 1)) }
        // 5001 × 1e-16 = 5.001e-13 → 1e-12 (rounded once); per-trade rounding would give 0.
        #expect(b.formingBar?.quoteVolume == FixedDecimal("0.000000000001")!)
    }

    @Test func aQuietMinuteClosesFlatOnTheClock() throws {
        var b = Self.builder()
        _ = try b.add(Self.trade(1, "100", "1", at: Self.t0 + 5_000))
        // The clock alone closes the bar at its end, without a next trade.
        #expect(try b.advance(to: Timestamp(milliseconds: Self.t0 + 59_999)).isEmpty)
        let first = try b.advance(to: Timestamp(milliseconds: Self.t0 + 60_000))
        #expect(first.map(\.openTime) == [Timestamp(milliseconds: Self.t0)] && first[0].close == 100)
        // Two quiet minutes, then a trade: two flat bars at the last close, zero volume.
        let flats = try b.add(Self.trade(2, "101", "2", at: Self.t0 + 180_500))
        #expect(flats.map(\.openTime.milliseconds) == [Self.t0 + 60_000, Self.t0 + 120_000])
        #expect(flats.allSatisfy { $0.open == 100 && $0.high == 100 && $0.low == 100 && $0.close == 100 && $0.volume == 0 && $0.tradeCount == 0 })
        #expect(b.formingBar?.openTime == Timestamp(milliseconds: Self.t0 + 180_000))
    }

    @Test func skipPolicyLeavesQuietMinutesOut() throws {
        var b = Self.builder(.skip)
        _ = try b.add(Self.trade(1, "100", "1", at: Self.t0))
        let closed = try b.add(Self.trade(2, "101", "2", at: Self.t0 + 180_500))
        #expect(closed.map(\.openTime.milliseconds) == [Self.t0])
    }

    @Test func refusalsLeaveTheStateUnchanged() throws {
        var b = Self.builder()
        _ = try b.add(Self.trade(1, "100", "1", at: Self.t0 + 30_000))
        #expect(throws: TradeBarError.outOfOrder(tradeID: 2, time: Timestamp(milliseconds: Self.t0 + 29_000), previous: Timestamp(milliseconds: Self.t0 + 30_000))) {
            _ = try b.add(Self.trade(2, "100", "1", at: Self.t0 + 29_000))
        }
        _ = try b.advance(to: Timestamp(milliseconds: Self.t0 + 120_000))
        // Time has closed the minute: a trade for it is late even though it is after the last trade.
        #expect(throws: TradeBarError.late(tradeID: 3, time: Timestamp(milliseconds: Self.t0 + 90_000), closedThrough: Timestamp(milliseconds: Self.t0 + 120_000))) {
            _ = try b.add(Self.trade(3, "100", "1", at: Self.t0 + 90_000))
        }
        let other = Trade(venue: ReplayTest.binance, symbol: try Symbol("ETHUSDT"), market: .spot, tradeID: 4, price: 1, quantity: 1,
                          takerSide: .buy, eventTime: Timestamp(milliseconds: Self.t0 + 130_000), receiveTime: Timestamp(milliseconds: Self.t0 + 130_000))
        #expect(throws: TradeBarError.self) { _ = try b.add(other) }
        #expect(throws: TradeBarError.self) { _ = try b.add(Self.trade(5, "0", "1", at: Self.t0 + 130_000)) }
        #expect(throws: TradeBarError.gapTooLong(from: Timestamp(milliseconds: Self.t0 + 120_000), to: Timestamp(milliseconds: Self.t0 + 120_000 + 200_001 * 60_000), bars: 200_001)) {
            _ = try b.advance(to: Timestamp(milliseconds: Self.t0 + 120_000 + 200_001 * 60_000))
        }
        // None of that changed anything: the next good trade opens the bar of minute 2 (minute 1 closed flat on the clock).
        let closed = try b.add(Self.trade(6, "105", "1", at: Self.t0 + 150_000))
        #expect(closed.isEmpty && b.formingBar?.open == 105 && b.formingBar?.tradeCount == 1)
    }

    @Test func pipelineEmitsEveryTimeframeOnTheClock() throws {
        var p = try TradeBarPipeline(venue: ReplayTest.binance, symbol: ReplayTest.btc, timeframes: [.m5, .m1, .h1])
        var out: [Bar] = []
        for minute in 0..<7 { try p.add(Self.trade(Int64(minute), "\(100 + minute)", "1", at: Self.t0 + 60_000 + Int64(minute) * 60_000), into: &out) }
        // 23:55 … 00:00 closed as 1m bars; the 23:55 five-minute bar closed when the clock reached 00:00.
        #expect(out.filter { $0.timeframe == .m1 }.count == 6)
        let five = out.filter { $0.timeframe == .m5 }
        #expect(five.count == 1 && five[0].open == 100 && five[0].close == 104 && five[0].volume == 5 && five[0].tradeCount == 5)
        try p.advance(to: Timestamp(milliseconds: Self.t0 + 3_600_000), into: &out)
        #expect(out.contains { $0.timeframe == .h1 } == false)  // the first hour started before the data: not emitted
        #expect(p.timeframes == [.m1, .m5, .h1])
    }
}
