import ArenaStore
import Foundation

/// Trade ingest into the store: PostgreSQL COPY against row-by-row INSERT in
/// the same run, and SQLite batched writes.
enum StoreBench {
    static func run(quick: Bool) async throws -> [BenchResult] {
        guard let url = ProcessInfo.processInfo.environment["ARENA_BENCH_POSTGRES_URL"] else {
            throw BenchError.failed(
                "the store benchmark needs PostgreSQL: ARENA_BENCH_POSTGRES_URL=$(scripts/test-postgres.sh start) (make bench does this)"
            )
        }
        let rates = try await StoreBenchmarks.ingestRates(
            url: url, rows: quick ? 20_000 : 200_000, rowByRowRows: quick ? 2_000 : 20_000, rounds: quick ? 1 : 3
        )
        let insert = "PostgreSQL row-by-row INSERT (prepared, one transaction)"
        return [
            BenchResult(name: "trade ingest, PostgreSQL COPY", value: rates.postgresCopyRowsPerSecond, unit: "rows/s",
                        baseline: insert, baselineValue: rates.postgresInsertRowsPerSecond, ratio: rates.copySpeedup),
            BenchResult(name: "trade ingest, SQLite batched transaction", value: rates.sqliteBatchedRowsPerSecond, unit: "rows/s",
                        baseline: insert, baselineValue: rates.postgresInsertRowsPerSecond,
                        ratio: rates.sqliteBatchedRowsPerSecond / rates.postgresInsertRowsPerSecond),
        ]
    }
}
