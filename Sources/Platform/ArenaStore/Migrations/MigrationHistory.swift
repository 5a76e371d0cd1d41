import ArenaCore

/// One row of the migration history: a migration applied to a service's schema.
public struct AppliedMigration: Sendable, Hashable {
    /// The service's schema.
    public let service: String
    /// The migration's version.
    public let version: Int
    /// Its name when it was applied.
    public let name: String
    /// The hex SHA-256 of its statements when it was applied.
    public let checksum: String
    /// When it was applied.
    public let appliedAt: Timestamp
}

/// The `arena_migrations` table: which migrations each service has applied.
///
/// It is the store's own bookkeeping, shared by all services, so it is
/// created with `IF NOT EXISTS` outside any migration (under a lock on
/// PostgreSQL, where concurrent `CREATE TABLE IF NOT EXISTS` can still race).
enum MigrationHistory {
    static let table = TableSpec(
        TableRef(service: nil, name: "arena_migrations"),
        columns: [
            Column("service", .text), Column("version", .integer), Column("name", .text),
            Column("checksum", .text), Column("applied_at", .timestamp),
        ],
        primaryKey: ["service", "version"]
    )

    /// Creates the table if it does not exist yet.
    static func bootstrap(_ database: any SQLDatabase) async throws(StoreError) {
        try await storeTransaction(database) { executor throws(StoreError) in
            try await AdvisoryLock.acquire("arena.migrations", on: executor)
            for statement in table.createStatements(executor.dialect, ifNotExists: true) {
                try await executor.execute(statement, [])
            }
        }
    }

    /// The recorded migrations of `service`, by version.
    static func applied(service: String, on executor: any SQLExecutor) async throws(StoreError) -> [AppliedMigration] {
        let rows = try await executor.query(
            "SELECT version, name, checksum, applied_at FROM \(table.ref.sql) WHERE service = $1 ORDER BY version",
            [.text(service)]
        )
        var result: [AppliedMigration] = []
        for row in rows {
            result.append(
                AppliedMigration(
                    service: service, version: try row.decode("version"), name: try row.decode("name"),
                    checksum: try row.decode("checksum"), appliedAt: try row.decode("applied_at")
                )
            )
        }
        return result
    }

    /// Records that `migration` was applied at `time`.
    static func record(_ migration: Migration, service: String, at time: Timestamp, on executor: any SQLExecutor) async throws(StoreError) {
        try await executor.execute(
            "INSERT INTO \(table.ref.sql) (service, version, name, checksum, applied_at) VALUES ($1, $2, $3, $4, $5)",
            [.text(service), .integer(Int64(migration.version)), .text(migration.name), .text(migration.checksum(executor.dialect)), time.sqlValue]
        )
    }
}
