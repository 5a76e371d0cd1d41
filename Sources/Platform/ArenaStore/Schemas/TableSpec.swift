/// How a table is split into partitions on PostgreSQL (SQLite keeps one table).
public enum Partitioning: Sendable, Hashable {
    /// One partition per calendar month (UTC) of a ``ColumnType/timestamp`` column.
    case monthly(column: String)

    /// The partitioning column.
    public var column: String {
        switch self {
        case let .monthly(column): column
        }
    }
}

/// What re-writing a row whose key already exists does.
public enum ConflictPolicy: Sendable, Hashable {
    /// Keep the stored row (immutable facts: trades, fills, events). Makes
    /// re-ingestion and retried writes idempotent.
    case ignore
    /// Replace the stored row's other columns (revisable facts: a bar that
    /// was still forming when first written).
    case update
}

/// A secondary index of a ``TableSpec``.
public struct IndexSpec: Sendable, Hashable {
    /// Suffix of the index name (`by_time` → `gateway_md_trades_by_time`).
    public let suffix: String
    /// Indexed columns, in order.
    public let columns: [String]
    /// Whether the index enforces uniqueness.
    public let unique: Bool

    /// An index named `<table>_<suffix>` over `columns`.
    public init(_ suffix: String, _ columns: [String], unique: Bool = false) {
        self.suffix = suffix
        self.columns = columns
        self.unique = unique
    }
}

/// A table: its columns, keys, indexes and partitioning, rendered to DDL for
/// either dialect. Tables are declared once (``ServiceSchema``) and the SQL of
/// both dialects comes from the one declaration, so the schemas cannot drift.
public struct TableSpec: Sendable, Hashable {
    /// The table's name.
    public let ref: TableRef
    /// Its columns, in the order rows are written.
    public let columns: [Column]
    /// The primary key. Re-ingestion is idempotent on it (see ``conflictPolicy``).
    public let primaryKey: [String]
    /// Further indexes.
    public let indexes: [IndexSpec]
    /// Monthly partitions on PostgreSQL, or nil.
    public let partitioning: Partitioning?
    /// What writing a row with an existing primary key does.
    public let conflictPolicy: ConflictPolicy

    /// A table. PostgreSQL requires a partitioned table's primary key to
    /// contain the partitioning column; ``ServiceSchema/validate()`` checks it.
    public init(
        _ ref: TableRef, columns: [Column], primaryKey: [String], indexes: [IndexSpec] = [],
        partitioning: Partitioning? = nil, conflictPolicy: ConflictPolicy = .ignore
    ) {
        self.ref = ref
        self.columns = columns
        self.primaryKey = primaryKey
        self.indexes = indexes
        self.partitioning = partitioning
        self.conflictPolicy = conflictPolicy
    }

    /// Column names in write order.
    public var columnNames: [String] { columns.map(\.name) }

    /// The position of `column` in ``columns``, if it exists.
    public func index(of column: String) -> Int? { columns.firstIndex { $0.name == column } }

    /// `CREATE TABLE` and `CREATE INDEX` statements for `dialect`; with
    /// `ifNotExists` (only for the store's own bookkeeping tables, which have
    /// no migration of their own) existing objects are kept.
    func createStatements(_ dialect: SQLDialect, ifNotExists: Bool = false) -> [String] {
        var body = columns.map { $0.definition(dialect) }
        body.append("PRIMARY KEY (\(list(primaryKey)))")
        let guardClause = ifNotExists ? "IF NOT EXISTS " : ""
        var table = "CREATE TABLE \(guardClause)\(ref.sql) (\n  \(body.joined(separator: ",\n  "))\n)"
        if dialect == .postgres, let partitioning {
            table += " PARTITION BY RANGE (\(quoted(partitioning.column)))"
        }
        return [table] + indexes.map { index in
            let kind = index.unique ? "UNIQUE INDEX" : "INDEX"
            return "CREATE \(kind) \(guardClause)\(quoted(ref.fullName + "_" + index.suffix)) ON \(ref.sql) (\(list(index.columns)))"
        }
    }

    /// Problems PostgreSQL or the writers would hit later, found up front.
    func problems() -> [String] {
        var found: [String] = []
        let names = Set(columnNames)
        if names.count != columns.count { found.append("\(ref): duplicate column names") }
        for column in primaryKey + indexes.flatMap(\.columns) + (partitioning.map { [$0.column] } ?? []) where !names.contains(column) {
            found.append("\(ref): unknown column \(column)")
        }
        if let partitioning {
            if !primaryKey.contains(partitioning.column) {
                found.append("\(ref): the primary key must contain the partition column \(partitioning.column)")
            }
            if let i = index(of: partitioning.column), columns[i].type != .timestamp || columns[i].nullable {
                found.append("\(ref): partition column \(partitioning.column) must be a non-null timestamp")
            }
        }
        return found
    }
}

/// Quoted, comma-separated column names.
func list(_ columns: [String]) -> String {
    columns.map(quoted).joined(separator: ", ")
}
