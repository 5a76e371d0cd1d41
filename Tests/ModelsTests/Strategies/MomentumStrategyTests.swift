import ArenaCore
import ArenaTesting
import Models
import Testing

/// `momentum` on real Binance spot 5m bars (2023-04-01 … 03), snapshots made by
/// the feature engine; every value read is checked against a plain
/// computation over the raw 1m klines.
///
/// The default price_momentum_threshold (5 % over 14 bars) is never reached in
/// these three days (the largest 14-bar move is −2.5 %, so every tick is a HOLD,
/// checked below); the entry and exit are shown with price_momentum_threshold
/// 0.02 and every other parameter at its default.
@Suite(.cpuBound) struct MomentumStrategyTests {
    typealias C = StrategyCheck
    static let btc = RealMarket.btc
    static let twoPercent = ["price_momentum_threshold": "0.02"]

    /// What momentum reads at bar `i`: the close and the one 14 bars earlier, their ROC, RSI(14), ATR(14) and
    /// the volume against the mean of the 14 bars before.
    static func reference(_ at: At) -> [String: Double] {
        let (r, i) = (at.reference, at.i)
        let volume = r.volumeRatio(14, at: i)
        return [
            "close": r.close(i), "close_lag_14": r.close(i - 14), "roc_14": r.close(i) / r.close(i - 14) - 1, "rsi_14": r.rsi(14, at: i),
            "atr_14": r.atr(14, at: i), "volume": volume.volume, "volume_mean_14": volume.mean, "volume_ratio": volume.ratio,
        ]
    }

    /// 2023-04-03 08:20: BTC is up 2.1 % over 14 bars on 6.3× volume with RSI 86.9: a long with ATR stop (2.5) and target (5).
    @Test func buysAStrongRiseOnVolume() async throws {
        let (d, x, at) = try await C.entry("momentum", .spot, Self.btc, at: 1_680_510_000_000, parameters: Self.twoPercent, reference: Self.reference)
        #expect(x["roc_14"]! >= 0.02 && x["volume_ratio"]! >= 1.3 && x["rsi_14"]! >= 55)
        C.expectOrder(d, .buy, .open, Self.btc, size: "0.2", at: 1_680_510_000_000)
        C.expectATRExits(d, entry: at.last, atr: x["atr_14"]!, long: true, stop: FixedDecimal("2.5")!, target: 5)
        C.expectClose(d.confidence, 0.5 + 0.5 * (C.c(x["roc_14"]! / 0.02 - 1) + C.c(x["volume_ratio"]! / 1.3 - 1)) / 2)
        #expect(d.rationale == "BTCUSDT: ROC14 2.1054% ≥ 2%, vol 6.2733× ≥ 1.3, RSI 86.942 ≥ 55")
    }

    /// Holding that long, 09:25 is still up over 14 bars; at 09:30 the ROC turns negative and the long closes.
    @Test func closesTheLongWhenTheRateOfChangeTurnsNegative() async throws {
        let held = C.position(Self.btc, FixedDecimal("0.0699")!, at: FixedDecimal("28610.38")!)
        let (d, x) = try await C.exit(
            "momentum", .spot, parameters: Self.twoPercent, holding: held, before: 1_680_513_900_000, at: 1_680_514_200_000, reference: Self.reference
        )
        #expect(x["roc_14"]! < 0)
        C.expectOrder(d, .sell, .close, Self.btc, size: "1", at: 1_680_514_200_000)
        C.expectClose(d.confidence, 0.5 + 0.5 * C.c(abs(x["roc_14"]!) / 0.02))
        #expect(d.rationale == "BTCUSDT: ROC14 -0.121925% turned negative: momentum over")
    }

    /// With the defaults, no tick of the three days has momentum: every decision is a HOLD; at 2023-04-02 12:00 it names both symbols.
    @Test func holdsWithoutMomentum() async throws {
        let d = try await C.expectHold("momentum", .spot, Self.btc, at: 1_680_436_800_000, reference: Self.reference)
        #expect(d.rationale.hasPrefix("BTCUSDT: no momentum: ROC14 ") && d.rationale.contains("; ETHUSDT: no momentum: "))
        for snapshot in try RealMarket.spot.snapshots {
            #expect(try await C.decide("momentum", at: snapshot).action == .hold)
        }
    }
}
