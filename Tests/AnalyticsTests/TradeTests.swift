import ArenaTesting
import Analytics
import ArenaCore
import Testing

@Suite(.cpuBound) struct TradeTests {
    static let model = ModelID(unchecked: "m"), btc = Symbol(unchecked: "BTCUSDT")

    static func fill(_ n: Int, _ side: Side, _ quantity: FixedDecimal, at price: FixedDecimal, fee: FixedDecimal = .zero, second: Int64) -> Fill {
        Fill(
            fillID: "f\(n)", clientOrderID: ClientOrderID(unchecked: "o\(n)"), modelID: model, symbol: btc, market: .spot, side: side,
            quantity: quantity, price: price, fee: fee, liquidity: .taker, purpose: .entry, time: Timestamp(nanoseconds: second * 1_000_000_000)
        )
    }

    @Test func aLongFromFlatToFlatIsOneTripWithItsFeesAndHoldingTime() throws {
        var tracker = RoundTripTracker()
        #expect(try tracker.apply(Self.fill(1, .buy, 2, at: 100, fee: 1, second: 0), stopPrice: 95) == nil)
        #expect(try tracker.apply(Self.fill(2, .buy, 2, at: 110, fee: 1, second: 60)) == nil)
        let trip = try #require(try tracker.apply(Self.fill(3, .sell, 4, at: 120, fee: 2, second: 120)))
        #expect(trip.direction == .buy)
        #expect(trip.grossPnL == 60)  // 4 × (120 − 105)
        #expect(trip.fees == 4)
        #expect(trip.netPnL == 56)
        #expect(trip.peakQuantity == 4)
        #expect(trip.holdingSeconds == 120)
        #expect(trip.initialRisk == 10)  // |100 − 95| × 2
        #expect(trip.grossR == 6)
        #expect(trip.netR == 5.6)
        #expect(tracker.openSymbols.isEmpty)
    }

    @Test func aReversalClosesOneTripAndOpensTheNextWithTheFeeSplit() throws {
        var tracker = RoundTripTracker()
        _ = try tracker.apply(Self.fill(1, .buy, 1, at: 100, second: 0))
        let trip = try #require(try tracker.apply(Self.fill(2, .sell, 3, at: 90, fee: 3, second: 10)))
        #expect(trip.grossPnL == -10)
        #expect(trip.fees == 1)
        #expect(tracker.openSymbols == [Self.btc])
        let short = try #require(try tracker.apply(Self.fill(3, .buy, 2, at: 80, fee: 0, second: 20)))
        #expect(short.direction == .sell)
        #expect(short.grossPnL == 20)
        #expect(short.fees == 2)
    }

    @Test func statisticsFollowTheirDefinitions() throws {
        var tracker = RoundTripTracker()
        var trips: [RoundTrip] = []
        let results: [(FixedDecimal, FixedDecimal)] = [(110, 1), (95, 1), (120, 1), (100, 1)]  // exit price, fee per side
        for (n, (exit, fee)) in results.enumerated() {
            _ = try tracker.apply(Self.fill(2 * n, .buy, 1, at: 100, fee: fee, second: Int64(100 * n)), stopPrice: 90)
            trips.append(try #require(try tracker.apply(Self.fill(2 * n + 1, .sell, 1, at: exit, fee: fee, second: Int64(100 * n + 30)))))
        }
        let stats = TradeStatistics(trips)
        #expect(stats.trades == 4)
        #expect(stats.wins == 2)  // +8, +18; −7 and −2 lose after fees
        #expect(stats.winRate == 0.5)
        #expect(stats.profitFactor == 26.0 / 9.0)
        #expect(stats.payoffRatio == 13.0 / 4.5)
        #expect(stats.averageHoldingSeconds == 30)
        #expect(stats.grossPnL == 25)
        #expect(stats.fees == 8)
        #expect(stats.netPnL == 17)
        #expect(stats.grossR == 2.5)
        #expect(abs(try #require(stats.netR) - 1.7) < 1e-12)
        #expect(stats.tradesWithR == 4)
    }

    @Test func grossCanBePositiveWhileNetIsNegative() throws {
        var tracker = RoundTripTracker()
        var trips: [RoundTrip] = []
        for n in 0..<10 {
            _ = try tracker.apply(Self.fill(2 * n, .buy, 1, at: 100, fee: 1, second: Int64(n * 10)), stopPrice: 99)
            trips.append(try #require(try tracker.apply(Self.fill(2 * n + 1, .sell, 1, at: FixedDecimal(raw: 100_500_000_000_000), fee: 1, second: Int64(n * 10 + 5)))))
        }
        let stats = TradeStatistics(trips)
        #expect(stats.grossR == 5)
        #expect(stats.netR == -15)
    }
}
