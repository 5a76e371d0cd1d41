import ArenaCore
import Testing
@testable import ArenaStore

/// Values go in as bound parameters and come back exactly, on both databases.
@Suite struct DriverRoundTripTests {
    private static func createTable(_ t: TestDatabase) async throws {
        try await t.db.execute("""
            CREATE TABLE v (
                id BIGINT PRIMARY KEY, i BIGINT, r \(t.kind.realType), s TEXT, b \(t.kind.blobType), d \(t.kind.decimalType))
            """, [])
    }

    private static func insert(_ db: any SQLDatabase, _ id: Int64, _ values: [SQLValue]) async throws {
        try await db.execute("INSERT INTO v (id, i, r, s, b, d) VALUES ($1, $2, $3, $4, $5, $6)", [.integer(id)] + values)
    }

    private static func readAll(_ db: any SQLDatabase) async throws -> [[SQLValue]] {
        try await db.query("SELECT i, r, s, b, d FROM v ORDER BY id", []).map(\.values)
    }

    @Test("every value kind, extremes included, comes back exactly", arguments: TestStoreKind.all)
    func everyKindRoundTrips(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Self.createTable(t)
            let rows: [[SQLValue]] = [
                [.integer(.max), .real(0.1), .text("plain"), .blob(Array(0...255)), .text("67124.450000000001")],
                [.integer(.min), .real(-1e-300), .text(""), .blob([]), .text("-0.000000000001")],
                [.integer(0), .real(.greatestFiniteMagnitude), .text("Ünïcødé — 日本語 — 🚀🇨🇭"), .blob(Array((0...255).reversed())),
                 .text("123456789012345.123456789012")],
                [.integer(-1), .real(.leastNonzeroMagnitude), .text("tab\there\nnew line\r\\back\\slash \\N \\."), .blob([0]), .text("0")],
                [.integer(42), .real(.infinity), .text("'; DROP TABLE v; --"), .blob([0x5C, 0x78, 0x00]), .text("1.5")],
                [.integer(43), .real(-.infinity), .text("$1 ? :name @x"), .blob([0xFF]), .text("-99999999999999.999999999999")],
                [.null, .null, .null, .null, .null],
            ]
            for (id, row) in rows.enumerated() { try await Self.insert(t.db, Int64(id), row) }
            #expect(try await Self.readAll(t.db) == rows)
        }
    }

    @Test("decimals with twelve fractional digits decode to the same FixedDecimal", arguments: TestStoreKind.all)
    func decimalsAreExact(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Self.createTable(t)
            let decimals = try ["67124.450000000001", "0.000000000001", "-170141183460469.231731687303", "99999999999999.999999999999"]
                .map { try FixedDecimal(parsing: $0) }
            for (id, d) in decimals.enumerated() {
                try await t.db.execute("INSERT INTO v (id, d) VALUES ($1, $2)", [.integer(Int64(id)), d.sqlValue])
            }
            let back = try await t.db.query("SELECT d FROM v ORDER BY id", []).map { try $0.decode("d", as: FixedDecimal.self) }
            #expect(back == decimals)
        }
    }

    @Test("a value with quotes and semicolons is bound, never spliced", arguments: TestStoreKind.all)
    func parametersAreNeverSpliced(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Self.createTable(t)
            let hostile = "x'); DROP TABLE v; SELECT ('"
            try await Self.insert(t.db, 1, [.null, .null, .text(hostile), .null, .null])
            let injected = try await t.db.query("SELECT id FROM v WHERE s = $1", [.text("' OR '1'='1")])
            #expect(injected.isEmpty)
            let rows = try await t.db.query("SELECT s FROM v WHERE s = $1", [.text(hostile)])
            #expect(try rows.map { try $0.decode("s", as: String.self) } == [hostile])
        }
    }

    @Test("typed decoding of a row names the offending column", arguments: TestStoreKind.all)
    func decodingErrorsNameTheColumn(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Self.createTable(t)
            try await Self.insert(t.db, 1, [.integer(7), .real(1.5), .text("seven"), .blob([1]), .text("2.5")])
            let row = try #require(try await t.db.query("SELECT i, r, s, b, d FROM v", []).first)
            #expect(try row.decode("i", as: Int64.self) == 7)
            #expect(try row.decode("r", as: Double.self) == 1.5)
            #expect(try row.decode("b", as: [UInt8].self) == [1])
            #expect(throws: StoreError.decoding(column: "s", reason: "expected an integer, got text(\"seven\")")) {
                try row.decode("s", as: Int64.self)
            }
            #expect(try row.decode("d", as: FixedDecimal.self) == FixedDecimal(parsing: "2.5"))
            let decimal = #expect(throws: StoreError.self) { try row.decode("s", as: FixedDecimal.self) }
            guard case let .decoding(column, _) = decimal else { Issue.record("not a decoding error: \(String(describing: decimal))"); return }
            #expect(column == "s")
            let missing = #expect(throws: StoreError.self) { try row.decode("nope", as: Int64.self) }
            #expect(missing.map { "\($0)" }?.contains("column nope: no such column (have i, r, s, b, d)") == true)
        }
    }

    @Test("Int64 extremes survive arithmetic comparisons on the server", arguments: TestStoreKind.all)
    func integerExtremesCompare(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Self.createTable(t)
            try await Self.insert(t.db, 1, [.integer(.min), .null, .null, .null, .null])
            try await Self.insert(t.db, 2, [.integer(.max), .null, .null, .null, .null])
            let rows = try await t.db.query("SELECT id FROM v WHERE i = $1", [.integer(.min)])
            #expect(try rows.map { try $0.decode("id", as: Int64.self) } == [1])
            let above = try await t.db.query("SELECT count(*) AS n FROM v WHERE i > $1", [.integer(.max - 1)])
            #expect(try above[0].decode("n", as: Int64.self) == 1)
        }
    }

    @Test("a parameter-free script of several statements runs in order", arguments: TestStoreKind.all)
    func scriptsRun(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            let changed = try await t.db.execute("""
                CREATE TABLE a (x BIGINT);
                INSERT INTO a (x) VALUES (1);
                INSERT INTO a (x) VALUES (2), (3);
                """, [])
            #expect(changed == 2)
            let rows = try await t.db.query("SELECT CAST(sum(x) AS BIGINT) AS total FROM a", [])
            #expect(try rows[0].decode("total", as: Int64.self) == 6)
        }
    }
}
