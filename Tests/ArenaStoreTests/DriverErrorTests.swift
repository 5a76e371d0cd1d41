import Testing
@testable import ArenaStore

/// Database errors arrive typed, with the SQLSTATE (or SQLite's extended
/// result code) and the statement, and the connection stays usable.
@Suite struct DriverErrorTests {
    /// Runs `sql` and returns the ``StoreError/sql(state:message:statement:)`` parts it fails with.
    private static func sqlError(
        _ db: any SQLExecutor, _ sql: String, _ parameters: [SQLValue] = []
    ) async -> (state: String, message: String, statement: String)? {
        do {
            try await db.execute(sql, parameters)
            Issue.record("\(sql) succeeded")
        } catch let .sql(state, message, statement) {
            return (state, message, statement)
        } catch {
            Issue.record("\(sql) failed with \(error), not an SQL error")
        }
        return nil
    }

    /// The error rebuilt from its parts, to ask it questions.
    private static func classify(_ parts: (state: String, message: String, statement: String)?) -> StoreError {
        .sql(state: parts?.state ?? "", message: parts?.message ?? "", statement: parts?.statement ?? "")
    }

    private static func setUp(_ db: any SQLDatabase) async throws {
        try await db.execute("""
            CREATE TABLE parent (id BIGINT PRIMARY KEY, code TEXT UNIQUE, name TEXT NOT NULL);
            CREATE TABLE child (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL REFERENCES parent (id));
            INSERT INTO parent (id, code, name) VALUES (1, 'a', 'first');
            """, [])
    }

    @Test("constraint violations carry the SQLSTATE and are recognised as unique violations", arguments: TestStoreKind.all)
    func constraintViolations(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Self.setUp(t.db)
            let insert = "INSERT INTO parent (id, code, name) VALUES ($1, $2, $3)"

            let unique = await Self.sqlError(t.db, insert, [.integer(2), .text("a"), .text("dup code")])
            #expect(unique?.state == (kind == .postgres ? "23505" : "SQLITE_CONSTRAINT_UNIQUE"))
            #expect(unique?.statement == insert)
            #expect(Self.classify(unique).isUniqueViolation)

            let primary = await Self.sqlError(t.db, insert, [.integer(1), .text("b"), .text("dup id")])
            #expect(primary?.state == (kind == .postgres ? "23505" : "SQLITE_CONSTRAINT_PRIMARYKEY"))
            #expect(Self.classify(primary).isUniqueViolation)

            let notNull = await Self.sqlError(t.db, insert, [.integer(3), .text("c"), .null])
            #expect(notNull?.state == (kind == .postgres ? "23502" : "SQLITE_CONSTRAINT_NOTNULL"))

            let foreign = await Self.sqlError(t.db, "INSERT INTO child (id, parent_id) VALUES ($1, $2)", [.integer(1), .integer(99)])
            #expect(foreign?.state == (kind == .postgres ? "23503" : "SQLITE_CONSTRAINT_FOREIGNKEY"))
            #expect(Self.classify(foreign).isUniqueViolation == false)

            // The connection is still fine after all of that.
            let rows = try await t.db.query("SELECT count(*) AS n FROM parent", [])
            #expect(try rows[0].decode("n", as: Int64.self) == 1)
        }
    }

    @Test("syntax errors and unknown tables carry the state, the message and the statement", arguments: TestStoreKind.all)
    func statementErrors(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            let syntax = await Self.sqlError(t.db, "SELEC 1")
            #expect(syntax?.state == (kind == .postgres ? "42601" : "SQLITE_ERROR"))
            #expect(syntax?.statement == "SELEC 1")
            #expect(syntax?.message.contains("syntax error") == true)

            let missing = await Self.sqlError(t.db, "SELECT * FROM no_such_table WHERE id = $1", [.integer(1)])
            #expect(missing?.state == (kind == .postgres ? "42P01" : "SQLITE_ERROR"))
            #expect(missing?.message.contains("no_such_table") == true)
        }
    }

    @Test("a wrong number of parameters is an error, not a silent NULL", arguments: TestStoreKind.all)
    func parameterCountMismatch(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Self.setUp(t.db)
            let sql = "SELECT name FROM parent WHERE id = $1 AND code = $2"
            await #expect(throws: StoreError.self) { try await t.db.query(sql, [.integer(1)]) }
            await #expect(throws: StoreError.self) { try await t.db.query(sql, [.integer(1), .text("a"), .text("extra")]) }
            let rows = try await t.db.query(sql, [.integer(1), .text("a")])
            #expect(try rows.map { try $0.decode("name", as: String.self) } == ["first"])
        }
    }

    @Test("several statements with parameters, or in a query, are refused", arguments: TestStoreKind.all)
    func multipleStatementsNeedTheScriptForm(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Self.setUp(t.db)
            await #expect(throws: StoreError.self) {
                try await t.db.execute("DELETE FROM child WHERE id = $1; DELETE FROM parent", [.integer(1)])
            }
            await #expect(throws: StoreError.self) { try await t.db.query("SELECT 1 AS a; SELECT 2 AS b", []) }
            let rows = try await t.db.query("SELECT count(*) AS n FROM parent", [])
            #expect(try rows[0].decode("n", as: Int64.self) == 1)
        }
    }

    @Test("StoreError classifies transient failures")
    func transientClassification() {
        #expect(StoreError.connectionLost(reason: "x").isTransient)
        #expect(StoreError.unreachable("u", reason: "x").isTransient)
        #expect(StoreError.sql(state: "40001", message: "", statement: "").isTransient)
        #expect(StoreError.sql(state: "SQLITE_BUSY", message: "", statement: "").isTransient)
        #expect(StoreError.sql(state: "23505", message: "", statement: "").isTransient == false)
        #expect(StoreError.closed.isTransient == false)
    }
}
