/// The risk guard's tables (prefix `risk_`): verdicts and trading states.
public enum RiskTables {
    static let service = "risk"

    /// Every verdict on a decision: approved, resized or rejected, with the
    /// rule and reason (SPEC §6: "every verdict is recorded").
    public static let verdicts = TableSpec(
        TableRef(service: service, name: "verdicts"),
        columns: [
            Column("verdict_id", .text), Column("decision_id", .text), Column("model_id", .text),
            Column("symbol", .text, nullable: true), Column("outcome", .text), Column("rule", .text, nullable: true),
            Column("reason", .text, nullable: true), Column("requested_quantity", .decimal, nullable: true),
            Column("approved_quantity", .decimal, nullable: true), Column("decided_at", .timestamp),
        ],
        primaryKey: ["verdict_id"],
        indexes: [
            IndexSpec("one_per_decision", ["decision_id"], unique: true),
            IndexSpec("by_model", ["model_id", "decided_at"]),
        ]
    )

    /// Every change of a model's trading state (`ACTIVE`, `REDUCING`,
    /// `HALTED`), numbered per model; the latest row is the current state.
    /// The global kill switch is the model id `*`.
    public static let tradingStates = TableSpec(
        TableRef(service: service, name: "trading_states"),
        columns: [
            Column("model_id", .text), Column("seq", .integer), Column("state", .text), Column("reason", .text),
            Column("actor", .text), Column("changed_at", .timestamp),
        ],
        primaryKey: ["model_id", "seq"]
    )
}

extension ServiceSchema {
    /// The risk guard: verdicts and trading states.
    public static let risk = ServiceSchema(
        name: RiskTables.service,
        migrations: [
            Migration(version: 1, name: "verdicts and trading states", steps: [RiskTables.verdicts, RiskTables.tradingStates].map(MigrationStep.createTable))
        ]
    )
}
