import ArenaCore

/// Where a ``BatchWriter`` puts its batches: one call per batch, all or
/// nothing (a batch either commits entirely or throws and stays buffered).
///
/// A sink must be idempotent: after a lost connection the writer cannot know
/// whether the commit happened, so it writes the batch again, and rows that
/// were stored the first time must not be stored twice.
public protocol BatchSink<Row>: Sendable {
    /// What one row is.
    associatedtype Row: Sendable
    /// Writes `rows` in one transaction (or one COPY).
    func write(_ rows: [Row]) async throws(StoreError)
}

/// A sink for a ``TableRow`` type: COPY on PostgreSQL (with the month
/// partitions the rows need), falling back to `INSERT … ON CONFLICT` when some
/// rows are already stored; one transaction of `INSERT … ON CONFLICT` on SQLite.
public struct TableSink<Row: TableRow>: BatchSink {
    /// The database.
    public let database: any SQLDatabase
    /// Creates missing partitions before a write (nil for unpartitioned tables or SQLite).
    public let partitions: PartitionMaintainer?

    /// A sink for `Row.table` in `database`. For a partitioned table on
    /// PostgreSQL without an explicit maintainer, one is made for that table,
    /// so a write never fails for want of a partition.
    public init(database: any SQLDatabase, partitions: PartitionMaintainer? = nil) {
        self.database = database
        if partitions == nil, Row.table.partitioning != nil, database.dialect == .postgres {
            self.partitions = PartitionMaintainer(database: database, tables: [Row.table])
        } else {
            self.partitions = partitions
        }
    }

    /// Creates the partitions the rows need, then writes them idempotently.
    public func write(_ rows: [Row]) async throws(StoreError) {
        let values = rows.map(\.sqlValues)
        if let partitions, let column = Row.table.partitioning?.column, let i = Row.table.index(of: column) {
            let times = values.compactMap { row -> Timestamp? in
                if case let .integer(ns) = row[i] { Timestamp(nanoseconds: ns) } else { nil }
            }
            try await partitions.ensure(Row.table, covering: times)
        }
        try await IdempotentInsert.write(values, into: Row.table, database: database)
    }
}
