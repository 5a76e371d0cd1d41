import ArenaTesting
import Testing
@testable import ArenaStore

/// Transactions commit when the body returns, roll back when it throws,
/// and keep their statements on their own connection.
@Suite struct DriverTransactionTests {
    private struct Abort: Error {}

    private static func count(_ db: any SQLExecutor, _ table: String = "t") async throws -> Int64 {
        try await db.query("SELECT count(*) AS n FROM \(table)", [])[0].decode("n")
    }

    private static let insert = "INSERT INTO t (id, note) VALUES ($1, $2)"

    private static func setUp(_ db: any SQLDatabase) async throws {
        try await db.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, note TEXT)", [])
    }

    @Test("a returning body commits and its value is returned", arguments: TestStoreKind.all)
    func commits(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Self.setUp(t.db)
            let seen = try await t.db.transaction { tx in
                try await tx.execute(Self.insert, [.integer(1), .text("one")])
                try await tx.execute(Self.insert, [.integer(2), .text("two")])
                return try await Self.count(tx)
            }
            #expect(seen == 2)
            #expect(try await Self.count(t.db) == 2)
        }
    }

    @Test("a throwing body rolls back and its error comes out unchanged", arguments: TestStoreKind.all)
    func rollsBack(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Self.setUp(t.db)
            await #expect(throws: Abort.self) {
                try await t.db.transaction { tx in
                    try await tx.execute(Self.insert, [.integer(1), .text("gone")])
                    throw Abort()
                }
            }
            let duplicate = await #expect(throws: StoreError.self) {
                try await t.db.transaction { tx in
                    try await tx.execute(Self.insert, [.integer(1), .text("kept?")])
                    try await tx.execute(Self.insert, [.integer(1), .text("duplicate")])
                }
            }
            #expect(duplicate?.isUniqueViolation == true)
            #expect(try await Self.count(t.db) == 0)
        }
    }

    @Test("an executor used after its transaction is refused", arguments: TestStoreKind.all)
    func executorDoesNotOutliveItsTransaction(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Self.setUp(t.db)
            let leaked = try await t.db.transaction { tx in tx }
            let error = await #expect(throws: StoreError.self) { try await leaked.execute(Self.insert, [.integer(1), .null]) }
            guard case let .sql(state, _, _) = error else { Issue.record("unexpected \(String(describing: error))"); return }
            #expect(state == "25000")
            #expect(try await Self.count(t.db) == 0)
        }
    }

    @Test("concurrent transactions keep their statements apart", arguments: TestStoreKind.all)
    func concurrentTransactionsAreIsolated(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Self.setUp(t.db)
            await withTaskGroup(of: Void.self) { group in
                for task in 0..<16 {
                    group.addTask {
                        _ = try? await t.db.transaction { tx in
                            for i in 0..<10 { try await tx.execute(Self.insert, [.integer(Int64(task * 100 + i)), .text("task \(task)")]) }
                            if task % 2 == 1 { throw Abort() }
                        }
                    }
                }
            }
            let rows = try await t.db.query("SELECT DISTINCT note FROM t ORDER BY note", [])
            let notes = try Set(rows.map { try $0.decode("note", as: String.self) })
            #expect(notes == Set(stride(from: 0, to: 16, by: 2).map { "task \($0)" }))
            #expect(try await Self.count(t.db) == 80)
        }
    }

    @Test("a transaction left open by a raw BEGIN is rolled back before the next caller", arguments: TestStoreKind.all)
    func strayBeginDoesNotLeak(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind, options: StoreOptions(poolSize: 1)) { t in
            try await Self.setUp(t.db)
            try await t.db.execute("BEGIN; INSERT INTO t (id, note) VALUES (1, 'stray')", [])
            #expect(try await Self.count(t.db) == 0)
            try await t.db.execute(Self.insert, [.integer(2), .text("autocommitted")])
            #expect(try await Self.count(t.db) == 1)
        }
    }

    @Test("with one connection, using the database inside its own transaction fails instead of hanging")
    func selfDeadlockIsReported() async throws {
        try await withTestDatabase(.sqlite) { t in
            try await Self.setUp(t.db)
            let error = await #expect(throws: StoreError.self) {
                try await t.db.transaction { _ in try await Self.count(t.db) }
            }
            #expect(error.map { "\($0)" }?.contains("use the executor passed to the transaction body") == true)
        }
    }

    @Test("PostgreSQL: a transaction whose statement failed cannot commit quietly", .requires(TestPostgres.requirement))
    func abortedTransactionDoesNotCommit() async throws {
        try await withTestDatabase(.postgres) { t in
            try await Self.setUp(t.db)
            let error = await #expect(throws: StoreError.self) {
                try await t.db.transaction { tx in
                    try await tx.execute(Self.insert, [.integer(1), .text("first")])
                    _ = try? await tx.execute(Self.insert, [.integer(1), .text("duplicate, swallowed")])
                }
            }
            guard case let .sql(state, _, _) = error else { Issue.record("unexpected \(String(describing: error))"); return }
            #expect(state == "25P02")
            #expect(try await Self.count(t.db) == 0)
        }
    }
}
