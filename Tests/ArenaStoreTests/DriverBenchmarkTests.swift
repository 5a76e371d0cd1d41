import ArenaTesting
import Testing
@testable import ArenaStore

/// The ingest benchmark runs end to end and cleans up after itself (its
/// figures come from `arena bench` in a release build, not from here).
@Suite(.requires(TestPostgres.requirement))
struct DriverBenchmarkTests {
    @Test("StoreBenchmarks.ingestRates measures all three methods")
    func ingestRatesRun() async throws {
        try await withTestDatabase(.postgres) { t in
            let rates = try await StoreBenchmarks.ingestRates(url: t.url, rows: 2_000, rowByRowRows: 200, rounds: 1)
            #expect(rates.rows == 2_000)
            #expect(rates.rowByRowRows == 200)
            #expect(rates.postgresCopyRowsPerSecond > 0)
            #expect(rates.postgresInsertRowsPerSecond > 0)
            #expect(rates.sqliteBatchedRowsPerSecond > 0)
            let leftovers = try await t.db.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_name LIKE 'bench_trades_%'", [])
            #expect(try leftovers[0].decode("n", as: Int64.self) == 0)
        }
    }
}
