import ArenaCore
import Logging

/// What ``Migrator/migrate(_:)`` did for one service.
public struct MigrationReport: Sendable, Hashable {
    /// The service's schema.
    public let service: String
    /// Versions applied by this call, in order (empty when already current).
    public let applied: [Int]
    /// The schema's version after the call.
    public let version: Int
}

/// Applies each service's migrations at start: versioned, forward-only,
/// recorded in `arena_migrations`, idempotent, and serialised across
/// processes (a PostgreSQL advisory lock per service).
///
/// All pending migrations of a service run in one transaction with their
/// history rows (DDL is transactional in both dialects), so a failure leaves
/// the schema exactly as it was.
public struct Migrator: Sendable {
    /// The database to migrate.
    public let database: any SQLDatabase
    /// Source of `applied_at`.
    public let clock: any ArenaClock
    /// Where applied migrations and refusals are logged.
    public let logger: Logger

    /// A migrator for `database`.
    public init(database: any SQLDatabase, clock: any ArenaClock = WallClock(), logger: Logger = Logger(label: "arena.store.migrations")) {
        self.database = database
        self.clock = clock
        self.logger = logger
    }

    /// Brings `schema` to its latest version. Re-running is a no-op. Throws
    /// ``StoreError/migration(version:reason:)`` when the declaration is
    /// inconsistent, when the database has a migration this build does not
    /// know, or when an applied migration's checksum differs from the code's.
    @discardableResult
    public func migrate(_ schema: ServiceSchema) async throws(StoreError) -> MigrationReport {
        let problems = schema.validate()
        guard problems.isEmpty else { throw StoreError.migration(version: 0, reason: problems.joined(separator: "; ")) }
        try await MigrationHistory.bootstrap(database)
        let now = clock.now()
        let applied = try await storeTransaction(database) { executor throws(StoreError) -> [Int] in
            try await AdvisoryLock.acquire("arena.migrations.\(schema.name)", on: executor)
            let recorded = try await MigrationHistory.applied(service: schema.name, on: executor)
            try Self.check(recorded, against: schema, dialect: executor.dialect)
            var done: [Int] = []
            for migration in schema.migrations.dropFirst(recorded.count) {
                for statement in migration.statements(executor.dialect) {
                    do { try await executor.execute(statement, []) } catch {
                        throw StoreError.migration(version: migration.version, reason: "\(schema.name) \"\(migration.name)\" failed: \(error)")
                    }
                }
                try await MigrationHistory.record(migration, service: schema.name, at: now, on: executor)
                done.append(migration.version)
            }
            return done
        }
        if applied.isEmpty {
            logger.debug("schema is current", metadata: ["service": "\(schema.name)", "version": "\(schema.latestVersion)"])
        } else {
            logger.notice(
                "migrations applied",
                metadata: ["service": "\(schema.name)", "versions": "\(applied)", "dialect": "\(database.dialect)"]
            )
        }
        return MigrationReport(service: schema.name, applied: applied, version: schema.latestVersion)
    }

    /// What a service does at start: migrates `schema`, then creates its
    /// time-series partitions for this month and `monthsAhead` more. Returns
    /// the maintainer for the service to ``PartitionMaintainer/run(every:clock:)``
    /// (daily is plenty) so later months are ready before they begin.
    public func prepare(_ schema: ServiceSchema, monthsAhead: Int = 2) async throws(StoreError) -> PartitionMaintainer {
        try await migrate(schema)
        let maintainer = PartitionMaintainer(database: database, schema: schema, monthsAhead: monthsAhead, logger: logger)
        try await maintainer.ensureAhead(from: clock.now())
        return maintainer
    }

    /// Migrates each of `schemas` in order (a single-process run owns them all).
    @discardableResult
    public func migrate(_ schemas: [ServiceSchema]) async throws(StoreError) -> [MigrationReport] {
        var reports: [MigrationReport] = []
        for schema in schemas { reports.append(try await migrate(schema)) }
        return reports
    }

    /// The recorded history of `schema`, oldest first.
    public func history(of schema: ServiceSchema) async throws(StoreError) -> [AppliedMigration] {
        try await MigrationHistory.bootstrap(database)
        return try await MigrationHistory.applied(service: schema.name, on: database)
    }

    /// Refuses a history that is not a prefix of the code's migrations.
    static func check(_ recorded: [AppliedMigration], against schema: ServiceSchema, dialect: SQLDialect) throws(StoreError) {
        for (offset, row) in recorded.enumerated() {
            guard row.version <= schema.latestVersion else {
                throw StoreError.migration(
                    version: row.version,
                    reason: "\(schema.name) is at version \(recorded.last?.version ?? row.version) in the database but this build knows only up to \(schema.latestVersion); refusing to run an older build against a newer schema"
                )
            }
            guard row.version == offset + 1 else {
                throw StoreError.migration(version: offset + 1, reason: "\(schema.name): the history skips version \(offset + 1) (recorded \(recorded.map(\.version)))")
            }
            let migration = schema.migrations[offset]
            let expected = migration.checksum(dialect)
            guard row.checksum == expected else {
                throw StoreError.migration(
                    version: row.version,
                    reason: "\(schema.name) \"\(migration.name)\" was changed after it was applied (recorded checksum \(row.checksum.prefix(12))…, code \(expected.prefix(12))…); migrations are forward-only: restore it and add a new migration"
                )
            }
        }
    }
}
