import ArenaCore
import ArenaTesting
import Testing
@testable import Features

/// Generated streams whose answers are known in closed form.
@Suite(.cpuBound) struct OrderFlowGeneratedTests {
    static let symbol = Symbol(unchecked: "BTCUSDT")
    static let venue = VenueID(unchecked: "binance-usdm")
    /// 2024-08-01T00:00:00Z, a whole hour.
    static let t0: Int64 = 1_722_470_400

    static func trade(_ second: Int64, _ side: Side, qty: FixedDecimal, price: FixedDecimal = 100, id: Int64 = 0, ms: Int64 = 0) -> Trade {
        let t = Timestamp(nanoseconds: (t0 + second) * 1_000_000_000 + ms * 1_000_000)
        return Trade(venue: venue, symbol: symbol, market: .perpetual, tradeID: id, price: price, quantity: qty,
                     takerSide: side, eventTime: t, receiveTime: t)
    }

    static func at(_ second: Int64) -> Timestamp { Timestamp(nanoseconds: (t0 + second) * 1_000_000_000) }

    /// Buys of 1 per second for 40 minutes, then 3 per second: with `x` the seconds after the step inside
    /// the window ending at minute `m`, `C(m) = 1800 + 2x`, so the slope is 120/min once both samples see
    /// the step, and the acceleration (C(m) − 2C(m−5) + C(m−10))/25 is 2·(360 − 120)/25 = 19.2 at m = 45.
    @Test func stepInBuyFlowGivesKnownSlopeAndAcceleration() throws {
        var book = OrderFlowBook(symbol: Self.symbol, observingFrom: Self.at(0))
        var reference = OrderFlowReference(origin: Self.at(0))
        var slopes: [Int64: FixedDecimal?] = [:], accels: [Int64: FixedDecimal?] = [:]
        for s in Int64(0)..<(80 * 60) {
            let t = Self.trade(s, .buy, qty: s < 40 * 60 ? 1 : 3, id: s)
            try book.add(t)
            reference.add(t)
            if s % 60 == 0 {
                let f = book.features  // in minute s/60: the newest sample is minute s/60 − 1
                slopes[s / 60 - 1] = f.cvd30mSlope
                accels[s / 60 - 1] = f.cvd30mAcceleration
                if s % 300 == 0 { reference.check(f) }
            }
        }
        // No slope from partial windows: C(m) is complete from m = 29, so the slope from 34, acceleration from 39.
        #expect(slopes[33]! == nil && slopes[34]! == .zero && accels[38]! == nil && accels[39]! == .zero)
        #expect(slopes[39]! == .zero && slopes[42]! == FixedDecimal(72) && slopes[44]! == FixedDecimal(120) && slopes[60]! == FixedDecimal(120))
        #expect(accels[45]! == FixedDecimal(raw: 19_200_000_000_000) && accels[50]! == .zero)
        // Slope falls once the step is 30 minutes old: x saturates at 1800 from m = 69; S(70) = 2·240/5.
        #expect(slopes[70]! == FixedDecimal(96))
        let f = book.features
        #expect(f.cvd30m == FixedDecimal(5400) && f.vwap30m == FixedDecimal(100) && f.warm.flow30m && !f.warm.flow4h)
    }

    /// A book that starts mid-stream (observing from its first trade, at an odd millisecond) never reports a
    /// slope or acceleration built from windows it did not fully see, however strong the flow.
    @Test func noSpuriousSlopeAfterAColdStart() throws {
        var book = OrderFlowBook(symbol: Self.symbol)
        let first = Self.trade(17, .buy, qty: 50, ms: 123)
        var reference = OrderFlowReference(origin: first.eventTime)
        var firstSlope: Int64?, firstAccel: Int64?
        for s in Int64(17)..<(17 + 50 * 60) {
            let t = s == 17 ? first : Self.trade(s, s % 3 == 0 ? .sell : .buy, qty: FixedDecimal(Int(s % 7 + 1)), id: s)
            try book.add(t)
            reference.add(t)
            let f = book.features
            if f.cvd30mSlope != nil && firstSlope == nil { firstSlope = s; reference.check(f) }
            if f.cvd30mAcceleration != nil && firstAccel == nil { firstAccel = s; reference.check(f) }
            if s % 97 == 0 { reference.check(f) }
        }
        // The first complete sample is the first minute whose 1,800 s window starts at or after 00:00:17.123,
        // i.e. minute 30 (window 00:01:00 – 00:30:59); slope needs minute 35 closed, acceleration minute 40.
        #expect(firstSlope == 36 * 60 && firstAccel == 41 * 60)
    }

