import ArenaCore
import Logging

/// Creates the monthly partitions of PostgreSQL's time-series tables ahead
/// of time, and on demand for the months a write touches (backfills of old
/// data). Idempotent and safe across processes: `CREATE TABLE IF NOT EXISTS
/// … PARTITION OF` under a per-table advisory lock. On SQLite, where the
/// tables are not partitioned, every call is a no-op.
///
/// Call ``ensureAhead(from:)`` at service start and let ``run(every:clock:)``
/// repeat it, so the next month's partition exists long before its first row.
public actor PartitionMaintainer {
    /// The database.
    public nonisolated let database: any SQLDatabase
    /// The partitioned tables it looks after.
    public nonisolated let tables: [TableSpec]
    /// How many months after the current one ``ensureAhead(from:)`` prepares.
    public nonisolated let monthsAhead: Int
    private let logger: Logger
    /// Partitions known to exist, so steady-state writes cost no round trip.
    private var known: Set<PartitionKey> = []

    private struct PartitionKey: Hashable {
        let table: TableRef
        let month: MonthPartition
    }

    /// A maintainer for the partitioned tables among `tables`.
    public init(
        database: any SQLDatabase, tables: [TableSpec], monthsAhead: Int = 2,
        logger: Logger = Logger(label: "arena.store.partitions")
    ) {
        self.database = database
        self.tables = tables.filter { $0.partitioning != nil }
        self.monthsAhead = max(0, monthsAhead)
        self.logger = logger
    }

    /// A maintainer for every partitioned table of `schema`.
    public init(database: any SQLDatabase, schema: ServiceSchema, monthsAhead: Int = 2, logger: Logger = Logger(label: "arena.store.partitions")) {
        self.init(database: database, tables: schema.tables, monthsAhead: monthsAhead, logger: logger)
    }

    /// Ensures partitions for the month of `now` and ``monthsAhead`` months after, for every table.
    /// Returns the partitions this call created (`gateway.md_trades_2024_08`).
    @discardableResult
    public func ensureAhead(from now: Timestamp) async throws(StoreError) -> [String] {
        let current = MonthPartition(containing: now)
        var created: [String] = []
        for table in tables {
            created += try await ensure(table, months: (0...monthsAhead).map { current.advanced(by: $0) })
        }
        return created
    }

    /// Ensures `table` has partitions for every month containing one of `times`.
    /// Returns the partitions this call created.
    @discardableResult
    public func ensure(_ table: TableSpec, covering times: [Timestamp]) async throws(StoreError) -> [String] {
        guard table.partitioning != nil, database.dialect == .postgres else { return [] }
        return try await ensure(table, months: Set(times.map(MonthPartition.init(containing:))).sorted())
    }

    /// Repeats ``ensureAhead(from:)`` every `interval` until the task is
    /// cancelled. A failure is logged and retried at the next interval (the
    /// months ahead leave weeks of slack), never thrown.
    public func run(every interval: Duration, clock: any ArenaClock = WallClock()) async {
        while !Task.isCancelled {
            do {
                try await ensureAhead(from: clock.now())
            } catch {
                logger.error("could not create partitions ahead; retrying later", metadata: ["error": "\(error)", "retry_in": "\(interval)"])
            }
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }

    private func ensure(_ table: TableSpec, months: [MonthPartition]) async throws(StoreError) -> [String] {
        guard let partitioning = table.partitioning, database.dialect == .postgres else { return [] }
        var created: [String] = []
        for month in months where !known.contains(PartitionKey(table: table.ref, month: month)) {
            guard month.isRepresentable else {
                throw StoreError.invalidArgument(
                    "\(table.ref): no partition for \(month): nanosecond timestamps cover only 1678–2261",
                    statement: "partition \(partitioning)"
                )
            }
            let partition = TableRef(service: table.ref.service, name: "\(table.ref.name)_\(month.suffix)")
            let statement = """
                CREATE TABLE IF NOT EXISTS \(partition.sql) PARTITION OF \(table.ref.sql) \
                FOR VALUES FROM (\(month.start.nanoseconds)) TO (\(month.end.nanoseconds))
                """
            let existed = try await storeTransaction(database) { executor throws(StoreError) -> Bool in
                try await AdvisoryLock.acquire("arena.partitions.\(table.ref.fullName)", on: executor)
                let rows = try await executor.query(
                    "SELECT CASE WHEN to_regclass($1::text) IS NULL THEN 0 ELSE 1 END AS present", [.text(partition.sql)]
                )
                let present: Bool = try rows.first?.decode("present") ?? false
                if !present { try await executor.execute(statement, []) }
                return present
            }
            known.insert(PartitionKey(table: table.ref, month: month))
            if !existed {
                created.append(partition.description)
                logger.notice("partition created", metadata: ["partition": "\(partition)", "from": "\(month.start)", "to": "\(month.end)"])
            }
        }
        return created
    }
}
