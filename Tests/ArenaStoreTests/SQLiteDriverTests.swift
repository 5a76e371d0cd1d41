import Foundation
import Testing
@testable import ArenaStore

/// What is particular to SQLite: its configuration, `$N` placeholders over
/// named parameters, and the single writer under contention.
@Suite struct SQLiteDriverTests {
    @Test("a file database is in WAL mode with foreign keys and a busy timeout")
    func configuration() async throws {
        try await withTestDatabase(.sqlite, options: StoreOptions(sqliteBusyTimeout: .milliseconds(1_500))) { (t: TestDatabase) async throws in
            #expect(try await t.db.query("PRAGMA journal_mode", [])[0].values == [.text("wal")])
            #expect(try await t.db.query("PRAGMA foreign_keys", [])[0].values == [.integer(1)])
            #expect(try await t.db.query("PRAGMA busy_timeout", [])[0].values == [.integer(1_500)])
            #expect(try await t.db.query("PRAGMA synchronous", [])[0].values == [.integer(1)])  // NORMAL
        }
    }

    @Test("sqlite::memory: opens a private in-memory database")
    func inMemory() async throws {
        let db = try await Store.open(url: "sqlite::memory:")
        try await db.execute("CREATE TABLE m (x BIGINT)", [])
        try await db.execute("INSERT INTO m (x) VALUES ($1)", [.integer(5)])
        #expect(try await db.query("SELECT x FROM m", [])[0].values == [.integer(5)])
        #expect(db.dialect == .sqlite)
        await db.close()
    }

    @Test("$N binds by number, whatever order and however often it appears")
    func placeholdersBindByNumber() async throws {
        try await withTestDatabase(.sqlite) { t in
            let rows = try await t.db.query("SELECT $2 AS second, $1 AS first, $2 || $1 AS both", [.text("a"), .text("b")])
            #expect(rows[0].values == [.text("b"), .text("a"), .text("ba")])
        }
    }

    @Test("other placeholder styles and wrong counts are refused with a reason")
    func placeholderMisuse() async throws {
        try await withTestDatabase(.sqlite) { t in
            for sql in ["SELECT ? AS x", "SELECT :name AS x", "SELECT @v AS x", "SELECT $0 AS x"] {
                let error = await #expect(throws: StoreError.self) { try await t.db.query(sql, [.integer(1)]) }
                #expect(error.map { "\($0)" }?.contains("use $1, $2") == true, "\(sql): \(String(describing: error))")
            }
            let error = await #expect(throws: StoreError.self) { try await t.db.query("SELECT $1 AS a, $3 AS c", [.integer(1), .integer(2)]) }
            guard case let .sql(state, _, _) = error else { Issue.record("unexpected \(String(describing: error))"); return }
            #expect(state == "SQLITE_RANGE")
        }
    }

    @Test("a writer blocked by another process's transaction waits, then fails as transient")
    func busyWriterTimesOut() async throws {
        try await withTestDatabase(.sqlite, options: StoreOptions(sqliteBusyTimeout: .milliseconds(200))) { t in
            try await t.db.execute("CREATE TABLE w (x BIGINT)", [])
            let other = try await Store.open(url: t.url, options: StoreOptions(sqliteBusyTimeout: .milliseconds(200)))
            let clock = ContinuousClock()
            let (holding, release) = AsyncStream.makeStream(of: Void.self)
            let (released, finish) = AsyncStream.makeStream(of: Void.self)
            async let holder: Void = other.transaction { tx in
                try await tx.execute("INSERT INTO w (x) VALUES ($1)", [.integer(1)])
                release.yield()
                for await _ in released { break }
            }
            for await _ in holding { break }
            let start = clock.now
            let error = await #expect(throws: StoreError.self) { try await t.db.execute("INSERT INTO w (x) VALUES ($1)", [.integer(2)]) }
            #expect(clock.now - start >= .milliseconds(150))
            #expect(error?.isTransient == true, "\(String(describing: error))")
            finish.yield()
            try await holder
            await other.close()
            #expect(try await t.db.query("SELECT x FROM w", []).map(\.values) == [[.integer(1)]])
        }
    }

    @Test("a file that is not a database is reported when opening")
    func notADatabase() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("arena-not-a-db-\(UUID().uuidString)").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = await #expect(throws: StoreError.self) { try await Store.open(url: "sqlite:\(path)") }
        guard case let .unreachable(url, reason) = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(url == "sqlite:\(path)")
        #expect(reason.contains("not a database"))
    }
}
