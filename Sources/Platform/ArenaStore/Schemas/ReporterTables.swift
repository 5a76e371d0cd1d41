/// The reporter's tables (prefix `reporter_`): NAV series, computed metrics
/// and stored reports.
public enum ReporterTables {
    static let service = "reporter"

    /// Each model's NAV marked to market, at least once per tick.
    public static let nav = TableSpec(
        TableRef(service: service, name: "nav"),
        columns: [
            Column("model_id", .text), Column("at", .timestamp), Column("nav", .decimal), Column("cash", .decimal),
            Column("position_value", .decimal),
        ],
        primaryKey: ["model_id", "at"]
    )

    /// Metrics of a model over a horizon (`all`, `daily`, …) as computed at a
    /// time. Statistics are ratios, not money, so they are stored as doubles;
    /// `body` has the full set as JSON.
    public static let metrics = TableSpec(
        TableRef(service: service, name: "model_metrics"),
        columns: [
            Column("model_id", .text), Column("horizon", .text), Column("computed_at", .timestamp),
            Column("total_return", .real, nullable: true), Column("sharpe", .real, nullable: true),
            Column("sortino", .real, nullable: true), Column("max_drawdown", .real, nullable: true),
            Column("calmar", .real, nullable: true), Column("win_rate", .real, nullable: true),
            Column("profit_factor", .real, nullable: true), Column("trades", .integer), Column("body", .json),
        ],
        primaryKey: ["model_id", "horizon", "computed_at"]
    )

    /// Daily, weekly and monthly reports per model or for the arena, in each format.
    public static let reports = TableSpec(
        TableRef(service: service, name: "reports"),
        columns: [
            Column("report_id", .text), Column("kind", .text), Column("scope", .text), Column("period_start", .timestamp),
            Column("period_end", .timestamp), Column("format", .text), Column("body", .text), Column("created_at", .timestamp),
        ],
        primaryKey: ["report_id"],
        indexes: [IndexSpec("one_per_period", ["kind", "scope", "period_start", "format"], unique: true)]
    )
}

extension ServiceSchema {
    /// The reporter: NAV, metrics, reports.
    public static let reporter = ServiceSchema(
        name: ReporterTables.service,
        migrations: [
            Migration(
                version: 1, name: "nav, metrics and reports",
                steps: [ReporterTables.nav, ReporterTables.metrics, ReporterTables.reports].map(MigrationStep.createTable)
            )
        ]
    )
}
