import ArenaCore
import Foundation

/// Trade-ingest throughput of the drivers, for `arena bench`.
public enum StoreBenchmarks {
    /// Rows per second for each way of writing trades; best of the rounds.
    public struct IngestRates: Sendable, Hashable, Codable {
        /// Rows per COPY (and per SQLite batch).
        public let rows: Int
        /// Rows written row by row (smaller: that path is slow).
        public let rowByRowRows: Int
        /// PostgreSQL `COPY … FROM STDIN` through ``SQLDatabase/bulkInsert(table:columns:rows:)``.
        public let postgresCopyRowsPerSecond: Double
        /// PostgreSQL prepared `INSERT`, one round trip per row, all in one
        /// transaction (the fastest way that is still row by row).
        public let postgresInsertRowsPerSecond: Double
        /// SQLite: one transaction of one prepared INSERT per row (bulkInsert).
        public let sqliteBatchedRowsPerSecond: Double

        /// How many times faster COPY is than row-by-row INSERT in this run.
        public var copySpeedup: Double { postgresCopyRowsPerSecond / postgresInsertRowsPerSecond }
    }

    /// Writes trade-shaped rows (aggregate id, symbol, price and quantity as
    /// exact NUMERIC, side, event time in ns) into a scratch table of the
    /// PostgreSQL database at `url` and of a temporary SQLite file, `rounds`
    /// times alternating the methods, and reports each method's best round.
    /// The scratch tables are dropped afterwards.
    public static func ingestRates(
        url: String, rows: Int = 200_000, rowByRowRows: Int = 20_000, rounds: Int = 3
    ) async throws(StoreError) -> IngestRates {
        let trades = tradeRows(max(1, rows))
        let single = Array(trades.prefix(max(1, rowByRowRows)))
        let table = "bench_trades_\(UInt32.random(in: 0...UInt32.max))"
        let sqlitePath = FileManager.default.temporaryDirectory.appendingPathComponent("\(table).sqlite").path

        let postgres = try await Store.open(url: url, options: StoreOptions(poolSize: 1))
        let sqlite: any SQLDatabase
        do {
            sqlite = try await Store.open(url: "sqlite:\(sqlitePath)")
        } catch {
            await postgres.close()
            throw error
        }
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sqlitePath + suffix) }
        }
        var copy = 0.0, insert = 0.0, batched = 0.0
        var failure: StoreError?
        do {
            for db in [postgres, sqlite] { try await db.execute(createTable(table, db.dialect), []) }
            for _ in 0..<max(1, rounds) {
                try await postgres.execute("TRUNCATE \(table)", [])
                copy = max(copy, try await rate(trades.count) { () async throws(StoreError) in
                    try await postgres.bulkInsert(table: table, columns: columns, rows: trades)
                })
                try await postgres.execute("TRUNCATE \(table)", [])
                insert = max(insert, try await rate(single.count) { () async throws(StoreError) in
                    try await rowByRow(postgres, table: table, rows: single)
                })
                try await sqlite.execute("DELETE FROM \(table)", [])
                batched = max(batched, try await rate(trades.count) { () async throws(StoreError) in
                    try await sqlite.bulkInsert(table: table, columns: columns, rows: trades)
                })
            }
        } catch {
            failure = error
        }
        _ = try? await postgres.execute("DROP TABLE IF EXISTS \(table)", [])
        await postgres.close()
        await sqlite.close()
        if let failure { throw failure }
        return IngestRates(
            rows: trades.count, rowByRowRows: single.count,
            postgresCopyRowsPerSecond: copy, postgresInsertRowsPerSecond: insert, sqliteBatchedRowsPerSecond: batched
        )
    }

    private static let columns = ["agg_id", "symbol", "price", "qty", "side", "event_time"]

    private static func createTable(_ table: String, _ dialect: SQLDialect) -> String {
        // SQLite keeps decimals as TEXT: its NUMERIC affinity would round
        // them through a double.
        let decimal = dialect == .postgres ? "NUMERIC" : "TEXT"
        return """
            CREATE TABLE \(table) (
                agg_id BIGINT PRIMARY KEY, symbol TEXT NOT NULL, price \(decimal) NOT NULL,
                qty \(decimal) NOT NULL, side TEXT NOT NULL, event_time BIGINT NOT NULL)
            """
    }

    private static func rowByRow(_ db: any SQLDatabase, table: String, rows: [[SQLValue]]) async throws(StoreError) {
        let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ($1, $2, $3, $4, $5, $6)"
        do {
            try await db.transaction { tx in
                for row in rows { try await tx.execute(sql, row) }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.sql(state: "XX000", message: "\(error)", statement: sql)
        }
    }

    private static func rate(_ count: Int, _ body: () async throws(StoreError) -> Void) async throws(StoreError) -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await body()
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(count) / max(seconds, 1e-9)
    }

    /// Deterministic BTC-like trades: prices walk in 0.01 steps, quantities
    /// carry eight decimals, times advance 1 ms.
    private static func tradeRows(_ count: Int) -> [[SQLValue]] {
        let start: Int64 = 1_717_171_717_000_000_000
        return (0..<count).map { i -> [SQLValue] in
            let n = Int64(i)
            let price = FixedDecimal(raw: 67_124_450_000_000_000 + Int128((n * 7_919) % 100_000) * 10_000_000_000)
            let qty = FixedDecimal(raw: Int128(1 + (n * 104_729) % 250_000_000) * 10_000)
            return [
                .integer(1_000_000_000 + n), .text("BTCUSDT"), price.sqlValue, qty.sqlValue,
                .text(i % 2 == 0 ? "buy" : "sell"), .integer(start + n * 1_000_000),
            ]
        }
    }
}
