import ArenaCore
import ArenaTesting
import Foundation
import Models
import Testing

/// `funding_rate_arbitrage` on the real Binance USDⓈ-M ETHUSDT perpetual: the
/// feature engine (a perpetual configuration) is fed real perpetual 1m klines
/// of 2025-05-27 12:00 … 05-31 00:10 and the real 8h funding settlements of
/// the funding CSV as `FundingRate` messages (no kline data is relabelled).
/// The funding inputs are checked against the CSV read here as plain text.
///
/// Real funding of these months never reaches the default min_funding_rate of
/// 0.1 % (Binance caps the ETH rate at 0.01 % in normal times, so every tick is a
/// HOLD with the defaults, checked below); the entry and exit are shown with
/// min_funding_rate 0.0001 and exit_funding_rate 0.00005 (the same 2:1 ratio),
/// the other parameters at their defaults.
@Suite(.cpuBound) struct FundingRateArbitrageStrategyTests {
    typealias C = StrategyCheck
    static let eth = RealMarket.eth
    static let capped = ["min_funding_rate": "0.0001", "exit_funding_rate": "0.00005"]

    /// The settlements of the funding CSV (time in ms, the rate in `open`), read as text (an unreadable row reads as NaN).
    static let settlements: [(time: Int64, rate: Double)] = {
        let file = RealMarket.samples.appendingPathComponent("ETH_USDT_USDT-8h-funding_rate.csv")
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: ",")
            return (Int64(fields[0]) ?? 0, Double(fields[1]) ?? .nan)
        }
    }()

    /// The rates settled by `at`'s tick, oldest first.
    static func settled(_ at: At) -> [Double] {
        settlements.filter { $0.time <= at.snapshot.tick.milliseconds }.map(\.rate)
    }

    /// What the strategy reads flat: the last 3 rates (newest first), their mean, the share of the last 10 that
    /// are positive (the side the run is on here) and the close.
    static func entryReference(_ at: At) -> [String: Double] {
        let rates = settled(at), run = Array(rates.suffix(3))
        let share = Double(rates.suffix(10).filter { $0 > 0 }.count) / 10
        return [
            "funding_rate_1": run[2], "funding_rate_2": run[1], "funding_rate_3": run[0], "funding_mean_3": run.reduce(0, +) / 3,
            "funding_side_share_10": share, "close": at.reference.close(at.i),
        ]
    }

    /// What it reads holding a position: the latest rate and the close.
    static func exitReference(_ at: At) -> [String: Double] {
        ["funding_rate_1": settled(at).last!, "close": at.reference.close(at.i)]
    }

    /// 2025-05-28 00:05: the settlements of 05-27 08:00, 16:00 and 05-28 00:00 are all 0.0001: a short (which
    /// collects funding) of half the NAV at leverage 1, no price stop.
    @Test func shortsAPersistentPositiveRate() async throws {
        let (d, x, _) = try await C.entry(
            "funding_rate_arbitrage", .perpetual, Self.eth, at: 1_748_390_700_000, parameters: Self.capped, reference: Self.entryReference
        )
        #expect([x["funding_rate_1"]!, x["funding_rate_2"]!, x["funding_rate_3"]!].allSatisfy { $0 >= 0.0001 })
        C.expectOrder(d, .sell, .open, Self.eth, size: "0.5", leverage: "1", at: 1_748_390_700_000)
        #expect(d.stopLoss == nil && d.takeProfit == nil && d.bracket == nil)
        C.expectClose(d.confidence, 0.5 + 0.5 * (C.c(x["funding_mean_3"]! / 0.0001 - 1) + x["funding_side_share_10"]!) / 2)
        #expect(d.rationale == "ETHUSDT: funding 0.0001, 0.0001, 0.0001 ≥ 0.0001 for 3 settlements: the short collects")
    }

    /// Holding that short, 23:55 still collects 0.00005699; the 05-31 00:00 settlement of 0.00003389 pays less
    /// than exit_funding_rate and the short closes (a BUY).
    @Test func closesTheShortWhenTheRateFades() async throws {
        let held = C.position(Self.eth, FixedDecimal("-1.8814")!, at: FixedDecimal("2657.56")!)
        let (d, x) = try await C.exit(
            "funding_rate_arbitrage", .perpetual, parameters: Self.capped, holding: held, before: 1_748_649_300_000, at: 1_748_649_600_000,
            reference: Self.exitReference
        )
        #expect(x["funding_rate_1"]! < 0.00005)
        C.expectOrder(d, .buy, .close, Self.eth, size: "1", at: 1_748_649_600_000)
        C.expectClose(d.confidence, 0.5 + 0.5 * C.c((0.00005 - x["funding_rate_1"]!) / 0.00005))
        #expect(d.rationale == "ETHUSDT: funding 0.00003389: |rate| < 0.00005, the short no longer collects")
    }

    /// 2025-05-29 20:00, flat: the last three settlements are 0.0001, 0.0001 and 0.00008321 — not all at the
    /// threshold: a HOLD. With the defaults no tick of the slice trades.
    @Test func holdsWithoutAPersistentRate() async throws {
        let d = try await C.expectHold(
            "funding_rate_arbitrage", .perpetual, Self.eth, at: 1_748_548_800_000, parameters: Self.capped, reference: Self.entryReference
        )
        #expect(d.rationale == "ETHUSDT: no persistent funding: 0.0001, 0.0001, 0.00008321 (need all beyond ±0.0001)")
        for snapshot in try RealMarket.perpetual.snapshots {
            #expect(try await C.decide("funding_rate_arbitrage", at: snapshot).action == .hold)
        }
    }

    /// On spot there is no funding: the needs are refused against a spot market, and a spot snapshot gives a HOLD.
    @Test func neverTradesSpot() async throws {
        let model = try StrategyCheck.catalog.model(try Jobs.spec("funding", kind: "funding_rate_arbitrage"))
        #expect(model.needs.fundingHistory == 10 && model.needs.orderFlow == [.fundingRate])
        #expect(throws: ModelConfigError.self) {
            try model.needs.check(against: MarketCapabilities(kind: .spot, indicatorTimeframe: .m5, hasTrades: false))
        }
        let d = try await C.decide("funding_rate_arbitrage", Self.capped, at: try #require(RealMarket.spot.snapshots.first))
        C.expectHold(d)
        #expect(d.rationale.hasPrefix("BTCUSDT: funding arbitrage trades perpetuals only (spot)"))
    }
}
