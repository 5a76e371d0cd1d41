import ArenaCore
import Testing
@testable import ArenaStore

/// Ways someone with write access to the database might alter the audit log,
/// and what the verifier must say about each.
enum Tamper: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case editBody, deleteOne, deleteRange, deleteFirst, swapAdjacent, swapApart, swapFirstTwo, swapLastTwo
    case rewriteWithRecomputedHash, truncateTailWithAnchor

    var testDescription: String { rawValue }

    /// What the verifier reports on a 10-row log after this tampering.
    var expected: [AuditProblem] {
        switch self {
        case .editBody: [.edited(seq: 4)]
        case .deleteOne: [.missing(from: 6, through: 6)]
        case .deleteRange: [.missing(from: 3, through: 5)]
        case .deleteFirst: [.missing(from: 1, through: 1)]
        case .swapAdjacent: [.swapped(first: 5, second: 6)]
        case .swapApart: [.swapped(first: 2, second: 9)]
        case .swapFirstTwo: [.swapped(first: 1, second: 2)]
        case .swapLastTwo: [.swapped(first: 9, second: 10)]
        case .rewriteWithRecomputedHash: [.chainBroken(seq: 5, previous: 4)]
        case .truncateTailWithAnchor: [.anchorMismatch(seq: 10, expected: "", found: nil)]
        }
    }
}

