import ArenaCore
import ArenaTesting
import Testing
@testable import ArenaStore

/// PostgreSQL result columns map to SQLValue by type OID, and text-format
/// parameters let the server parse values into the column's own type.
@Suite(.requires(TestPostgres.requirement))
struct PostgresTypeTests {
    @Test("each column type maps to the documented SQLValue")
    func columnTypes() async throws {
        try await withTestDatabase(.postgres) { t in
            let row = try #require(try await t.db.query("""
                SELECT 1::int2 AS i2, 2::int4 AS i4, (-9223372036854775808)::int8 AS i8, 26::oid AS o,
                       1.5::float4 AS f4, 0.1::float8 AS f8, 'NaN'::float8 AS nan, '-Infinity'::float8 AS ninf,
                       12345678901234567890.123456789012::numeric AS num, true AS yes, false AS no,
                       '\\x00ff5c'::bytea AS bytes, ''::bytea AS empty, 'v'::varchar AS vc, 'c'::char(2) AS ch,
                       NULL::int8 AS nothing, '2024-01-02'::date AS ts
                """, []).first)
            let expected: [String: SQLValue] = [
                "i2": .integer(1), "i4": .integer(2), "i8": .integer(.min), "o": .integer(26),
                "f4": .real(1.5), "f8": .real(0.1), "ninf": .real(-.infinity),
                "num": .text("12345678901234567890.123456789012"), "yes": .integer(1), "no": .integer(0),
                "bytes": .blob([0x00, 0xFF, 0x5C]), "empty": .blob([]), "vc": .text("v"), "ch": .text("c "),
                "nothing": .null, "ts": .text("2024-01-02"),
            ]
            for (column, value) in expected {
                #expect(row.values[row.columns.firstIndex(of: column)!] == value, "column \(column)")
            }
            guard case let .real(nan) = row.values[row.columns.firstIndex(of: "nan")!] else { Issue.record("nan is not real"); return }
            #expect(nan.isNaN)
        }
    }

    @Test("integers bind into BOOLEAN columns and read back as 0/1")
    func booleans() async throws {
        try await withTestDatabase(.postgres) { t in
            try await t.db.execute("CREATE TABLE b (id BIGINT, flag BOOLEAN)", [])
            try await t.db.execute("INSERT INTO b VALUES ($1, $2), ($3, $4)", [.integer(1), true.sqlValue, .integer(2), false.sqlValue])
            let flags = try await t.db.query("SELECT flag FROM b ORDER BY id", []).map { try $0.decode("flag", as: Bool.self) }
            #expect(flags == [true, false])
        }
    }

    @Test("decimal text stays exact through NUMERIC arithmetic on the server")
    func numericIsExact() async throws {
        try await withTestDatabase(.postgres) { t in
            let a = try FixedDecimal(parsing: "0.000000000001")
            let b = try FixedDecimal(parsing: "67124.449999999999")
            let rows = try await t.db.query("SELECT $1::numeric + $2::numeric AS s", [a.sqlValue, b.sqlValue])
            #expect(try rows[0].decode("s", as: FixedDecimal.self) == FixedDecimal(parsing: "67124.45"))
            let double = try await t.db.query("SELECT $1::float8 AS d", [.real(.nan)])
            guard case let .real(v) = double[0].values[0] else { Issue.record("not real"); return }
            #expect(v.isNaN)
        }
    }

    @Test("COPY through execute is refused and leaves the connection usable")
    func copyThroughExecuteIsRefused() async throws {
        try await withTestDatabase(.postgres, options: StoreOptions(poolSize: 1)) { t in
            try await t.db.execute("CREATE TABLE c (id BIGINT)", [])
            for sql in ["COPY c FROM STDIN", "COPY c TO STDOUT"] {
                let error = await #expect(throws: StoreError.self) { try await t.db.execute(sql, []) }
                guard case let .sql(state, _, _) = error else { Issue.record("unexpected \(String(describing: error))"); continue }
                #expect(state == "0A000")
            }
            #expect(try await t.db.query("SELECT count(*) AS n FROM c", [])[0].decode("n", as: Int64.self) == 0)
        }
    }
}
