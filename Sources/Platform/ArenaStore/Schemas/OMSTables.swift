/// The OMS's tables (prefix `oms_`): orders, their events, fills and the
/// per-model ledgers. Ledgers are rebuilt from `ledger_entries`; `positions`
/// is their latest state, kept for fast reads after a restart.
public enum OMSTables {
    static let service = "oms"

    /// Orders by client order id (the idempotency key of a submission),
    /// with their current status.
    public static let orders = TableSpec(
        TableRef(service: service, name: "orders"),
        columns: [
            Column("client_order_id", .text), Column("model_id", .text), Column("decision_id", .text, nullable: true),
            Column("parent_order_id", .text, nullable: true), Column("venue", .text), Column("market", .text),
            Column("symbol", .text), Column("side", .text), Column("order_type", .text), Column("time_in_force", .text),
            Column("quantity", .decimal), Column("price", .decimal, nullable: true), Column("stop_price", .decimal, nullable: true),
            Column("reduce_only", .boolean), Column("venue_order_id", .text, nullable: true), Column("status", .text),
            Column("filled_quantity", .decimal), Column("average_price", .decimal, nullable: true),
            Column("created_at", .timestamp), Column("updated_at", .timestamp),
        ],
        primaryKey: ["client_order_id"],
        indexes: [IndexSpec("by_model", ["model_id", "created_at"])],
        conflictPolicy: .update
    )

    /// Every state transition of an order, numbered per order; persisted
    /// before the event is acknowledged (SPEC §7).
    public static let orderEvents = TableSpec(
        TableRef(service: service, name: "order_events"),
        columns: [
            Column("client_order_id", .text), Column("seq", .integer), Column("status", .text),
            Column("reason", .text, nullable: true), Column("filled_quantity", .decimal),
            Column("average_price", .decimal, nullable: true), Column("venue_time", .timestamp, nullable: true),
            Column("recorded_at", .timestamp),
        ],
        primaryKey: ["client_order_id", "seq"]
    )

    /// Fills, keyed by the venue's fill (trade) id.
    public static let fills = TableSpec(
        TableRef(service: service, name: "fills"),
        columns: [
            Column("venue", .text), Column("fill_id", .text), Column("client_order_id", .text), Column("model_id", .text),
            Column("symbol", .text), Column("side", .text), Column("price", .decimal), Column("quantity", .decimal),
            Column("fee", .decimal), Column("fee_asset", .text), Column("liquidity", .text),
            Column("event_time", .timestamp), Column("recorded_at", .timestamp),
        ],
        primaryKey: ["venue", "fill_id"],
        indexes: [IndexSpec("by_model", ["model_id", "event_time"]), IndexSpec("by_order", ["client_order_id"])]
    )

    /// The ledger: every change of a model's balance of one asset (fill,
    /// fee, funding, deposit), numbered per model, with the balance after it.
    public static let ledgerEntries = TableSpec(
        TableRef(service: service, name: "ledger_entries"),
        columns: [
            Column("model_id", .text), Column("seq", .integer), Column("kind", .text), Column("asset", .text),
            Column("amount", .decimal), Column("balance", .decimal), Column("ref", .text, nullable: true),
            Column("event_time", .timestamp),
        ],
        primaryKey: ["model_id", "seq"]
    )

    /// A model's position per instrument: quantity, average entry, realised
    /// PnL, fees and funding so far.
    public static let positions = TableSpec(
        TableRef(service: service, name: "positions"),
        columns: [
            Column("model_id", .text), Column("venue", .text), Column("symbol", .text), Column("quantity", .decimal),
            Column("average_entry_price", .decimal, nullable: true), Column("realized_pnl", .decimal),
            Column("fees", .decimal), Column("funding", .decimal), Column("updated_at", .timestamp),
        ],
        primaryKey: ["model_id", "venue", "symbol"],
        conflictPolicy: .update
    )
}

extension ServiceSchema {
    /// The OMS: orders, order events, fills, ledgers.
    public static let oms = ServiceSchema(
        name: OMSTables.service,
        migrations: [
            Migration(
                version: 1, name: "orders, fills and ledgers",
                steps: [OMSTables.orders, OMSTables.orderEvents, OMSTables.fills, OMSTables.ledgerEntries, OMSTables.positions]
                    .map(MigrationStep.createTable)
            )
        ]
    )
}
