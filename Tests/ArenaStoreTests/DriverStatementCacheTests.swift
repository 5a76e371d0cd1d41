import Testing
@testable import ArenaStore

/// Statements are prepared once per connection and reused, the cache is
/// bounded, and a schema change under a cached statement is survived.
@Suite struct DriverStatementCacheTests {
    private static func cached(_ db: any SQLDatabase) async throws -> [Int] {
        await (try #require(db as? any StatementCacheInspecting)).cachedStatementCounts()
    }

    @Test("the same SQL text is prepared once and reused", arguments: TestStoreKind.all)
    func reuse(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind, options: StoreOptions(poolSize: 1)) { t in
            try await t.db.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v TEXT)", [])
            let before = try await Self.cached(t.db).reduce(0, +)
            let sql = "INSERT INTO t (id, v) VALUES ($1, $2)"
            for i in 0..<5 { try await t.db.execute(sql, [.integer(Int64(i)), .text("v\(i)")]) }
            #expect(try await Self.cached(t.db) == [before + 1])
            if kind == .postgres {
                // The server's own view of this session's prepared statements.
                let rows = try await t.db.query("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1", [.text(sql)])
                #expect(try rows[0].decode("n", as: Int64.self) == 1)
            }
        }
    }

    @Test("the cache evicts the least recently used statement at capacity", arguments: TestStoreKind.all)
    func eviction(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind, options: StoreOptions(poolSize: 1, statementCacheCapacity: 2)) { t in
            for n in 1...5 { _ = try await t.db.query("SELECT \(n) + $1 AS v", [.integer(1)]) }
            #expect(try await Self.cached(t.db) == [2])
            if kind == .postgres {
                // Evicted statements were deallocated on the server too: the
                // last query and this one are all that remain.
                let rows = try await t.db.query("SELECT count(*) AS n FROM pg_prepared_statements WHERE $1 = 1", [.integer(1)])
                #expect(try rows[0].decode("n", as: Int64.self) == 2)
            }
        }
    }

    @Test("a cached SELECT * keeps working after the table gains a column", arguments: TestStoreKind.all)
    func schemaChange(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind, options: StoreOptions(poolSize: 1)) { t in
            try await t.db.execute("CREATE TABLE t (id BIGINT)", [])
            try await t.db.execute("INSERT INTO t (id) VALUES ($1)", [.integer(1)])
            let sql = "SELECT * FROM t WHERE id = $1"
            #expect(try await t.db.query(sql, [.integer(1)])[0].columns == ["id"])
            try await t.db.execute("ALTER TABLE t ADD COLUMN extra TEXT", [])
            #expect(try await t.db.query(sql, [.integer(1)])[0].columns == ["id", "extra"])
        }
    }
}
