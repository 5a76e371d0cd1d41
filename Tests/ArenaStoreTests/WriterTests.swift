import GatewayService
import ArenaCore
import MetricsTestKit
import Synchronization
import Testing
@testable import ArenaStore

/// A test-only row whose `text` may be NULL, violating its NOT NULL column:
/// the way to make the database refuse one row of a batch for good.
struct Note: TableRow, Equatable {
    static let table = TableSpec(
        TableRef(service: "scratch", name: "notes"), columns: [Column("id", .integer), Column("text", .text)], primaryKey: ["id"]
    )
    static let schema = ServiceSchema(name: "scratch", migrations: [Migration(version: 1, name: "notes", steps: [.createTable(table)])])

    let id: Int64
    let text: String?

    var sqlValues: [SQLValue] { [.integer(id), text.sqlValue] }

    init(id: Int64, text: String?) {
        self.id = id
        self.text = text
    }

    init(row: SQLRow) throws(StoreError) {
        self.init(id: try row.decode("id"), text: try row.decode("text"))
    }
}

/// The batch writer: batching by size and time, idempotent re-ingestion,
/// back-pressure, outages, dropped market data, rejected rows, closing.
@Suite struct WriterTests {
    /// A trades writer for outage tests: the gateway schema migrated, and the
    /// writer on its own impatient connection, so a held table lock reads as
    /// an outage; with the metrics and alerts it reports to.
    static func outageWriter(
        _ t: TestDatabase, _ configuration: BatchWriterConfiguration
    ) async throws -> (any SQLDatabase, TestMetrics, AlertRecorder, BatchWriter<Trade>) {
        try await Migrator(database: t.db).migrate(.gateway)
        let impatient = try await StoreFixtures.impatientDatabase(for: t)
        let metrics = TestMetrics(), alerts = AlertRecorder()
        let writer = BatchWriter(
            configuration: configuration, sink: TableSink<Trade>(database: impatient), alert: alerts.hook, metricsFactory: metrics
        )
        return (impatient, metrics, alerts, writer)
    }

    static func configuration(
        _ name: String = "trades", capacity: Int = 10_000, batchSize: Int = 100, maxDelay: Duration = .milliseconds(20)
    ) -> BatchWriterConfiguration {
        BatchWriterConfiguration(
            name: name, capacity: capacity, batchSize: batchSize, maxDelay: maxDelay,
            retry: RetryPolicy(initial: .milliseconds(20), maximum: .milliseconds(100))
        )
    }

