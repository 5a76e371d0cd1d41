import ArenaCore
import ArenaTesting
import Foundation
import Risk
import Testing

/// Crash recovery: the records of a run rebuild the engine.
@Suite(.cpuBound) struct ReplayTests {
    typealias F = Fixture

    /// A run touching every kind of record; returns the engine and its records.
    static func run() -> (RiskEngine, [RiskRecord]) {
        var engine = F.engine()
        var records: [RiskRecord] = []
        records += engine.judge(F.decision()).records
        records += engine.judge(F.decision(at: F.at(60))).records
        records += engine.observe(F.fill(purpose: .stopLoss, at: F.at(90)), realizedPnL: F.d("-20"))
        records += engine.observe(F.account(positions: [F.position(quantity: "0.02", mark: "47000")], dayStart: "10600"), now: F.at(100)).records
        records += engine.control(F.control("k", .killSwitch, model: F.beta), now: F.at(110)).records
        records += engine.observe(F.account(nav: "10000", dayStart: "10000"), now: F.at(86_400)).records
        records += engine.judge(F.decision(F.beta, at: F.at(86_400)), account: F.account(F.beta)).records
        return (engine, records)
    }

    @Test func aFreshEngineReplayingTheRecordsEqualsTheOriginalAndAnswersAlike() throws {
        let (engine, records) = Self.run()
        var original = engine
        #expect(records.count > 8)
        var rebuilt = F.engine()
        for record in records { try rebuilt.replay(record) }
        #expect(rebuilt == original)

        let next = F.decision(at: F.at(90_000))
        #expect(rebuilt.judge(next) == original.judge(next))
        let account = F.account(positions: [F.position(quantity: "0.02", mark: "40000", openedAt: F.at(89_000))])
        #expect(rebuilt.observe(account, now: F.at(90_010)) == original.observe(account, now: F.at(90_010)))
        let request = F.control("k", .killSwitch, model: F.beta)
        #expect(rebuilt.control(request, now: F.at(90_020)) == original.control(request, now: F.at(90_020)))
        #expect(rebuilt == original)
    }

    @Test func recordsSurviveJSON() throws {
        let (_, records) = Self.run()
        let data = try JSONEncoder().encode(records)
        #expect(try JSONDecoder().decode([RiskRecord].self, from: data) == records)
    }

    @Test func aRecordThatDoesNotFollowIsRefused() {
        var engine = F.engine()
        let change = TradingStateChange(modelID: F.alpha, from: .halted, to: .active, reason: "x", by: "operator:x", until: nil, time: F.start)
        #expect(throws: RiskError.invalidRecord("state change from HALTED but the state is ACTIVE")) { try engine.replay(.stateChange(change)) }
        let stranger = ModelID(unchecked: "gamma")
        #expect(throws: RiskError.unknownModel(stranger)) { try engine.replay(.reactionFired(model: stranger, key: "k", at: F.start)) }
    }
}
