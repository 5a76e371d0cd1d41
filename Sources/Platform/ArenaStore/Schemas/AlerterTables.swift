/// The alerter's table (prefix `alerter_`): one row per alert and destination,
/// so a failed delivery is visible, counted and retried (SPEC §9).
public enum AlerterTables {
    static let service = "alerter"

    /// Deliveries of alerts to Discord or Telegram destinations.
    public static let deliveries = TableSpec(
        TableRef(service: service, name: "deliveries"),
        columns: [
            Column("alert_id", .text), Column("destination", .text), Column("channel", .text), Column("severity", .text),
            Column("kind", .text), Column("title", .text), Column("status", .text), Column("attempts", .integer),
            Column("last_error", .text, nullable: true), Column("created_at", .timestamp),
            Column("delivered_at", .timestamp, nullable: true),
        ],
        primaryKey: ["alert_id", "destination"],
        indexes: [IndexSpec("by_status", ["status", "created_at"])],
        conflictPolicy: .update
    )
}

extension ServiceSchema {
    /// The alerter: deliveries.
    public static let alerter = ServiceSchema(
        name: AlerterTables.service,
        migrations: [Migration(version: 1, name: "deliveries", steps: [.createTable(AlerterTables.deliveries)])]
    )
}