    @Test("a full batch is written at once, a partial one after the delay", arguments: TestStoreKind.all)
    func batchesBySizeAndTime(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Migrator(database: t.db).migrate(.gateway)
            let writer = BatchWriter(configuration: Self.configuration(maxDelay: .milliseconds(150)), sink: TableSink<Trade>(database: t.db))
            let started = ContinuousClock.now
            try await writer.submit(StoreFixtures.trades(1...250))
            await StoreFixtures.eventually(.seconds(5), "two full batches") { await writer.currentStatistics.committedRows >= 200 }
            await StoreFixtures.eventually(.seconds(5), "the partial batch") { await writer.currentStatistics.committedRows == 250 }
            // The last 50 rows waited for the delay: nobody waited on them.
            #expect(ContinuousClock.now - started >= .milliseconds(150))
            #expect(await writer.currentStatistics.batches == 3)
            #expect(try await StoreFixtures.storedTradeIDs(t.db) == Array(1...250))
            await writer.close()
        }
    }

    @Test("re-ingesting stored trades stores nothing twice (COPY falls back to ON CONFLICT)", arguments: TestStoreKind.all)
    func reingestionIsIdempotent(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Migrator(database: t.db).migrate(.gateway)
            let writer = BatchWriter(configuration: Self.configuration(batchSize: 500), sink: TableSink<Trade>(database: t.db))
            try await writer.submitAndWait(StoreFixtures.trades(1...1_000))
            try await writer.submitAndWait(StoreFixtures.trades(501...1_500))
            try await writer.submitAndWait(StoreFixtures.trades(1...1_500) + StoreFixtures.trades([7, 7, 8]))
            #expect(try await StoreFixtures.storedTradeIDs(t.db) == Array(1...1_500))
            let stored = try await t.db.query("\(Trade.selectAll(t.db.dialect)) WHERE trade_id = 1234", []).map { try Trade(row: $0) }
            #expect(stored == [StoreFixtures.trade(1234)])
            await writer.close()
        }
    }

    @Test("market data rows read back exactly; a bar written while forming is replaced when closed", arguments: TestStoreKind.all)
    func rowsRoundTripAndBarsAreRevised(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Migrator(database: t.db).migrate(.gateway)
            let venue = VenueID(unchecked: "okx"), symbol = Symbol(unchecked: "ETHUSDT")
            let open = Timestamp(milliseconds: 1_722_470_400_000)
            let forming = Bar(
                venue: venue, symbol: symbol, timeframe: .m1, openTime: open, open: try FixedDecimal(parsing: "3100.5"),
                high: try FixedDecimal(parsing: "3101"), low: try FixedDecimal(parsing: "3099.25"),
                close: try FixedDecimal(parsing: "3100"), volume: try FixedDecimal(parsing: "12.000000000001"), isClosed: false
            )
            var closed = forming
            closed.close = try FixedDecimal(parsing: "3100.75")
            closed.isClosed = true
            closed.tradeCount = 321
            closed.quoteVolume = try FixedDecimal(parsing: "37212.123456789012")
            try await TableSink<Bar>(database: t.db).write([forming])
            try await TableSink<Bar>(database: t.db).write([closed])
            #expect(try await t.db.query(Bar.selectAll(t.db.dialect), []).map { try Bar(row: $0) } == [closed])

            let funding = FundingRate(
                venue: venue, symbol: symbol, rate: try FixedDecimal(parsing: "-0.00012345"), markPrice: try FixedDecimal(parsing: "3100.1"),
                nextFundingTime: open.advanced(by: .seconds(3600)), eventTime: open
            )
            let liquidation = Liquidation(
                venue: venue, symbol: symbol, side: .buy, price: try FixedDecimal(parsing: "3090"), quantity: try FixedDecimal(parsing: "1.5"),
                eventTime: open
            )
            try await TableSink<FundingRate>(database: t.db).write([funding, funding])
            try await TableSink<Liquidation>(database: t.db).write([liquidation])
            try await TableSink<Liquidation>(database: t.db).write([liquidation])
            #expect(try await t.db.query(FundingRate.selectAll(t.db.dialect), []).map { try FundingRate(row: $0) } == [funding])
            #expect(try await t.db.query(Liquidation.selectAll(t.db.dialect), []).map { try Liquidation(row: $0) } == [liquidation])

            // Positioning: absent statistics are NULL and read back absent; a period written again is kept once.
            let whole = Positioning(
                venue: venue, symbol: symbol, openInterest: try FixedDecimal(parsing: "20403.637"),
                openInterestValue: try FixedDecimal(parsing: "150570784.07809979"), longShortRatio: try FixedDecimal(parsing: "1.9559"),
                topTraderLongShare: try FixedDecimal(parsing: "0.6442"), eventTime: open
            )
            let partial = Positioning(venue: venue, symbol: symbol, longShortRatio: try FixedDecimal(parsing: "0.196"), eventTime: open.advanced(by: .seconds(300)))
            try await TableSink<Positioning>(database: t.db).write([whole, partial])
            try await TableSink<Positioning>(database: t.db).write([whole])
            let positioning = try await t.db.query("\(Positioning.selectAll(t.db.dialect)) ORDER BY event_time", []).map { try Positioning(row: $0) }
            #expect(positioning == [whole, partial])
        }
    }

    @Test("many waiting submitters are committed together without waiting for the delay", arguments: TestStoreKind.all)
    func groupCommit(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Migrator(database: t.db).migrate(.gateway)
            let writer = BatchWriter(configuration: Self.configuration(maxDelay: .seconds(30)), sink: TableSink<Trade>(database: t.db))
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<20 {
                    group.addTask {
                        for i in 0..<10 { try await writer.submitAndWait([StoreFixtures.trade(Int64(task * 10 + i + 1))]) }
                    }
                }
                try await group.waitForAll()
            }
            #expect(ContinuousClock.now - started < .seconds(10))
            let statistics = await writer.currentStatistics
            #expect(statistics.committedRows == 200)
            #expect(statistics.batches < 200, "waiting rows share batches")
            #expect(try await StoreFixtures.storedTradeIDs(t.db) == Array(1...200))
            await writer.close()
        }
    }

    @Test("during an outage rows are buffered, lossless submitters wait at capacity, new orders are refused", arguments: TestStoreKind.all)
    func backPressureThroughAnOutage(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            let (impatient, metrics, alerts, writer) = try await Self.outageWriter(t, Self.configuration(capacity: 200, batchSize: 50))
            let blocker = try await WriteBlocker.hold(GatewayTables.trades, on: t)
            try await writer.submit(StoreFixtures.trades(1...200))
            await StoreFixtures.eventually(.seconds(5), "the outage to be noticed") { await writer.isDegraded }

            let admitted = Atomic(false)
            let waiting = Task {
                try await writer.submit(StoreFixtures.trades(201...210))
                admitted.store(true, ordering: .sequentiallyConsistent)
            }
            try await Task.sleep(for: .milliseconds(300))
            let admittedEarly = admitted.load(ordering: .sequentiallyConsistent)
            #expect(!admittedEarly, "a full buffer makes lossless submitters wait")
            #expect(await writer.currentStatistics.backlog == 200)
            let refused = await #expect(throws: StoreError.self) {
                try await writer.submitAndWait([StoreFixtures.trade(999)], whenDegraded: .refuse)
            }
            guard case .connectionLost = refused else { Issue.record("expected connectionLost, got \(String(describing: refused))"); return }
            #expect(alerts.contains { if case .outageStarted = $0 { true } else { false } })
            #expect(alerts.contains { if case .bufferFull(_, 200, _) = $0 { true } else { false } })

            try await blocker.release()
            try await waiting.value
            await writer.flush()
            #expect(try await StoreFixtures.storedTradeIDs(t.db) == Array(1...210))
            let statistics = await writer.currentStatistics
            #expect(statistics.committedRows == 210)
            #expect(statistics.backlog == 0 && statistics.peakBacklog == 200)
            #expect(statistics.outages == 1 && statistics.failedAttempts >= 1 && !statistics.inOutage)
            #expect(alerts.contains { if case .outageEnded = $0 { true } else { false } })
            #expect(alerts.contains { if case .bufferAvailable = $0 { true } else { false } })

            let backlog = try metrics.expectGauge(WriterMetrics.backlogName, [("writer", "trades")]).values
            #expect(backlog.max() == 200 && backlog.last == 0)
            let outage = try metrics.expectGauge(WriterMetrics.outageName, [("writer", "trades")]).values
            #expect(outage.contains(1) && outage.last == 0)
            #expect(try metrics.expectCounter(WriterMetrics.retriesName, [("writer", "trades")]).totalValue >= 1)
            #expect(try metrics.expectCounter(WriterMetrics.rowsName, [("writer", "trades"), ("outcome", "committed")]).totalValue == 210)
            await writer.close()
            await impatient.close()
        }
    }

    @Test("market data beyond the buffer is dropped as a counted, reported gap", arguments: TestStoreKind.all)
    func marketDataDropsBecomeAGap(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            let (impatient, metrics, alerts, writer) = try await Self.outageWriter(t, Self.configuration("md", capacity: 100, batchSize: 50))
            let blocker = try await WriteBlocker.hold(GatewayTables.trades, on: t)
            #expect(await writer.tryEnqueue(StoreFixtures.trades(1...150)) == EnqueueOutcome(accepted: 100, dropped: 50))
            #expect(await writer.tryEnqueue(StoreFixtures.trades(151...160)) == EnqueueOutcome(accepted: 0, dropped: 10))
            #expect(!alerts.contains { if case .rowsDropped = $0 { true } else { false } }, "the gap is reported when it ends")
            try await blocker.release()
            await writer.flush()
            #expect(try await StoreFixtures.storedTradeIDs(t.db) == Array(1...100))
            let gaps = alerts.all.compactMap { alert -> WriterGap? in if case let .rowsDropped(gap) = alert { gap } else { nil } }
            #expect(gaps.map(\.rows) == [60])
            #expect(gaps.first.map { $0.from <= $0.to } == true)
            #expect(await writer.currentStatistics.droppedRows == 60)
            #expect(try metrics.expectCounter(WriterMetrics.rowsName, [("writer", "md"), ("outcome", "dropped")]).totalValue == 60)
            await writer.close()
            await impatient.close()
        }
    }

    @Test("rows the database refuses for good are isolated; the rest of the batch is written", arguments: TestStoreKind.all)
    func permanentFailuresRejectOnlyTheBadRows(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Migrator(database: t.db).migrate(Note.schema)
            let alerts = AlertRecorder()
            let writer = BatchWriter(configuration: Self.configuration("notes"), sink: TableSink<Note>(database: t.db), alert: alerts.hook)
            let notes = (1...100).map { Note(id: Int64($0), text: $0 == 3 || $0 == 77 ? nil : "note \($0)") }
            let error = await #expect(throws: StoreError.self) { try await writer.submitAndWait(notes) }
            #expect(error?.isPermanentWriteFailure == true, "\(String(describing: error))")
            let stored = try await t.db.query("SELECT id, text FROM \(Note.table.ref.sql) ORDER BY id", []).map { try Note(row: $0) }
            #expect(stored == notes.filter { $0.text != nil })
            let statistics = await writer.currentStatistics
            #expect(statistics.rejectedRows == 2 && statistics.committedRows == 98 && statistics.outages == 0)
            #expect(alerts.contains { if case .rowsRejected(_, 2, _) = $0 { true } else { false } })
            await writer.close()
        }
    }

    @Test("closing writes what is buffered, then refuses new rows", arguments: TestStoreKind.all)
    func closeFlushes(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Migrator(database: t.db).migrate(.gateway)
            let writer = BatchWriter(configuration: Self.configuration(maxDelay: .seconds(60)), sink: TableSink<Trade>(database: t.db))
            try await writer.submit(StoreFixtures.trades(1...10))
            await writer.close()
            #expect(try await StoreFixtures.storedTradeIDs(t.db) == Array(1...10))
            await #expect(throws: StoreError.closed) { try await writer.submit(StoreFixtures.trades([11])) }
            #expect(await writer.tryEnqueue(StoreFixtures.trades([12])) == EnqueueOutcome(accepted: 0, dropped: 1))
        }
    }

    @Test("closing during an outage gives up after its timeout, loudly", arguments: TestStoreKind.all)
    func closeAbandonsAfterTimeout(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            let (impatient, _, alerts, writer) = try await Self.outageWriter(t, Self.configuration())
            let blocker = try await WriteBlocker.hold(GatewayTables.trades, on: t)
            let waiter = Task { try await writer.submitAndWait(StoreFixtures.trades(1...5)) }
            await StoreFixtures.eventually(.seconds(5), "the outage") { await writer.isDegraded }
            let started = ContinuousClock.now
            await writer.close(timeout: .milliseconds(300))
            #expect(ContinuousClock.now - started < .seconds(5))
            await #expect(throws: StoreError.closed) { try await waiter.value }
            #expect(await writer.currentStatistics.abandonedRows == 5)
            #expect(alerts.contains { if case .rowsAbandoned(_, 5) = $0 { true } else { false } })
            try await blocker.release()
            await impatient.close()
            #expect(try await StoreFixtures.storedTradeIDs(t.db) == [])
        }
    }

    @Test("back-off grows exponentially to its bound, with bounded jitter")
    func retryBackoff() {
        var generator = SystemRandomNumberGenerator()
        let exact = RetryPolicy(initial: .milliseconds(100), maximum: .seconds(1), multiplier: 2, jitter: 0)
        #expect((1...6).map { exact.delay(afterFailures: $0, using: &generator) } == [
            .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1),
        ])
        let jittered = RetryPolicy(initial: .milliseconds(100), maximum: .seconds(1), multiplier: 2, jitter: 0.2)
        for failures in [1, 3, 50] {
            let nominal = exact.delay(afterFailures: failures, using: &generator)
            for _ in 0..<100 {
                let delay = jittered.delay(afterFailures: failures, using: &generator)
                #expect(delay >= nominal * 0.8 - .nanoseconds(1) && delay <= nominal * 1.2 + .nanoseconds(1))
            }
        }
    }

    @Test("statements bind at most 256 rows, in power-of-two chunks, deduplicated by key")
    func statementShapes() {
        let rows = (0..<300).map { [SQLValue.integer(Int64($0))] }
        #expect(IdempotentInsert.chunked(rows, columns: 9).map(\.count) == [256, 32, 8, 4])
        #expect(IdempotentInsert.chunked(rows, columns: 200).map(\.count) == [128, 128, 32, 8, 4])
        #expect(
            IdempotentInsert.statement(Note.table, rows: 2, dialect: .sqlite)
                == #"INSERT INTO "scratch_notes" ("id", "text") VALUES ($1, $2), ($3, $4) ON CONFLICT ("id") DO NOTHING"#
        )
        let duplicates: [[SQLValue]] = [[.integer(1), .text("a")], [.integer(2), .text("b")], [.integer(1), .text("c")]]
        #expect(IdempotentInsert.deduplicated(duplicates, table: Note.table) == [[.integer(1), .text("a")], [.integer(2), .text("b")]])
        let revisable = TableSpec(Note.table.ref, columns: Note.table.columns, primaryKey: ["id"], conflictPolicy: .update)
        #expect(IdempotentInsert.deduplicated(duplicates, table: revisable) == [[.integer(1), .text("c")], [.integer(2), .text("b")]])
    }
}
