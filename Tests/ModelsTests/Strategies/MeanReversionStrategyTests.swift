import ArenaCore
import ArenaTesting
import Models
import Testing

/// `mean_reversion` with its defaults on real Binance spot 5m bars (2023-04-01 … 03),
/// snapshots made by the feature engine; every value read is checked against
/// a plain computation over the raw 1m klines.
@Suite(.cpuBound) struct MeanReversionStrategyTests {
    typealias C = StrategyCheck
    static let eth = RealMarket.eth

    /// What mean_reversion reads at bar `i`: the close, SMA(20), the population σ of the last 20 closes, their z-score and RSI(14).
    static func reference(_ at: At) -> [String: Double] {
        let (r, i) = (at.reference, at.i)
        let sma = r.sma(20, at: i), sigma = r.stdev(20, at: i)
        return ["close": r.close(i), "sma_20": sma, "stdev_20": sigma, "zscore": (r.close(i) - sma) / sigma, "rsi_14": r.rsi(14, at: i)]
    }

    /// 2023-04-01 14:20: ETH closes 3.7 σ below its 20-bar mean with RSI 28.7: a long, stop 3 % below, target
    /// the exit level SMA − 0.5 σ.
    @Test func buysACloseStretchedBelowTheMean() async throws {
        let (d, x, at) = try await C.entry("mean_reversion", .spot, Self.eth, at: 1_680_358_800_000, reference: Self.reference)
        #expect(x["zscore"]! <= -2 && x["rsi_14"]! <= 30)
        C.expectOrder(d, .buy, .open, Self.eth, size: "0.25", at: 1_680_358_800_000)
        #expect(d.stopLoss == at.last * FixedDecimal("0.97")! && d.bracket == nil)
        #expect(d.takeProfit == C.price(x["sma_20"]! - 0.5 * x["stdev_20"]!))
        C.expectClose(d.confidence, 0.5 + 0.5 * (C.c(abs(x["zscore"]!) - 2) + C.c((30 - x["rsi_14"]!) / 10)) / 2)
        #expect(d.rationale == "ETHUSDT: z -3.7097 ≤ −2, RSI 28.7464 ≤ 30, SMA20 1825.25, σ 1.5271")
    }

    /// Holding that long, 15:20 is still more than 0.5 σ below the mean; at 15:25 z reaches −0.32 and the long closes.
    @Test func closesTheLongWhenTheCloseRevertsPastTheExitLevel() async throws {
        let held = C.position(Self.eth, FixedDecimal("1.3739")!, at: FixedDecimal("1819.58")!)
        let (d, x) = try await C.exit(
            "mean_reversion", .spot, holding: held, before: 1_680_362_400_000, at: 1_680_362_700_000, reference: Self.reference
        )
        #expect(x["zscore"]! >= -0.5)
        C.expectOrder(d, .sell, .close, Self.eth, size: "1", at: 1_680_362_700_000)
        C.expectClose(d.confidence, 0.5 + 0.5 * C.c(x["zscore"]! + 0.5))
        #expect(d.rationale == "ETHUSDT: z -0.320003 ≥ −0.5: reverted toward SMA20 1821.03")
    }

    /// 2023-04-02 12:00: neither close is stretched 2 σ from its mean with the RSI past its bound: a HOLD with BTC's values.
    @Test func holdsNearTheMean() async throws {
        let d = try await C.expectHold("mean_reversion", .spot, RealMarket.btc, at: 1_680_436_800_000, reference: Self.reference)
        #expect(d.rationale.hasPrefix("BTCUSDT: not stretched: z ") && d.rationale.contains("; ETHUSDT: not stretched: "))
    }
}
