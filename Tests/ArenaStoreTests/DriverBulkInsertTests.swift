import ArenaCore
import ArenaTesting
import Testing
@testable import ArenaStore

/// bulkInsert (COPY on PostgreSQL, one batched transaction on SQLite)
/// stores every row exactly, or none.
@Suite struct DriverBulkInsertTests {
    private static let columns = ["agg_id", "symbol", "price", "qty", "side", "event_time"]

    private static func createTrades(_ t: TestDatabase) async throws {
        try await t.db.execute("""
            CREATE TABLE trades (
                agg_id BIGINT PRIMARY KEY, symbol TEXT NOT NULL, price \(t.kind.decimalType) NOT NULL,
                qty \(t.kind.decimalType) NOT NULL, side TEXT NOT NULL, event_time BIGINT NOT NULL)
            """, [])
    }

    private static func trade(_ i: Int64) -> [SQLValue] {
        [.integer(i), .text("BTCUSDT"), FixedDecimal(raw: 67_124_450_000_000_001 + Int128(i)).sqlValue,
         FixedDecimal(raw: Int128(i) * 10_000).sqlValue, .text(i % 2 == 0 ? "buy" : "sell"), .integer(1_717_000_000_000_000_000 + i)]
    }

    private static func count(_ db: any SQLDatabase, _ table: String) async throws -> Int64 {
        try await db.query("SELECT count(*) AS n FROM \(table)", [])[0].decode("n")
    }

    @Test("10,000 trades go in and come back exactly", arguments: TestStoreKind.all)
    func tenThousandRows(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Self.createTrades(t)
            let rows = (0..<10_000).map { Self.trade(Int64($0)) }
            try await t.db.bulkInsert(table: "trades", columns: Self.columns, rows: rows)
            #expect(try await Self.count(t.db, "trades") == 10_000)
            let back = try await t.db.query("SELECT agg_id, symbol, price, qty, side, event_time FROM trades ORDER BY agg_id", [])
            #expect(back.count == rows.count)
            for (row, expected) in zip(back, rows) where row.values != expected {
                // NUMERIC may come back with a different scale; compare as decimals.
                #expect(try row.decode("price", as: FixedDecimal.self) == FixedDecimal(sqlValue: expected[2], column: "price"))
                #expect(try row.decode("qty", as: FixedDecimal.self) == FixedDecimal(sqlValue: expected[3], column: "qty"))
                #expect(Array(row.values[0...1]) + Array(row.values[4...]) == Array(expected[0...1]) + Array(expected[4...]))
            }
        }
    }

    @Test("escaping hazards, nulls, unicode and every byte survive bulkInsert", arguments: TestStoreKind.all)
    func awkwardValues(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await t.db.execute("CREATE TABLE odd (id BIGINT, s TEXT, b \(t.kind.blobType), r \(t.kind.realType), i BIGINT)", [])
            let rows: [[SQLValue]] = [
                [.integer(1), .text("tab\tnewline\ncr\rbackslash\\end"), .blob(Array(0...255)), .real(0.1), .integer(.min)],
                [.integer(2), .text("\\N"), .blob([]), .real(-.infinity), .integer(.max)],
                [.integer(3), .text("\\."), .blob([0x5C, 0x4E]), .real(-0.5e-300), .integer(0)],
                [.integer(4), .null, .null, .null, .null],
                [.integer(5), .text(""), .blob([0x0A, 0x09, 0x0D]), .real(1e300), .integer(-1)],
                [.integer(6), .text("Ünïcødé 🚀 \u{2028} 'quote' \"dq\" ;"), .blob([0xFF, 0x00]), .real(3), .integer(7)],
            ]
            try await t.db.bulkInsert(table: "odd", columns: ["id", "s", "b", "r", "i"], rows: rows)
            let back = try await t.db.query("SELECT id, s, b, r, i FROM odd ORDER BY id", []).map(\.values)
            #expect(back == rows)
        }
    }

    @Test("a failing batch stores nothing", arguments: TestStoreKind.all)
    func allOrNothing(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Self.createTrades(t)
            var rows = (0..<1_000).map { Self.trade(Int64($0)) }
            rows.append(Self.trade(500))  // duplicate key at the very end
            let error = await #expect(throws: StoreError.self) {
                try await t.db.bulkInsert(table: "trades", columns: Self.columns, rows: rows)
            }
            #expect(error?.isUniqueViolation == true)
            #expect(try await Self.count(t.db, "trades") == 0)
            // The connection is usable afterwards, and a good batch goes in.
            try await t.db.bulkInsert(table: "trades", columns: Self.columns, rows: Array(rows.prefix(10)))
            #expect(try await Self.count(t.db, "trades") == 10)
        }
    }

    @Test("bad names and ragged rows are refused before any SQL runs", arguments: TestStoreKind.all)
    func argumentsAreChecked(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Self.createTrades(t)
            let one = [Self.trade(1)]
            for (table, columns, rows) in [
                ("trades; DROP TABLE trades", Self.columns, one),
                ("trades", ["agg_id", "symbol\" --"] + Self.columns.dropFirst(2), one),
                ("trades", [], one),
                ("trades", Self.columns, [Self.trade(2), Array(Self.trade(3).dropLast())]),
            ] {
                let error = await #expect(throws: StoreError.self) {
                    try await t.db.bulkInsert(table: table, columns: columns, rows: rows)
                }
                guard case let .sql(state, _, _) = error else { Issue.record("unexpected \(String(describing: error))"); continue }
                #expect(state == "22023")
            }
            try await t.db.bulkInsert(table: "trades", columns: Self.columns, rows: [])
            #expect(try await Self.count(t.db, "trades") == 0)
        }
    }

    @Test("PostgreSQL: text PostgreSQL cannot store (NUL) is refused, not truncated", .requires(TestPostgres.requirement))
    func nulIsRefused() async throws {
        try await withTestDatabase(.postgres) { t in
            try await t.db.execute("CREATE TABLE n (s TEXT)", [])
            for attempt in 0..<2 {
                let error = await #expect(throws: StoreError.self) {
                    if attempt == 0 {
                        try await t.db.bulkInsert(table: "n", columns: ["s"], rows: [[.text("ok")], [.text("a\u{0}b")]])
                    } else {
                        try await t.db.execute("INSERT INTO n (s) VALUES ($1)", [.text("a\u{0}b")])
                    }
                }
                guard case let .sql(state, _, _) = error else { Issue.record("unexpected \(String(describing: error))"); continue }
                #expect(state == "22021")
            }
            #expect(try await Self.count(t.db, "n") == 0)
        }
    }
}
