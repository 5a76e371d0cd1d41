import ArenaCore
import ArenaTesting
import Testing
@testable import Features

/// Positioning statistics (`md.pos.<SYMBOL>`) reach the snapshot's order
/// flow: open interest (its USD value) and its 5-minute change, the
/// long/short ratio and the top-trader long share; a refused message changes nothing.
@Suite(.cpuBound) struct SnapshotPositioningTests {
    typealias F = SnapshotFixtures
    /// 23:50:00 UTC, where the primed engine's bars end: a 5-minute boundary.
    static let t0 = SnapshotOrderFlowTests.primedUntil
    static let usdm = VenueID(unchecked: "binance")

    static func point(
        _ value: FixedDecimal?, ratio: FixedDecimal? = nil, share: FixedDecimal? = nil, at time: Timestamp, symbol: Symbol = F.btc,
        venue: VenueID = usdm
    ) -> Positioning {
        Positioning(
            venue: venue, symbol: symbol, openInterest: value.map { try! $0.divided(by: 60_000) }, openInterestValue: value, longShortRatio: ratio,
            topTraderLongShare: share, eventTime: time
        )
    }

    /// The BTC order flow of the snapshot at `tick`.
    static func flow(_ engine: inout FeatureEngine, at tick: Timestamp) throws -> OrderFlowSnapshot {
        try #require(try engine.snapshot(at: tick).entry(for: F.btc)?.orderFlow)
    }

    @Test func theSnapshotCarriesThemWithAFiveMinuteOpenInterestChange() throws {
        var engine = try SnapshotOrderFlowTests.primedEngine(orderFlowObservedFrom: nil)
        try engine.apply(.trade(Trade(
            venue: F.binance, symbol: F.btc, market: .spot, tradeID: 1, price: 60_000, quantity: 1, takerSide: .buy,
            eventTime: Self.t0.advanced(by: .seconds(10)), receiveTime: Self.t0.advanced(by: .seconds(10))
        )))
        // The period before: 150 M USD of open interest; no change yet with one point.
        try engine.apply(.positioning(Self.point(150_000_000, ratio: FixedDecimal("1.9559")!, share: FixedDecimal("0.6442")!, at: Self.t0.advanced(by: .seconds(-300)))))
        var flow = try Self.flow(&engine, at: Self.t0.advanced(by: .seconds(60)))
        #expect(flow.openInterest == 150_000_000 && flow.openInterestChange5m == nil)
        #expect(flow.longShortRatio == FixedDecimal("1.9559")! && flow.topTraderLongShare == FixedDecimal("0.6442")!)

        // Five minutes later, +3 %; this point has no long/short ratio, so the last one stays.
        try engine.apply(.positioning(Self.point(154_500_000, share: FixedDecimal("0.45")!, at: Self.t0)))
        flow = try Self.flow(&engine, at: Self.t0.advanced(by: .seconds(120)))
        #expect(flow.openInterest == 154_500_000)
        #expect(flow.openInterestChange5m == FixedDecimal("0.03")!)
        #expect(flow.longShortRatio == FixedDecimal("1.9559")! && flow.topTraderLongShare == FixedDecimal("0.45")!)
    }

    @Test func aRefusedPointChangesNothing() throws {
        var state = try SymbolFeatureState(
            symbol: F.btc, venue: Self.usdm, market: .perpetual, indicators: F.indicators, indicatorTimeframe: .m5
        )
        try state.update(Self.point(1_000, ratio: FixedDecimal("1.5")!, share: FixedDecimal("0.5")!, at: Self.t0))
        let held = state.orderFlow.features

        // A valid open interest and ratio with a share out of range: none of the three is taken.
        let later = Self.t0.advanced(by: .seconds(300))
        #expect(throws: SnapshotError.orderFlow(symbol: F.btc, .invalidValue(field: "top-trader long share", value: 2))) {
            try state.update(Self.point(1_100, ratio: 2, share: 2, at: later))
        }
        #expect(throws: SnapshotError.orderFlow(symbol: F.btc, .invalidValue(field: "long/short ratio", value: 0))) {
            try state.update(Self.point(1_100, ratio: 0, at: later))
        }
        // The same period again, and an older one.
        for time in [Self.t0, Self.t0.advanced(by: .seconds(-300))] {
            #expect(throws: SnapshotError.orderFlow(symbol: F.btc, .staleInput(field: "open interest", time: time, held: Self.t0))) {
                try state.update(Self.point(900, at: time))
            }
        }
        #expect(throws: SnapshotError.wrongVenue(symbol: F.btc, expected: Self.usdm, got: VenueID(unchecked: "okx"))) {
            try state.update(Self.point(1_100, at: later, venue: VenueID(unchecked: "okx")))
        }
        #expect(throws: SnapshotError.wrongSymbol(expected: F.btc, got: F.eth)) { try state.update(Self.point(1_100, at: later, symbol: F.eth)) }
        let after = state.orderFlow.features
        #expect(after.openInterest == held.openInterest && after.longShortRatio == held.longShortRatio)
        #expect(after.topTraderLongShare == held.topTraderLongShare && after.openInterestChange5m == nil)

        // The engine routes by symbol: one outside the universe is refused.
        var engine = try FeatureEngine(configuration: F.configuration())
        let sol = Symbol(unchecked: "SOLUSDT")
        #expect(throws: SnapshotError.unknownSymbol(sol)) { try engine.apply(.positioning(Self.point(1, at: Self.t0, symbol: sol))) }
    }
}
