import ArenaBus
import ArenaCore
import Foundation
import Testing

/// A restarted reporter goes on where it stopped: the buy-and-hold baseline from the first close it
/// saw, the data coverage, and the models' curves.
@Suite(.serialized) struct RestoreTests {
    static let alpha = ModelID(unchecked: "alpha")

    /// What the API shows of the market side: the coverage, the baseline's curve and alpha's curve.
    static func marketView(_ rig: ReporterRig) async throws -> (coverage: [[String: Any]], baseline: [[Double]], alpha: [[Double]]) {
        let coverage = try await rig.get("/api/coverage", token: ReporterRig.viewer).json()["symbols"] as? [[String: Any]] ?? []
        let baseline = try await rig.get("/api/nav/buy_and_hold:BTCUSDT", token: ReporterRig.viewer).json()["points"] as? [[Double]] ?? []
        let alpha = try await rig.get("/api/nav/alpha", token: ReporterRig.viewer).json()["points"] as? [[Double]] ?? []
        return (coverage, baseline, alpha)
    }

    static func bars(_ rig: ReporterRig) async throws -> Int? {
        let coverage = try await rig.get("/api/coverage", token: ReporterRig.viewer).json()["symbols"] as? [[String: Any]]
        return coverage?.first?["bars"] as? Int
    }

    @Test func aRestartedReporterGoesOnWithTheBaselineTheMarksAndTheCoverage() async throws {
        var rig: ReporterRig? = try await ReporterRig()
        let folder = try #require(rig).folder
        var account = AccountState(
            modelID: Self.alpha, source: .ledger, asOf: Timestamp(nanoseconds: ReporterRig.start), sequence: 1, cash: 9_800, positions: [], nav: 10_000,
            realizedPnL: 0, fees: 0
        )
        account.positions = [PositionState(symbol: ReporterRig.btc, quantity: 2, averagePrice: 100, unrealizedPnL: 0, market: .spot, markPrice: 100)]
        try rig!.oms.publish(account, topic: ArenaTopics.account(Self.alpha))
        for minute in Int64(0)..<5 { try rig!.gateway.publish(ReporterRig.bar(minute, close: FixedDecimal(100 + Int(minute))), topic: MarketTopics.bar(.m1, ReporterRig.btc)) }
        try await rig!.eventually("five bars") { try await Self.bars(rig!) == 5 }
        let before = try await Self.marketView(rig!)
        #expect(before.baseline.count == 5)
        #expect(before.alpha.last?[1] == 10_008)  // 2 × (104 − 100)

        rig!.host.triggerGracefulShutdown(reason: "restart")
        _ = try? await rig!.running.value
        rig = nil
        let again = try await ReporterRig(folder: folder)
        defer { Task { await again.stop() } }
        let after = try await Self.marketView(again)
        #expect(after.coverage as NSArray == before.coverage as NSArray)
        #expect(after.baseline == before.baseline)
        #expect(after.alpha == before.alpha)

        // A bar heard again marks nothing; the next one goes on from the first close (100), not from itself.
        try again.gateway.publish(ReporterRig.bar(4, close: 104), topic: MarketTopics.bar(.m1, ReporterRig.btc))
        try again.gateway.publish(ReporterRig.bar(5, close: 110), topic: MarketTopics.bar(.m1, ReporterRig.btc))
        try await again.eventually("the sixth bar") { try await Self.bars(again) == 6 }
        let next = try await Self.marketView(again)
        let first = try #require(before.baseline.first?[1])
        #expect(next.baseline.count == 6)
        #expect(abs(try #require(next.baseline.last?[1]) - first * 1.1) < 1e-6)
        #expect(next.alpha.last?[1] == 10_020)  // 2 × (110 − 100)
    }
}
