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
}

extension ServiceSchema {
    /// The feature engine: rounds and snapshots.
    public static let features = ServiceSchema(
        name: FeatureTables.service,
        migrations: [
            Migration(version: 1, name: "rounds and snapshots", steps: [FeatureTables.rounds, FeatureTables.snapshots].map(MigrationStep.createTable))
        ]
    )
}
