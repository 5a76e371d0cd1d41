import Analytics
import ArenaCore
import ArenaStore
import Foundation

/// Stored reports (``ReporterTables/reports``): each period's report for the arena and for every
/// model, as HTML, Markdown and JSON.
public struct ReportStore: Sendable {
    let database: any SQLDatabase

    /// The formats a report is stored in, with their content types.
    public static let formats: [(name: String, contentType: String)] = [
        ("html", "text/html; charset=utf-8"), ("md", "text/markdown; charset=utf-8"), ("json", "application/json"),
    ]

    /// Stores `report` for the arena and scoped to each model, in every format, in one transaction.
    public func save(_ report: PeriodReport, at now: Timestamp) async throws {
        let scopes = [("arena", report)] + report.lines.filter { $0.kind == .model }.map { ($0.id, report.scoped(to: $0.id)) }
        var rows: [[SQLValue]] = []
        for (scope, scoped) in scopes {
            let bodies: [String: [UInt8]] = [
                "html": Array(scoped.html.utf8), "md": Array(scoped.markdown.utf8), "json": try CanonicalJSON.encode(scoped),
            ]
            for (format, _) in Self.formats {
                rows.append([
                    .text(report.period.rawValue), Timestamp(nanoseconds: report.startMilliseconds * 1_000_000).sqlValue, .text(scope), .text(format),
                    .blob(bodies[format] ?? []), now.sqlValue,
                ])
            }
        }
        try await TableSink<ReportRow>(database: database).write(rows.map(ReportRow.init(values:)))
    }

    /// One stored report body.
    public func body(period: ReportPeriod, start: Int64, scope: String, format: String) async throws(StoreError) -> [UInt8]? {
        let rows = try await database.query(
            "SELECT body FROM \(ReporterTables.reports.ref.sql) WHERE period = $1 AND period_start = $2 AND scope = $3 AND format = $4",
            [.text(period.rawValue), Timestamp(nanoseconds: start * 1_000_000).sqlValue, .text(scope), .text(format)]
        )
        return try rows.first?.decode("body", as: [UInt8].self)
    }

    /// The stored periods, newest first: (period, start ms).
    public func list(limit: Int) async throws(StoreError) -> [(ReportPeriod, Int64)] {
        let rows = try await database.query(
            "SELECT DISTINCT period, period_start FROM \(ReporterTables.reports.ref.sql) ORDER BY period_start DESC, period LIMIT $1", [.integer(Int64(limit))]
        )
        var listed: [(ReportPeriod, Int64)] = []
        for row in rows {
            guard let period = ReportPeriod(rawValue: try row.decode("period", as: String.self)) else { continue }
            listed.append((period, try row.decode("period_start", as: Timestamp.self).nanoseconds / 1_000_000))
        }
        return listed
    }

    /// The last reported start of each period kind (to resume the report clock after a restart).
    public func lastReported() async throws(StoreError) -> [ReportPeriod: Int64] {
        var last: [ReportPeriod: Int64] = [:]
        for (period, start) in try await list(limit: 1_000) where last[period] == nil { last[period] = start }
        return last
    }
}

/// A report row as written.
struct ReportRow: TableRow {
    static let table = ReporterTables.reports
    var sqlValues: [SQLValue]
    init(values: [SQLValue]) { sqlValues = values }
    init(row: SQLRow) throws(StoreError) {
        sqlValues = [
            .text(try row.decode("period")), try row.decode("period_start", as: Timestamp.self).sqlValue, .text(try row.decode("scope")),
            .text(try row.decode("format")), .blob(try row.decode("body")), try row.decode("created_at", as: Timestamp.self).sqlValue,
        ]
    }
}