/// The hash-chained audit log: appends form one gap-free chain, are
/// idempotent and append-only, and the verifier names each kind of tampering.
@Suite struct AuditTests {
    /// Entries of every kind, with distinct refs and bodies.
    static func entries(_ range: ClosedRange<Int>) -> [AuditEntry] {
        let kinds: [AuditKind] = [.decision, .verdict, .orderEvent, .fill]
        return range.map { i in
            let kind = kinds[i % kinds.count]
            return AuditEntry(kind: kind, ref: "\(kind)-\(i)", body: Array(#"{"n":\#(i),"kind":"\#(kind)"}"#.utf8))
        }
    }

    /// Lifts the append-only triggers, as someone with DDL rights could.
    static func disableAppendOnly(_ db: any SQLDatabase) async throws {
        switch db.dialect {
        case .postgres: try await db.execute(#"ALTER TABLE "audit_log" DISABLE TRIGGER USER"#, [])
        case .sqlite: try await db.execute(#"DROP TRIGGER "audit_log_no_update"; DROP TRIGGER "audit_log_no_delete""#, [])
        }
    }

    /// Applies `tamper` to a 10-row log; returns the anchor to verify with, if any.
    static func apply(_ tamper: Tamper, to db: any SQLDatabase) async throws -> AuditAnchor? {
        let log = AuditTables.log.ref.sql
        func swap(_ a: Int64, _ b: Int64) async throws {
            try await db.execute("UPDATE \(log) SET seq = $1 WHERE seq = $2", [.integer(-a), .integer(a)])
            try await db.execute("UPDATE \(log) SET seq = $1 WHERE seq = $2", [.integer(a), .integer(b)])
            try await db.execute("UPDATE \(log) SET seq = $1 WHERE seq = $2", [.integer(b), .integer(-a)])
        }
        let head = try await AuditLog(database: db).head()
        try await disableAppendOnly(db)
        switch tamper {
        case .editBody:
            try await db.execute("UPDATE \(log) SET body = $1 WHERE seq = 4", [.blob(Array(#"{"n":4,"kind":"forged"}"#.utf8))])
        case .deleteOne: try await db.execute("DELETE FROM \(log) WHERE seq = 6", [])
        case .deleteRange: try await db.execute("DELETE FROM \(log) WHERE seq BETWEEN 3 AND 5", [])
        case .deleteFirst: try await db.execute("DELETE FROM \(log) WHERE seq = 1", [])
        case .swapAdjacent: try await swap(5, 6)
        case .swapApart: try await swap(2, 9)
        case .swapFirstTwo: try await swap(1, 2)
        case .swapLastTwo: try await swap(9, 10)
        case .rewriteWithRecomputedHash:
            // A careful forger recomputes the edited row's hash; the next row still names the old one.
            guard let row = try await AuditLog(database: db).record(seq: 4) else { throw TestSetupError(description: "no row 4") }
            let body = Array(#"{"n":4,"kind":"forged"}"#.utf8)
            let hash = AuditChain.hash(prevHash: row.prevHash, seq: 4, kind: row.kind, ref: row.ref, recordedAt: row.recordedAt, body: body)
            try await db.execute("UPDATE \(log) SET body = $1, hash = $2 WHERE seq = 4", [.blob(body), .blob(hash)])
        case .truncateTailWithAnchor:
            try await db.execute("DELETE FROM \(log) WHERE seq >= 9", [])
            return head.map { AuditAnchor(seq: $0.seq, hash: AuditChain.hex($0.hash)) }
        }
        return nil
    }

    /// A migrated audit log with entries 1…`count`, appended through a writer by several tasks.
    static func populate(_ db: any SQLDatabase, count: Int = 10) async throws {
        try await Migrator(database: db).migrate(.audit)
        let writer = BatchWriter(configuration: BatchWriterConfiguration(name: "audit", batchSize: 8), sink: AuditSink(log: AuditLog(database: db)))
        try await writer.submitAndWait(entries(1...count))
        await writer.close()
    }

    @Test("concurrent appends through a writer form one gap-free chain that verifies", arguments: TestStoreKind.all)
    func chainFromConcurrentAppends(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Migrator(database: t.db).migrate(.audit)
            let log = AuditLog(database: t.db)
            let writer = BatchWriter(configuration: BatchWriterConfiguration(name: "audit", batchSize: 16), sink: AuditSink(log: log))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<8 {
                    group.addTask {
                        for entry in Self.entries(task * 10 + 1...task * 10 + 10) { try await writer.submitAndWait([entry]) }
                    }
                }
                try await group.waitForAll()
            }
            await writer.close()
            let report = try await AuditVerifier(database: t.db).verify()
            #expect(report.isIntact && report.rows == 80, "\(report.problems)")
            let head = try await log.head()
            #expect(report.head == head.map { AuditAnchor(seq: $0.seq, hash: AuditChain.hex($0.hash)) })
            #expect(head?.seq == 80)
            let refs = try await t.db.query("SELECT ref FROM \(AuditTables.log.ref.sql) ORDER BY ref", []).map { try $0.decode("ref", as: String.self) }
            #expect(refs == Self.entries(1...80).map(\.ref).sorted())
        }
    }

    @Test("appending the same kind and ref again is a no-op; a different body under it is refused", arguments: TestStoreKind.all)
    func appendIsIdempotent(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Migrator(database: t.db).migrate(.audit)
            let log = AuditLog(database: t.db, clock: SimulatedClock(start: Timestamp(milliseconds: 1_722_470_400_000)))
            let entries = Self.entries(1...2)
            let first = try await log.append(kind: entries[0].kind, ref: entries[0].ref, body: entries[0].body)
            let both = try await log.append(entries)
            #expect(both.map(\.seq) == [1, 2])
            #expect(both[0] == first)
            #expect(both[1].prevHash == first.hash && both[1].computedHash == both[1].hash)
            #expect(first.prevHash == AuditChain.genesis)
            await #expect(throws: StoreError.self) {
                try await log.append(kind: entries[0].kind, ref: entries[0].ref, body: Array("other".utf8))
            }
            #expect(try await StoreFixtures.count(AuditTables.log, t.db) == 2)
        }
    }

    @Test("the database refuses updates and deletes of audit rows", arguments: TestStoreKind.all)
    func appendOnly(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Self.populate(t.db, count: 3)
            let log = AuditTables.log.ref.sql
            await #expect(throws: StoreError.self) { try await t.db.execute("UPDATE \(log) SET body = $1 WHERE seq = 2", [.blob([1])]) }
            await #expect(throws: StoreError.self) { try await t.db.execute("DELETE FROM \(log) WHERE seq = 3", []) }
            #expect(try await AuditVerifier(database: t.db).verify().isIntact)
        }
    }

    @Test("the verifier names the row that was changed, removed, moved or rewritten", arguments: TestStoreKind.all, Tamper.allCases)
    func detectsTampering(kind: TestStoreKind, tamper: Tamper) async throws {
        try await withTestDatabase(kind) { t in
            try await Self.populate(t.db)
            #expect(try await AuditVerifier(database: t.db).verify().isIntact)
            let anchor = try await Self.apply(tamper, to: t.db)
            let report = try await AuditVerifier(database: t.db).verify(anchor: anchor)
            if tamper == .truncateTailWithAnchor, let anchor {
                #expect(report.problems == [.anchorMismatch(seq: 10, expected: anchor.hash, found: nil)])
                // Without the anchor, a cut-off tail leaves a valid (shorter) chain: why the head is worth keeping.
                #expect(try await AuditVerifier(database: t.db).verify().isIntact)
            } else {
                #expect(report.problems == tamper.expected)
            }
            #expect(!report.truncated)
        }
    }

    @Test("verification pages through long logs and still pinpoints the row", arguments: TestStoreKind.all)
    func longLogs(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Migrator(database: t.db).migrate(.audit)
            let log = AuditLog(database: t.db)
            for start in stride(from: 1, through: 2_500, by: 500) { try await log.append(Self.entries(start...start + 499)) }
            let intact = try await AuditVerifier(database: t.db).verify()
            #expect(intact.isIntact && intact.rows == 2_500)
            try await Self.disableAppendOnly(t.db)
            try await t.db.execute("UPDATE \(AuditTables.log.ref.sql) SET recorded_at = recorded_at + 1 WHERE seq = 1500", [])
            let anchor = try #require(intact.head)
            let report = try await AuditVerifier(database: t.db).verify(anchor: anchor)
            #expect(report.problems == [.edited(seq: 1_500)] && report.rows == 2_500)
        }
    }

    @Test("canonical bytes are length-prefixed, so shifting bytes between fields changes the hash")
    func canonicalBytes() {
        let at = Timestamp(nanoseconds: 1)
        let a = AuditChain.canonicalBytes(seq: 1, kind: AuditKind(rawValue: "ab"), ref: "c", recordedAt: at, body: [])
        let b = AuditChain.canonicalBytes(seq: 1, kind: AuditKind(rawValue: "a"), ref: "bc", recordedAt: at, body: [])
        #expect(a != b)
        #expect(a == [0, 0, 0, 0, 0, 0, 0, 1] + [0, 0, 0, 0, 0, 0, 0, 1] + [0, 0, 0, 2, 97, 98] + [0, 0, 0, 1, 99] + [0, 0, 0, 0])
        #expect(AuditAnchor(parsing: "12:" + String(repeating: "AB", count: 32))?.description == "12:" + String(repeating: "ab", count: 32))
        #expect(AuditAnchor(parsing: "0:" + String(repeating: "ab", count: 32)) == nil)
        #expect(AuditAnchor(parsing: "12:abc") == nil)
    }
}
