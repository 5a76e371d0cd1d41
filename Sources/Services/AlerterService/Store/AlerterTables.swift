import ArenaStore

/// The alerter's tables (prefix `alerter_`): every alert it received or raised, and the state of
/// each alert's delivery to each destination. An alert is written here before anything is
/// sent, so a restart resumes what was not delivered.
public enum AlerterTables {
    static let service = "alerter"

    /// One row per alert, in receive order (`seq`). `state`: `routed` (sent to its destinations),
    /// `collapsed` (a repeat within the de-duplication window of `leader_id`, not sent), or
    /// `digested` (a repeat counted in the "×N" summary that was sent).
    public static let alerts = TableSpec(
        TableRef(service: service, name: "alerts"),
        columns: [
            Column("id", .text), Column("seq", .integer), Column("received_at", .timestamp), Column("kind", .text), Column("severity", .text),
            Column("state", .text), Column("leader_id", .text, nullable: true), Column("body", .json),
        ],
        primaryKey: ["id"],
        indexes: [IndexSpec("by_seq", ["seq"]), IndexSpec("by_state", ["state", "seq"])],
        conflictPolicy: .ignore
    )

    /// One row per alert and destination. `state`: `pending` (due; `parts_sent` of a split
    /// message already out), `delivered`, `failed` (given up after retries or refused; the
    /// reason in `last_error`), or `skipped` (its destination was disabled or removed).
    public static let deliveries = TableSpec(
        TableRef(service: service, name: "deliveries"),
        columns: [
            Column("destination", .text), Column("alert_id", .text), Column("seq", .integer), Column("state", .text), Column("attempts", .integer),
            Column("parts_sent", .integer), Column("last_error", .text, nullable: true), Column("updated_at", .timestamp),
        ],
        primaryKey: ["destination", "alert_id"],
        indexes: [IndexSpec("by_state", ["state", "destination", "seq"])],
        conflictPolicy: .ignore
    )
}

extension ServiceSchema {
    /// The alerter: its alerts and their deliveries.
    public static let alerter = ServiceSchema(
        name: AlerterTables.service,
        migrations: [
            Migration(version: 1, name: "alerts and deliveries", steps: [AlerterTables.alerts, AlerterTables.deliveries].map(MigrationStep.createTable)),
        ]
    )
}
