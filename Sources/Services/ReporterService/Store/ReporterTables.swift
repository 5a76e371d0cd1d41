import ArenaStore

/// The reporter's tables (prefix `reporter_`). The events themselves live in the hash-chained
/// audit log, which the reporter appends as it hears them; `reporter_events` indexes them by kind,
/// model and decision so the API can page through them, and `reporter_nav` keeps every NAV point.
public enum ReporterTables {
    static let service = "reporter"

    /// One row per audit-log row the reporter appended: `seq` is the audit log's.
    public static let events = TableSpec(
        TableRef(service: service, name: "events"),
        columns: [
            Column("seq", .integer), Column("kind", .text), Column("model", .text), Column("decision_id", .text, nullable: true),
            Column("market_time", .timestamp),
        ],
        primaryKey: ["seq"],
        indexes: [
            IndexSpec("by_kind", ["kind", "seq"]), IndexSpec("by_model", ["model", "kind", "seq"]),
            IndexSpec("by_decision", ["decision_id", "seq"]),
        ],
        conflictPolicy: .ignore
    )

    /// NAV per model and market time (ms since the epoch), as exact decimal text.
    public static let nav = TableSpec(
        TableRef(service: service, name: "nav"),
        columns: [Column("model", .text), Column("time_ms", .integer), Column("nav", .text)],
        primaryKey: ["model", "time_ms"],
        conflictPolicy: .update
    )

    /// Each model's latest account state from the OMS (the wire's binary body), so a restarted
    /// reporter shows the ledgers at once rather than after the next tick.
    public static let accounts = TableSpec(
        TableRef(service: service, name: "accounts"),
        columns: [Column("model", .text), Column("sequence", .integer), Column("body", .bytes)],
        primaryKey: ["model"],
        conflictPolicy: .update
    )

    /// Each symbol's marks: the data coverage, the first close (the buy-and-hold baseline's start)
    /// and the latest close (positions are re-marked at it), so a restarted reporter goes on with both.
    /// The baseline's curve is in ``nav`` under `buy_and_hold:<symbol>`, as the API names it.
    public static let symbols = TableSpec(
        TableRef(service: service, name: "symbols"),
        columns: [
            Column("symbol", .text), Column("first_open", .timestamp), Column("first_close", .decimal), Column("last_close_time", .timestamp),
            Column("last_close", .decimal), Column("bars", .integer),
        ],
        primaryKey: ["symbol"],
        conflictPolicy: .update
    )

    /// Periodic reports as rendered: one row per period, scope (a model or the arena) and format.
    public static let reports = TableSpec(
        TableRef(service: service, name: "reports"),
        columns: [
            Column("period", .text), Column("period_start", .timestamp), Column("scope", .text), Column("format", .text),
            Column("body", .bytes), Column("created_at", .timestamp),
        ],
        primaryKey: ["period", "period_start", "scope", "format"],
        conflictPolicy: .update
    )
}

extension ServiceSchema {
    /// The reporter: its event index, NAV curves, latest accounts, symbol marks and reports.
    public static let reporter = ServiceSchema(
        name: ReporterTables.service,
        migrations: [
            Migration(version: 1, name: "events, nav and reports", steps: [ReporterTables.events, ReporterTables.nav, ReporterTables.reports].map(MigrationStep.createTable)),
            Migration(version: 2, name: "latest accounts", steps: [.createTable(ReporterTables.accounts)]),
            Migration(version: 3, name: "symbol marks", steps: [.createTable(ReporterTables.symbols)]),
        ]
    )
}
