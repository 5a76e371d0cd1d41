import ArenaCore
import ArenaTesting
import Models
import Testing

/// `ema_trend` with its defaults on real Binance spot 5m bars (2023-04-01 … 03),
/// snapshots made by the feature engine; every value read is checked against
/// a plain computation over the raw 1m klines.
@Suite(.cpuBound) struct EMATrendStrategyTests {
    typealias C = StrategyCheck
    static let btc = RealMarket.btc

    /// What ema_trend reads at bar `i`, computed from the raw bars.
    static func reference(_ at: At) -> [String: Double] {
        let (r, i) = (at.reference, at.i)
        let volume = r.volumeRatio(20, at: i)
        return [
            "ema_9": r.ema(9, at: i), "ema_21": r.ema(21, at: i), "ema_55": r.ema(55, at: i), "rsi_14": r.rsi(14, at: i),
            "atr_14": r.atr(14, at: i), "close": r.close(i), "volume": volume.volume, "volume_mean_20": volume.mean,
            "volume_ratio": volume.ratio,
        ]
    }

    /// 2023-04-01 20:05: BTC's EMAs are stacked up, RSI 66.8, volume 3.5× its mean: a long with ATR stop and target.
    @Test func entersLongWhenTheEMAsStackUpWithRSIAndVolume() async throws {
        let (d, x, at) = try await C.entry("ema_trend", .spot, Self.btc, at: 1_680_379_500_000, reference: Self.reference)
        #expect(x["ema_9"]! > x["ema_21"]! && x["ema_21"]! > x["ema_55"]! && (50...70).contains(x["rsi_14"]!) && x["volume_ratio"]! >= 1.2)
        C.expectOrder(d, .buy, .open, Self.btc, size: "0.2", at: 1_680_379_500_000)
        C.expectATRExits(d, entry: at.last, atr: x["atr_14"]!, long: true, stop: 2, target: 4)
        C.expectClose(d.confidence, 0.5 + 0.5 * (C.c(abs(x["ema_9"]! - x["ema_55"]!) / x["atr_14"]!) + C.c(x["volume_ratio"]! / 1.2 - 1)) / 2)
        #expect(d.rationale == "BTCUSDT: EMA9 28386.58 > EMA21 28376.31 > EMA55 28374.9, RSI 66.8457 in 50–70, vol 3.5025× ≥ 1.2")
    }

    /// Holding that long, 23:40 still holds (EMA9 ≥ EMA21); at 23:45 EMA9 falls below EMA21 and the long closes.
    @Test func closesTheLongWhenTheFastEMAFallsBelowTheMedium() async throws {
        let held = C.position(Self.btc, FixedDecimal("0.0704")!, at: FixedDecimal("28409.52")!)
        let (d, x) = try await C.exit("ema_trend", .spot, holding: held, before: 1_680_392_400_000, at: 1_680_392_700_000, reference: Self.reference)
        #expect(x["ema_9"]! < x["ema_21"]!)
        C.expectOrder(d, .sell, .close, Self.btc, size: "1", at: 1_680_392_700_000)
        C.expectClose(d.confidence, 0.5 + 0.5 * C.c(abs(x["ema_9"]! - x["ema_21"]!) / x["atr_14"]!))
        #expect(d.rationale == "BTCUSDT: EMA9 28495.28 < EMA21 28498.25: long trend over")
    }

    /// 2023-04-02 12:00: neither symbol's EMAs, RSI and volume line up: a HOLD naming both, with BTC's values.
    @Test func holdsWhenNothingLinesUp() async throws {
        let d = try await C.expectHold("ema_trend", .spot, Self.btc, at: 1_680_436_800_000, reference: Self.reference)
        #expect(d.rationale.hasPrefix("BTCUSDT: no entry: EMA9 ") && d.rationale.contains("; ETHUSDT: no entry: "))
    }
}