    /// Windows expire on the clock alone: a trade at second s is in a window of `span` seconds until
    /// s + span − 1 and gone at s + span; hourly and minute windows by their own buckets.
    @Test func windowsExpireOnTheClock() throws {
        var book = OrderFlowBook(symbol: Self.symbol, observingFrom: Self.at(-86_400))
        let s: Int64 = 3_000
        try book.add(Self.trade(s, .buy, qty: 2_000, price: 100))  // $200k: a whale and the only trade of the day
        var liq = Liquidation(venue: Self.venue, symbol: Self.symbol, side: .sell, price: 100, quantity: 30, eventTime: Self.at(s))
        try book.add(liq)
        func f(_ second: Int64) throws -> OrderFlowFeatures { try book.features(at: Self.at(second)) }
        #expect(try f(s + 299).liquidations?.sell == 3_000 && f(s + 300).liquidations == SidedNotional())
        #expect(try f(s + 899).whaleFlow?.buy == 200_000 && f(s + 899).largeBuys == LargeTrades(count: 1, notional: 200_000))
        #expect(try f(s + 900).whaleFlow == SidedNotional() && f(s + 900).whaleBuyRatio == nil && f(s + 900).largeBuys == LargeTrades())
        #expect(try f(s + 1799).cvd30m == 2_000 && f(s + 1800).cvd30m == 0 && f(s + 1800).vwap30m == nil)
        // 4 h window in minutes: the trade's minute is 50; it leaves when the clock's minute is 50 + 240.
        #expect(try f(290 * 60 - 1).cvd4h == 2_000 && f(290 * 60).cvd4h == 0)
        // 24 h of hourly buckets: the trade's hour 0 leaves at hour 24; P99 then has nothing to rank.
        #expect(try f(24 * 3600 - 1).p99Notional == NotionalScale.usd.lowerEdges[NotionalScale.usd.bucket(200_000)])
        #expect(try f(24 * 3600).p99Notional == nil && f(24 * 3600).warm.thresholds)
        #expect(try f(50 * 60 + 1440 * 60 - 1).cvd24h == 2_000 && f(50 * 60 + 1440 * 60).cvd24h == 0)
        // And the book still takes events after a long quiet spell.
        liq.eventTime = Self.at(200_000)
        try book.add(liq)
        #expect(book.features.liquidations?.sell == 3_000)
    }

    /// Whale ratio and liquidation imbalance from known sums, and their zero cases.
    @Test func ratiosHaveKnownValuesAndNilForNoFlow() throws {
        var book = OrderFlowBook(symbol: Self.symbol, observingFrom: Self.at(-1_000))
        #expect(book.features.whaleBuyRatio == nil && book.features.liquidationImbalance == nil)
        try book.add(Self.trade(0, .buy, qty: 2_000))     // $200k buy
        try book.add(Self.trade(1, .sell, qty: 1_000))    // $100k sell: exactly at the whale line
        try book.add(Self.trade(2, .sell, qty: 999))      // $99.9k: not a whale
        let sell = Liquidation(venue: Self.venue, symbol: Self.symbol, side: .sell, price: 100, quantity: 30, averagePrice: 99, eventTime: Self.at(3))
        let buy = Liquidation(venue: Self.venue, symbol: Self.symbol, side: .buy, price: 100, quantity: 10, eventTime: Self.at(3))
        try book.add(sell)
        try book.add(buy)
        let f = book.features
        #expect(f.whaleFlow == SidedNotional(buy: 200_000, sell: 100_000) && f.whaleBuyRatio == 2.0 / 3.0)
        // Longs liquidated 30 × 99 = 2,970 (average price), shorts 10 × 100 = 1,000: (2970 − 1000) / 3970.
        #expect(f.liquidations == SidedNotional(buy: 1_000, sell: 2_970) && f.liquidationImbalance == 1_970.0 / 3_970.0)
    }
}

extension SidedNotional {
    init(buy: FixedDecimal, sell: FixedDecimal) {
        self.init()
        self.buy = buy
        self.sell = sell
    }
}
