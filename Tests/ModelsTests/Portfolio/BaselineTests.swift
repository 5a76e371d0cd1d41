import ArenaCore
import ArenaTesting
import Testing
@testable import Models

/// Buy-and-hold buys its symbol once and holds; all-cash never trades.
@Suite(.cpuBound) struct BaselineTests {
    static let snapshot: MarketSnapshot = try! SampleSnapshots.snapshots(limit: 1)[0]

    @Test func buyAndHoldBuysWhenFlatAndHoldsOnceInvested() async throws {
        let spec = try SampleSnapshots.spec("hodl", kind: "buy_and_hold")
        let model = try ArenaModels.catalog.model(spec)
        let job = try SampleSnapshots.job(spec, Self.snapshot)
        let first = try await model.decide(ModelInput(job)).decision(for: job)
        let last = try #require(Self.snapshot.entry(for: SampleSnapshots.btc)?.ticker.last)
        #expect(first.action == .buy && first.intent == .open && first.symbol == SampleSnapshots.btc && first.positionSizePct == .one)
        #expect(first.rationale == "buy and hold: buying 1 of NAV of BTCUSDT at \(last)")
        let held = PositionState(symbol: SampleSnapshots.btc, quantity: try FixedDecimal(parsing: "0.35"), averagePrice: last, unrealizedPnL: .zero)
        let later = try SampleSnapshots.job(spec, Self.snapshot, account: SampleSnapshots.account(spec.id, at: Self.snapshot.tick, positions: [held]))
        let second = try await model.decide(ModelInput(later)).decision(for: later)
        #expect(second.action == .hold && second.intent == PositionIntent.none && second.symbol == SampleSnapshots.btc)
    }

    @Test func allCashHoldsAndClosesAnythingItFinds() async throws {
        let spec = try SampleSnapshots.spec("cash", kind: "all_cash")
        let model = try ArenaModels.catalog.model(spec)
        let job = try SampleSnapshots.job(spec, Self.snapshot)
        #expect(try await model.decide(ModelInput(job)).action == .hold)
        let stray = PositionState(symbol: SampleSnapshots.eth, quantity: try FixedDecimal(parsing: "-1"), averagePrice: 1800, unrealizedPnL: .zero)
        let withStray = try SampleSnapshots.job(spec, Self.snapshot, account: SampleSnapshots.account(spec.id, at: Self.snapshot.tick, positions: [stray]))
        let d = try await model.decide(ModelInput(withStray))
        #expect(d.action == .buy && d.intent == .close && d.symbol == SampleSnapshots.eth)
    }
}
