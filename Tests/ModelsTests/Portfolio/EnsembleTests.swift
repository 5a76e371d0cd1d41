import ArenaCore
import ArenaTesting
import Testing
@testable import Models

/// Ensembles vote with the decisions their members made for the same tick
/// (carried by the job, never re-run), and their confidence is the agreement.
@Suite(.cpuBound) struct EnsembleTests {
    static let snapshot: MarketSnapshot = try! SampleSnapshots.snapshots(limit: 1)[0]

    /// A member's decision at the snapshot's tick.
    static func vote(_ id: String, _ action: TradeAction, _ symbol: Symbol? = SampleSnapshots.btc, confidence: Double, size: String = "0.2",
                     stop: String? = nil, outcome: DecisionOutcome = .decided) throws -> ModelDecision {
        let spec = try SampleSnapshots.spec(id, kind: "all_cash")
        var d = ModelProposal(
            action: action, intent: action == .hold ? .none : .open, symbol: action == .hold ? nil : symbol,
            positionSizePct: action == .hold ? .zero : try FixedDecimal(parsing: size), stopLoss: try stop.map { try FixedDecimal(parsing: $0) },
            confidence: confidence, rationale: "\(id) votes"
        ).decision(for: try SampleSnapshots.job(spec, snapshot))
        d.outcome = outcome
        return d
    }

    static func decide(mode: String, members: [ModelDecision], account: AccountState? = nil) async throws -> ModelDecision {
        let spec = try SampleSnapshots.spec("vote", kind: "ensemble", ["members": members.map(\.modelID.value).joined(separator: ","), "mode": mode])
        let job = try SampleSnapshots.job(spec, snapshot, account: account, members: members)
        return try await ArenaModels.catalog.model(spec).decide(ModelInput(job)).decision(for: job)
    }

    @Test func aMajorityOpensWithTheWinnersMeanSizeAndTheLeadersStop() async throws {
        let members = [
            try Self.vote("a", .buy, confidence: 0.9, size: "0.2", stop: "27000"),
            try Self.vote("b", .buy, confidence: 0.6, size: "0.1", stop: "27500"),
            try Self.vote("c", .hold, confidence: 1),
        ]
        let d = try await Self.decide(mode: "majority", members: members)
        #expect(d.action == .buy && d.intent == .open && d.symbol == SampleSnapshots.btc)
        #expect(d.positionSizePct == FixedDecimal("0.15"))
        #expect(d.stopLoss == FixedDecimal("27000"))
        #expect(abs(d.confidence - 2.0 / 3.0) < 1e-12)
        #expect(d.details?.votes.map(\.model.value) == ["a", "b", "c"])
        #expect(d.details?.votes.map(\.action) == [.buy, .buy, .hold])
        #expect(d.rationale.hasPrefix("majority vote BUY with 66.6667% agreement"))
    }

    @Test func confidenceWeightingCanOverturnAHeadcount() async throws {
        let members = [
            try Self.vote("a", .buy, confidence: 0.3), try Self.vote("b", .buy, confidence: 0.3), try Self.vote("c", .hold, confidence: 0.9),
        ]
        let byCount = try await Self.decide(mode: "majority", members: members)
        #expect(byCount.action == .buy)
        let byConfidence = try await Self.decide(mode: "confidence", members: members)
        #expect(byConfidence.action == .hold && byConfidence.intent == PositionIntent.none)
        #expect(abs(byConfidence.confidence - 0.9 / 1.5) < 1e-12)
    }

    @Test func withoutAMajorityTheEnsembleHoldsAndATimedOutMemberVotesHold() async throws {
        let members = [
            try Self.vote("a", .buy, confidence: 0.8), try Self.vote("b", .sell, confidence: 0.8),
            try Self.vote("c", .buy, confidence: 0.8, outcome: .timeout),
        ]
        let d = try await Self.decide(mode: "majority", members: members)
        #expect(d.action == .hold && d.confidence == 0)
        #expect(d.details?.votes.last?.action == .hold && d.details?.votes.last?.outcome == .timeout)
        #expect(d.rationale.contains("without a majority"))
    }

    @Test func theVerdictIsAppliedToTheEnsemblesOwnPosition() async throws {
        let sell = [try Self.vote("a", .sell, confidence: 0.8), try Self.vote("b", .sell, confidence: 0.7)]
        // Spot and flat: a SELL majority cannot open a short.
        let flat = try await Self.decide(mode: "majority", members: sell)
        #expect(flat.action == .hold && flat.rationale.hasPrefix("spot is long-only"))
        // Spot and long: the same majority closes the ensemble's own long.
        let long = PositionState(symbol: SampleSnapshots.btc, quantity: try FixedDecimal(parsing: "0.1"), averagePrice: 28000, unrealizedPnL: .zero)
        let held = try await Self.decide(
            mode: "majority", members: sell, account: SampleSnapshots.account(try ModelID("vote"), at: Self.snapshot.tick, positions: [long])
        )
        #expect(held.action == .sell && held.intent == .close && held.positionSizePct == .one)
    }

    @Test func aMissingMemberDecisionIsAnErrorNotARerun() async throws {
        let spec = try SampleSnapshots.spec("vote", kind: "ensemble", ["members": "a,b"])
        let job = try SampleSnapshots.job(spec, Self.snapshot, members: [try Self.vote("a", .buy, confidence: 1)])
        await #expect(throws: ModelInputError.missingMembers([try ModelID("b")])) {
            try await ArenaModels.catalog.model(spec).decide(ModelInput(job))
        }
    }
}
