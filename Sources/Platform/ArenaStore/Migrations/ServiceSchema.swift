/// One service's tables and the ordered migrations that create them.
///
/// Each service owns its tables (DESIGN.md: services share messages, never
/// tables), all named with its prefix, declares them in its own module (its
/// descriptor lists its schemas), and migrates them at start with
/// ``Migrator/migrate(_:)``. The store itself owns only the audit log
/// (``audit``), which several services append to.
public struct ServiceSchema: Sendable, Hashable, CustomStringConvertible {
    /// The service's name, which prefixes its tables (`gateway` → `gateway_md_trades`).
    public let name: String
    /// Migrations in version order, starting at 1.
    public let migrations: [Migration]

    /// A schema. Its consistency is checked by ``validate()`` (and by ``Migrator`` before it runs anything).
    public init(name: String, migrations: [Migration]) {
        self.name = name
        self.migrations = migrations
    }

    /// Every table the migrations create.
    public var tables: [TableSpec] { migrations.flatMap(\.tables) }

    /// The tables partitioned by month on PostgreSQL.
    public var partitionedTables: [TableSpec] { tables.filter { $0.partitioning != nil } }

    /// The newest version the code knows.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// The service name.
    public var description: String { name }

    /// Every mistake in the declaration: versions not 1, 2, 3, …; tables outside
    /// this schema; keys naming unknown columns; partitioning PostgreSQL would refuse.
    public func validate() -> [String] {
        var problems: [String] = []
        for (offset, migration) in migrations.enumerated() where migration.version != offset + 1 {
            problems.append("\(name): migration \"\(migration.name)\" has version \(migration.version), expected \(offset + 1)")
        }
        for table in tables {
            if table.ref.service != name { problems.append("\(name): table \(table.ref) belongs to another service") }
            problems += table.problems()
        }
        return problems
    }
}
