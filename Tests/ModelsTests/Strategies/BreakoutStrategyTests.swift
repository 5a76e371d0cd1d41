import ArenaCore
import ArenaTesting
import Models
import Testing

/// `breakout` with its defaults on real Binance spot 5m bars (2023-04-01 … 03),
/// snapshots made by the feature engine; every value read is checked against
/// a plain computation over the raw 1m klines.
@Suite(.cpuBound) struct BreakoutStrategyTests {
    typealias C = StrategyCheck
    static let btc = RealMarket.btc

    /// What breakout reads flat at bar `i`: the close, ATR(14), the range of the 20 bars before and the volume ratio.
    static func entryReference(_ at: At) -> [String: Double] {
        let (r, i) = (at.reference, at.i)
        let range = r.range(20, before: i), volume = r.volumeRatio(20, at: i)
        return [
            "close": r.close(i), "atr_14": r.atr(14, at: i), "highest_high_20": range.high, "lowest_low_20": range.low,
            "volume": volume.volume, "volume_mean_20": volume.mean, "volume_ratio": volume.ratio,
        ]
    }

    /// What breakout reads holding a position: the close, ATR(14) and the range of the 10 bars before.
    static func exitReference(_ at: At) -> [String: Double] {
        let range = at.reference.range(10, before: at.i)
        return [
            "close": at.reference.close(at.i), "atr_14": at.reference.atr(14, at: at.i), "highest_high_10": range.high,
            "lowest_low_10": range.low,
        ]
    }

    /// 2023-04-01 20:35: BTC closes 0.25 % above the highest high of the 20 bars before on 5.9× their mean
    /// volume: a long with ATR stop and target.
    @Test func buysACloseAboveTheRangeOnVolume() async throws {
        let (d, x, at) = try await C.entry("breakout", .spot, Self.btc, at: 1_680_381_300_000, reference: Self.entryReference)
        #expect(x["close"]! > x["highest_high_20"]! * 1.002 && x["volume_ratio"]! >= 1.5)
        C.expectOrder(d, .buy, .open, Self.btc, size: "0.25", at: 1_680_381_300_000)
        C.expectATRExits(d, entry: at.last, atr: x["atr_14"]!, long: true, stop: 2, target: 4)
        let margin = (x["close"]! - x["highest_high_20"]! * 1.002) / x["atr_14"]!
        C.expectClose(d.confidence, 0.5 + 0.5 * (C.c(margin) + C.c(x["volume_ratio"]! / 1.5 - 1)) / 2)
        #expect(d.rationale == "BTCUSDT: close 28517.1 > high 20 28445.59 × 1.002, vol 5.9143× ≥ 1.5")
    }

    /// Holding that long, 23:30 stays above the 10-bar low; at 23:35 the close falls below it and the long closes.
    @Test func closesTheLongBelowTheHalfRangeLow() async throws {
        let held = C.position(Self.btc, FixedDecimal("0.0876")!, at: FixedDecimal("28517.1")!)
        let (d, x) = try await C.exit(
            "breakout", .spot, holding: held, before: 1_680_391_800_000, at: 1_680_392_100_000, reference: Self.exitReference
        )
        #expect(x["close"]! < x["lowest_low_10"]!)
        C.expectOrder(d, .sell, .close, Self.btc, size: "1", at: 1_680_392_100_000)
        C.expectClose(d.confidence, 0.5 + 0.5 * C.c((x["lowest_low_10"]! - x["close"]!) / x["atr_14"]!))
        #expect(d.rationale == "BTCUSDT: close 28489.3 < low 10 28495: breakout failed")
    }

    /// 2023-04-02 12:00: both closes inside their 20-bar ranges: a HOLD with BTC's values.
    @Test func holdsInsideTheRange() async throws {
        let d = try await C.expectHold("breakout", .spot, Self.btc, at: 1_680_436_800_000, reference: Self.entryReference)
        #expect(d.rationale.hasPrefix("BTCUSDT: no breakout: close ") && d.rationale.contains("; ETHUSDT: no breakout: "))
    }
}
