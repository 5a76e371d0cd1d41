import Analytics
import ArenaCore
import ArenaStore
import Logging

/// The reporter's records written by the caller, in its order and in batches of a fixed size,
/// rather than by the service's background writers: what a backtest stores.
///
/// The tables and rows are a live reporter's (the audit log and its index, NAV points, each
/// model's latest account, each symbol's marks, the period reports), written by the same sinks,
/// so the dashboard, the API and `arena audit verify` read a backtest's store as they read a live
/// arena's. What a live reporter stamps with the wall clock is stamped here with the market time
/// of the batch's latest event (`recorded_at`, a report's `created_at`), and a batch is cut by
/// count, never by time, so two runs of the same study store the same rows.
public final class ReporterArchive {
    public let database: any SQLDatabase
    private let clock = SimulatedClock(start: Timestamp(nanoseconds: 0))
    private let events: EventSink
    private let batchSize: Int
    private var pendingEvents: [RecordedEvent] = []
    private var pendingNAV: [NAVRow] = []
    private var pendingAccounts: [AccountRow] = []
    private var pendingSymbols: [SymbolRow] = []
    private var pendingReports: [PeriodReport] = []
    /// Rows handed over so far, all tables together.
    public private(set) var rows = 0

    /// An archive writing to `database`, whose audit-log and reporter schemas it migrates first.
    public static func open(_ database: any SQLDatabase, logger: Logger, batchSize: Int = 2_000) async throws -> ReporterArchive {
        _ = try await Migrator(database: database, clock: WallClock(), logger: logger).migrate([.audit, .reporter])
        return ReporterArchive(database: database, logger: logger, batchSize: batchSize)
    }

    init(database: any SQLDatabase, logger: Logger, batchSize: Int) {
        self.database = database
        self.batchSize = max(1, batchSize)
        events = EventSink(log: AuditLog(database: database, clock: clock), logger: logger)
    }

    /// Takes what applying one event to a ``ReporterState`` produced; writes once a batch is full.
    public func submit(_ applied: ReporterState.Applied) async throws {
        if let record = applied.record { pendingEvents.append(record) }
        if let account = applied.account { pendingAccounts.append(try AccountRow(account)) }
        if let market = applied.market { pendingSymbols.append(SymbolRow(market)) }
        pendingNAV += applied.navRows
        pendingReports += applied.reports
        if pendingEvents.count + pendingNAV.count >= batchSize { try await flush() }
    }

    /// Writes everything taken so far: the audit log first (stamped with its latest market time),
    /// then the index, NAV points, accounts, marks and reports.
    public func flush() async throws {
        if let latest = pendingEvents.map(\.marketTime).max() { clock.advance(to: latest) }
        rows += pendingEvents.count + pendingNAV.count + pendingAccounts.count + pendingSymbols.count + pendingReports.count
        if !pendingEvents.isEmpty { try await events.write(pendingEvents) }
        if !pendingNAV.isEmpty { try await TableSink<NAVRow>(database: database).write(pendingNAV) }
        if !pendingAccounts.isEmpty { try await LatestRowSink(table: TableSink<AccountRow>(database: database)).write(pendingAccounts) }
        if !pendingSymbols.isEmpty { try await LatestRowSink(table: TableSink<SymbolRow>(database: database)).write(pendingSymbols) }
        for report in pendingReports {
            try await ReportStore(database: database).save(report, at: Timestamp(nanoseconds: report.endMilliseconds * 1_000_000))
        }
        pendingEvents.removeAll(keepingCapacity: true)
        pendingNAV.removeAll(keepingCapacity: true)
        pendingAccounts.removeAll(keepingCapacity: true)
        pendingSymbols.removeAll(keepingCapacity: true)
        pendingReports.removeAll(keepingCapacity: true)
    }
}
