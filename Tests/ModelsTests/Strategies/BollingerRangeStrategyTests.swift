import ArenaCore
import ArenaTesting
import Models
import Testing

/// `bollinger_range` with its defaults on real Binance spot 5m bars (2023-04-01 … 03),
/// snapshots made by the feature engine; every value read is checked against
/// a plain computation over the raw 1m klines.
@Suite(.cpuBound) struct BollingerRangeStrategyTests {
    typealias C = StrategyCheck
    static let btc = RealMarket.btc

    /// What bollinger_range reads at bar `i`: SMA(20) ± 2 population σ, the width, RSI(14) and the close.
    static func reference(_ at: At) -> [String: Double] {
        let (r, i) = (at.reference, at.i)
        let middle = r.sma(20, at: i), sigma = r.stdev(20, at: i)
        return [
            "bbands_20_2_upper": middle + 2 * sigma, "bbands_20_2_middle": middle, "bbands_20_2_lower": middle - 2 * sigma,
            "bandwidth": 4 * sigma / middle, "rsi_14": r.rsi(14, at: i), "close": r.close(i),
        ]
    }

    /// 2023-04-01 12:00: BTC closes within 0.5 % of its lower band with RSI 34.4 while the bands are 0.3 % wide:
    /// a long, stop 2 % below, target the middle band.
    @Test func buysATouchOfTheLowerBandInANarrowRange() async throws {
        let (d, x, at) = try await C.entry("bollinger_range", .spot, Self.btc, at: 1_680_350_400_000, reference: Self.reference)
        #expect(x["bandwidth"]! <= 0.04 && x["close"]! <= x["bbands_20_2_lower"]! * 1.005 && x["rsi_14"]! <= 35)
        C.expectOrder(d, .buy, .open, Self.btc, size: "0.25", at: 1_680_350_400_000)
        #expect(d.stopLoss == at.last * FixedDecimal("0.98")! && d.takeProfit == C.price(x["bbands_20_2_middle"]!) && d.bracket == nil)
        C.expectClose(d.confidence, 0.5 + 0.5 * (C.c((35 - x["rsi_14"]!) / 10) + C.c(1 - x["bandwidth"]! / 0.04)) / 2)
        #expect(d.rationale == "BTCUSDT: close 28372.85 ≤ lower 28384.16 × 1.005, RSI 34.4489 ≤ 35, width 0.003094 ≤ 0.04")
    }

    /// Holding that long, 12:25 is still below the middle band; at 12:30 the close reaches it and the long closes.
    @Test func closesTheLongAtTheMiddleBand() async throws {
        let held = C.position(Self.btc, FixedDecimal("0.0881")!, at: FixedDecimal("28372.85")!)
        let (d, x) = try await C.exit(
            "bollinger_range", .spot, holding: held, before: 1_680_351_900_000, at: 1_680_352_200_000, reference: Self.reference
        )
        let (close, middle, upper) = (x["close"]!, x["bbands_20_2_middle"]!, x["bbands_20_2_upper"]!)
        #expect(close >= middle)
        C.expectOrder(d, .sell, .close, Self.btc, size: "1", at: 1_680_352_200_000)
        C.expectClose(d.confidence, 0.5 + 0.5 * C.c((close - middle) / (upper - middle)))
        #expect(d.rationale == "BTCUSDT: close 28419.96 reached the middle band 28414.87")
    }

    /// 2023-04-02 12:00: neither close is near a band with the RSI past its bound: a HOLD with BTC's values.
    @Test func holdsAwayFromTheBands() async throws {
        let d = try await C.expectHold("bollinger_range", .spot, Self.btc, at: 1_680_436_800_000, reference: Self.reference)
        #expect(d.rationale.hasPrefix("BTCUSDT: no band touch: close ") && d.rationale.contains("; ETHUSDT: no band touch: "))
    }
}
