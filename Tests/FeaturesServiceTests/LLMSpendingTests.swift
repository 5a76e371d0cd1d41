import ArenaCore
import ArenaTesting
import ArenaStore
@testable import FeaturesService
import Foundation
import Testing

/// The arena clock's tally of what LLM agents spend per UTC day: read back from the ledger after a
/// restart, carried by every job, and the alerts on a spent budget and on a run of failures.
@Suite struct LLMSpendingTests {
    static let model = ModelID(unchecked: "agent")
    static let dayStart = Timestamp(milliseconds: 1_680_307_200_000) // 2023-04-01T00:00Z

    /// An LLM decision at `tick` that cost `cost`, with `violations` (of the decision) and failed calls when `failed`.
    static func decision(_ tick: Timestamp, cost: String, violations: [String] = [], failed: Bool = false) -> ModelDecision {
        let call = LLMCall(sample: 0, requestID: nil, attempts: 1, outcome: failed ? "timeout" : "ok", error: nil, rawReply: "", parsedReply: nil,
                           violations: failed ? ["timeout"] : [], action: nil, inputTokens: 1, outputTokens: 1, cost: try! FixedDecimal(parsing: cost),
                           latencyMilliseconds: 1)
        return ModelDecision(
            decisionID: ScoringJob.decisionID(model: model, tick: tick), modelID: model, configHash: "c", tick: tick, snapshotHash: "s",
            outcome: .decided, action: .hold, symbol: nil, positionSizePct: .zero, takeProfit: nil, stopLoss: nil, leverage: nil, confidence: 0,
            rationale: "r", latencyMilliseconds: 1, worker: nil,
            trace: DecisionTrace(promptTemplateVersion: "spot-v1", promptHash: "h", prompt: "p", rawReply: "", validationErrors: violations,
                                 inputTokens: 1, outputTokens: 1, cost: try! FixedDecimal(parsing: cost)),
            exchange: LLMExchange(provider: "openai", model: "m", mode: "single", replayed: false, calls: violations.isEmpty ? [call] : [],
                                  parsedReply: nil, violations: violations)
        )
    }

    static func record(_ ledger: DecisionLedger, _ decision: ModelDecision) async throws {
        let round = DecisionLedger.OpenedRound(tick: decision.tick, snapshotDigest: [UInt8](repeating: 1, count: 32), snapshotBytes: [1],
                                               openedAt: decision.tick, deadline: decision.tick, jobs: 1)
        _ = try await ledger.openRound(round)
        _ = try await ledger.record(decision, at: decision.tick)
    }

    @Test(arguments: DecisionLedgerTests.urls)
    func theDaysSpendIsReadBackAfterARestart(url: String) async throws {
        let (ledger, db) = try await DecisionLedgerTests.ledger(url)
        let minutes = { (m: Int64) in Self.dayStart.advanced(by: .seconds(m * 60)) }
        try await Self.record(ledger, Self.decision(minutes(-30), cost: "0.5"))   // yesterday: not today's
        try await Self.record(ledger, Self.decision(minutes(30), cost: "0.1"))
        try await Self.record(ledger, Self.decision(minutes(60), cost: "0.15"))
        let spending = LLMSpending()
        #expect(spending.spent(Self.model, on: minutes(90)) == nil, "nothing known before the tally is read")
        try await spending.prepare(for: minutes(90), ledger: ledger)
        #expect(spending.spent(Self.model, on: minutes(90)) == FixedDecimal(test: "0.25"))
        // What the tick's decision cost adds; a late decision of yesterday counts for neither day.
        _ = spending.record(Self.decision(minutes(90), cost: "0.05"), source: ServiceName(unchecked: "features"))
        _ = spending.record(Self.decision(minutes(-5), cost: "9"), source: ServiceName(unchecked: "features"))
        #expect(spending.spent(Self.model, on: minutes(120)) == FixedDecimal(test: "0.3"))
        // The next day starts from nothing.
        try await spending.prepare(for: minutes(24 * 60 + 30), ledger: ledger)
        #expect(spending.spent(Self.model, on: minutes(24 * 60 + 30)) == .zero)
        await db.close()
    }

    @Test func alertsOncePerDayAndOnAStreakOfFailures() {
        let spending = LLMSpending(), source = ServiceName(unchecked: "features")
        let at = { (m: Int64) in Self.dayStart.advanced(by: .seconds(m * 60)) }
        spending.startDay(of: at(0))
        let spent = spending.record(Self.decision(at(5), cost: "0", violations: ["budget_exhausted"]), source: source)
        #expect(spent.map(\.kind) == ["llm_budget_spent"] && spent.first?.model == Self.model)
        #expect(spending.record(Self.decision(at(10), cost: "0", violations: ["budget_exhausted"]), source: source).isEmpty, "once a day")
        var kinds: [String] = []
        for m in Int64(11)...20 { kinds += spending.record(Self.decision(at(m), cost: "0.01", failed: true), source: source).map(\.kind) }
        #expect(kinds == ["llm_failure_streak"], "five failures in a row raise it once")
    }
}

