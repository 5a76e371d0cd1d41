import Analytics
import ArenaCore
import ArenaRuntime
import ArenaStore
import Logging

/// Where what the reporter hears is written, each through a batch writer (group commit, retried
/// through a store outage, an alert when it fails): the audit log, the NAV points (the baselines'
/// among them), each model's latest account and each symbol's marks.
struct ReporterWriters {
    let events: BatchWriter<RecordedEvent>
    let nav: BatchWriter<NAVRow>
    let accounts: BatchWriter<AccountRow>
    let symbols: BatchWriter<SymbolRow>

    init(database: any SQLDatabase, outputs: ServiceOutputs, logger: Logger) {
        func writer<Row>(_ name: String, batchSize: Int, _ sink: some BatchSink<Row>) -> BatchWriter<Row> {
            BatchWriter(
                configuration: BatchWriterConfiguration(name: "reporter.\(name)", batchSize: batchSize), sink: sink,
                alert: { outputs.alert($0.alert(source: outputs.service, time: WallClock().now())) }, logger: logger
            )
        }
        events = writer("events", batchSize: 256, EventSink(log: AuditLog(database: database), logger: logger))
        nav = writer("nav", batchSize: 1_000, TableSink<NAVRow>(database: database))
        accounts = writer("accounts", batchSize: 256, LatestRowSink(table: TableSink<AccountRow>(database: database)))
        symbols = writer("symbols", batchSize: 256, LatestRowSink(table: TableSink<SymbolRow>(database: database)))
    }

    /// Hands what `applied` changed to the writers.
    func submit(_ applied: ReporterState.Applied) async throws {
        if let record = applied.record { try await events.submit([record]) }
        if let account = applied.account { try await accounts.submit([try AccountRow(account)]) }
        if let market = applied.market { try await symbols.submit([SymbolRow(market)]) }
        let points = applied.navRows
        if !points.isEmpty { try await nav.submit(points) }
    }

    /// Returns once everything submitted so far is committed (waiting through an outage); the
    /// four writers commit side by side.
    func flush() async {
        async let events: Void = events.flush()
        async let nav: Void = nav.flush()
        async let accounts: Void = accounts.flush()
        async let symbols: Void = symbols.flush()
        _ = await (events, nav, accounts, symbols)
    }

    /// Writes what is buffered and stops.
    func close() async {
        await events.close()
        await nav.close()
        await accounts.close()
        await symbols.close()
    }
}

extension ReporterState.Applied {
    /// The NAV points to store: each model's changed point and the new bar's buy-and-hold point.
    var navRows: [NAVRow] {
        var rows = nav.map { NAVRow(model: $0.0.value, timeMilliseconds: $0.1.timeMilliseconds, nav: "\($0.1.equity)") }
        if let market, let baseline {
            rows.append(NAVRow(model: Leaderboard.buyAndHoldID(market.symbol), timeMilliseconds: baseline.timeMilliseconds, nav: "\(baseline.equity)"))
        }
        return rows
    }
}
