import GatewayService
import ArenaCore
import Foundation
import Testing
@testable import ArenaStore

/// Throughput of the bulk-write paths, printed for comparison; run on demand
/// (it writes 400 000 rows per dialect):
///
///     ARENA_STORE_BENCH=1 swift test --filter WriterThroughputTests
///
/// It shows what re-ingestion idempotency costs with COPY: new rows take
/// COPY, a batch with duplicates pays for the failed COPY plus the
/// `INSERT … ON CONFLICT` statements.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["ARENA_STORE_BENCH"] == "1"))
struct WriterThroughputTests {
    static let rows = 100_000

    /// Runs `body` and prints rows per second under `label`.
    static func measure(_ label: String, _ body: () async throws -> Void) async rethrows {
        let started = ContinuousClock.now
        try await body()
        let (seconds, attoseconds) = (ContinuousClock.now - started).components
        let elapsed = Double(seconds) + Double(attoseconds) / 1e18
        print("store bench \(label): \(rows) rows in \(String(format: "%.3f", elapsed)) s, \(Int(Double(rows) / elapsed)) rows/s")
    }

    @Test("bulk-write paths", arguments: TestStoreKind.all)
    func paths(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Migrator(database: t.db).migrate(.gateway)
            let trades = StoreFixtures.trades(1...Int64(Self.rows))
            let batches = stride(from: 0, to: Self.rows, by: 500).map { Array(trades[$0..<$0 + 500]) }
            let sink = TableSink<Trade>(database: t.db)
            let table = GatewayTables.trades
            try await Self.measure("\(kind) new rows through the sink, 500 per batch") { for batch in batches { try await sink.write(batch) } }
            try await Self.measure("\(kind) re-ingested rows through the sink (all duplicates)") { for batch in batches { try await sink.write(batch) } }
            try await t.db.execute("DELETE FROM \(table.ref.sql)", [])
            try await Self.measure("\(kind) new rows through INSERT … ON CONFLICT only") {
                for batch in batches {
                    let values = batch.map(\.sqlValues)
                    try await storeTransaction(t.db) { executor throws(StoreError) in
                        for chunk in IdempotentInsert.chunked(values, columns: table.columns.count) {
                            try await executor.execute(IdempotentInsert.statement(table, rows: chunk.count, dialect: executor.dialect), chunk.flatMap { $0 })
                        }
                    }
                }
            }
            try await t.db.execute("DELETE FROM \(table.ref.sql)", [])
            let writer = BatchWriter(configuration: BatchWriterConfiguration(name: "bench", capacity: Self.rows), sink: sink)
            await Self.measure("\(kind) BatchWriter, tryEnqueue 100 at a time, then flush") {
                for start in stride(from: 0, to: Self.rows, by: 100) { await writer.tryEnqueue(Array(trades[start..<start + 100])) }
                await writer.flush()
            }
            await writer.close()
            #expect(try await StoreFixtures.count(table, t.db) == Self.rows)
        }
    }
}
