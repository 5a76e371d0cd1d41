import ArenaCore
import ArenaRuntime
import ArenaStore
import FeaturesService
import Foundation
import Testing

/// The arena clock's record on a real database: SQLite always, PostgreSQL
/// when `ARENA_TEST_POSTGRES_URL` names one (as `make test` does).
@Suite struct DecisionLedgerTests {
    static var urls: [String] {
        let sqlite = "sqlite:" + FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString).sqlite").path
        return [sqlite] + (ProcessInfo.processInfo.environment["ARENA_TEST_POSTGRES_URL"].map { [$0] } ?? [])
    }

    /// A migrated ledger on `url`; on PostgreSQL in a schema of its own, so suites running at once never meet.
    static func ledger(_ url: String) async throws -> (DecisionLedger, any SQLDatabase) {
        var url = url
        if url.hasPrefix("postgres") {
            let schema = "ledger_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
            let admin = try await Store.open(url: url)
            try await admin.execute("CREATE SCHEMA \(schema)", [])
            await admin.close()
            url += (url.contains("?") ? "&" : "?") + "options=-c%20search_path%3D\(schema)"
        }
        let db = try await Store.open(url: url)
        _ = try await Migrator(database: db).migrate([.features])
        let handle = StoreHandle()
        handle.fulfil(db)
        return (DecisionLedger(store: handle), db)
    }

    @Test(arguments: urls)
    func oneRoundPerTickOneDecisionPerModelAndTheUnacknowledgedAreKept(url: String) async throws {
        let (ledger, db) = try await Self.ledger(url)
        let job = DecisionValidatorTests.job, tick = job.snapshot.tick
        let round = DecisionLedger.OpenedRound(
            tick: tick, snapshotDigest: [UInt8](repeating: 7, count: 32), snapshotBytes: [1, 2, 3], openedAt: tick, deadline: tick, jobs: 1
        )
        #expect(try await ledger.openRound(round))
        #expect(try await !ledger.openRound(round), "a second round for the tick is refused")

        let decision = ModelDecision.hold(for: job, outcome: .timeout, reason: "no answer", latencyMilliseconds: 8_000, worker: nil)
        #expect(try await ledger.record(decision, at: tick))
        var again = DecisionValidatorTests.good
        again.latencyMilliseconds = 3
        #expect(try await !ledger.record(again, at: tick), "a second decision for the model and tick is refused")
        #expect(try await ledger.unforwarded() == [decision])
        try await ledger.markForwarded(decision.decisionID, at: tick)
        #expect(try await ledger.unforwarded().isEmpty)

        try await ledger.closeRound(RoundRecord(tick: tick, snapshotHash: "ab", startedAt: tick, finishedAt: tick, entries: [
            RoundEntry(modelID: job.model.id, decisionID: decision.decisionID, outcome: .timeout, action: .hold, latencyMilliseconds: 8_000),
        ]))
        let rows = try await db.query("SELECT status, timed_out, answered FROM features_rounds", [])
        #expect(try rows.map { try $0.decode("status", as: String.self) } == ["closed"])
        #expect(try rows.map { try $0.decode("timed_out", as: Int64.self) } == [1])
        let stored = try await db.query("SELECT body FROM features_snapshots", [])
        #expect(try stored.map { try $0.decode("body", as: [UInt8].self) } == [[1, 2, 3]], "the exact bytes that were hashed")
        await db.close()
    }
}
