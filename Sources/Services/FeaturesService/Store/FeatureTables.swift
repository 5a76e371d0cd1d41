import ArenaStore
/// The feature engine's tables (prefix `features_`): the arena clock's rounds
/// and the snapshot every model saw in each.
public enum FeatureTables {
    static let service = "features"

    /// One row per decision tick: when it opened, its deadline, how many
    /// scoring jobs went out and how they ended.
    public static let rounds = TableSpec(
        TableRef(service: service, name: "rounds"),
        columns: [
            Column("round_id", .integer), Column("tick_time", .timestamp), Column("opened_at", .timestamp),
            Column("deadline_at", .timestamp), Column("closed_at", .timestamp, nullable: true),
            Column("jobs", .integer), Column("answered", .integer), Column("timed_out", .integer), Column("status", .text),
        ],
        primaryKey: ["round_id"],
        // One round per tick, even if the engine restarts mid-tick.
        indexes: [IndexSpec("by_tick", ["tick_time"], unique: true)],
        conflictPolicy: .update
    )

    /// The snapshot of a round, stored as the exact bytes that were hashed, so
    /// the hash recorded with every decision can be checked against it.
    public static let snapshots = TableSpec(
        TableRef(service: service, name: "snapshots"),
        columns: [
            Column("round_id", .integer), Column("snapshot_hash", .bytes), Column("encoding", .text),
            Column("body", .bytes), Column("created_at", .timestamp),
        ],
        primaryKey: ["round_id"],
        indexes: [IndexSpec("by_hash", ["snapshot_hash"])]
    )

    /// Every model's decision of every round as the arena clock recorded it:
    /// the scorer's answer, or the HOLD put in its place (timeout, failure,
    /// invalid answer). The primary key (`<model>@<tick>`) and the unique
    /// (round, model) index make "one decision per model per tick" hold across
    /// restarts. `body` is the decision's canonical bytes; `forwarded_at` is
    /// set once the risk guard acknowledged it, so a restart resends the rest.
    public static let decisions = TableSpec(
        TableRef(service: service, name: "decisions"),
        columns: [
            Column("decision_id", .text), Column("round_id", .integer), Column("model_id", .text), Column("outcome", .text),
            Column("action", .text), Column("symbol", .text, nullable: true), Column("latency_ms", .integer),
            Column("snapshot_hash", .text), Column("body", .bytes), Column("recorded_at", .timestamp),
            Column("forwarded_at", .timestamp, nullable: true),
        ],
        primaryKey: ["decision_id"],
        indexes: [
            IndexSpec("one_per_round", ["round_id", "model_id"], unique: true),
            IndexSpec("unforwarded", ["forwarded_at", "round_id"]),
        ]
    )
}

extension ServiceSchema {
    /// The feature engine: rounds, snapshots and decisions.
    public static let features = ServiceSchema(
        name: FeatureTables.service,
        migrations: [
            Migration(version: 1, name: "rounds and snapshots", steps: [FeatureTables.rounds, FeatureTables.snapshots].map(MigrationStep.createTable)),
            Migration(version: 2, name: "decisions", steps: [.createTable(FeatureTables.decisions)]),
        ]
    )
}
