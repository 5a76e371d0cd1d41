import Logging

/// ``SQLDatabase`` over a pool of ``ConnectionWorker``s: PostgreSQL with
/// several connections, SQLite with one.
///
/// Every call leases a worker, hops to its thread for the blocking work and
/// returns the worker; a transaction keeps its worker (and connection) for
/// its whole body.
final class PooledDatabase<C: DriverConnection>: SQLDatabase, StatementCacheInspecting {
    let dialect: SQLDialect
    private let pool: ConnectionPool<ConnectionWorker<C>>
    private let label: String
    private let logger: Logger

    /// A database of at most `poolSize` connections opened by `connect`;
    /// `label` names it in logs and thread names and must hold no secret.
    init(
        dialect: SQLDialect, label: String, poolSize: Int, logger: Logger,
        connect: @escaping @Sendable () throws(StoreError) -> C
    ) {
        self.dialect = dialect
        self.label = label
        self.logger = logger
        let prefix = dialect == .postgres ? "arena.pg" : "arena.sqlite"
        pool = ConnectionPool(capacity: poolSize) { index in
            ConnectionWorker(name: "\(prefix).\(index)", connect: connect)
        }
    }

    /// Opens the first connection now, so a wrong URL or a dead server is
    /// reported by `open` rather than by the first statement.
    func connectEagerly() async throws(StoreError) {
        try await withWorker { worker throws(StoreError) in
            try await worker.run { _, _ in }
        }
    }

    /// Connects once so that a bad URL or a down server fails the open, not
    /// the first statement; on failure closes everything and logs why.
    func opened(logger: Logger, _ details: Logger.Metadata = [:]) async throws(StoreError) -> Self {
        do {
            try await connectEagerly()
        } catch {
            await close()
            logger.error("cannot open the store", metadata: ["error": "\(error)"])
            throw error
        }
        logger.info("store opened", metadata: details)
        return self
    }

    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) async throws(StoreError) -> Int {
        try await withWorker { worker throws(StoreError) in
            try await worker.run { connection, _ throws(StoreError) in try connection.execute(sql, parameters) }
        }
    }

    func query(_ sql: String, _ parameters: [SQLValue]) async throws(StoreError) -> [SQLRow] {
        try await withWorker { worker throws(StoreError) in
            try await worker.run { connection, _ throws(StoreError) in try connection.query(sql, parameters) }
        }
    }

    func bulkInsert(table: String, columns: [String], rows: [[SQLValue]]) async throws(StoreError) {
        try BulkInsertCheck.validate(table: table, columns: columns, rows: rows)
        guard !rows.isEmpty else { return }
        try await withWorker { worker throws(StoreError) in
            try await worker.run { connection, _ throws(StoreError) in
                try connection.bulkInsert(table: table, columns: columns, rows: rows)
            }
        }
    }

    func transaction<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try refuseSelfDeadlock()
        let worker = try await pool.acquire()
        defer { pool.release(worker) }
        let generation = try await worker.run { connection, generation throws(StoreError) in
            try connection.begin()
            return generation
        }
        let executor = TransactionExecutor(dialect: dialect, worker: worker, generation: generation)
        let value: T
        do {
            value = try await LeaseContext.$held.withValue(LeaseContext.held.union([ObjectIdentifier(self)])) {
                try await body(executor)
            }
        } catch {
            executor.end()
            _ = try? await worker.run(pinnedTo: generation) { connection, _ in connection.rollback() }
            throw error
        }
        executor.end()
        try await worker.run(pinnedTo: generation) { connection, _ throws(StoreError) in try connection.commit() }
        return value
    }

    func close() async {
        let workers = await pool.close()
        guard !workers.isEmpty else { return }
        for worker in workers { await worker.shutdown() }
        logger.info("store closed", metadata: ["store": "\(label)"])
    }

    /// Prepared statements cached on each open connection (diagnostics and tests).
    func cachedStatementCounts() async -> [Int] {
        var counts: [Int] = []
        for worker in pool.workers { counts.append(await worker.cachedStatementCount()) }
        return counts
    }

    private func withWorker<T: Sendable>(
        _ body: (ConnectionWorker<C>) async throws(StoreError) -> T
    ) async throws(StoreError) -> T {
        try refuseSelfDeadlock()
        let worker = try await pool.acquire()
        defer { pool.release(worker) }
        return try await body(worker)
    }

    /// With one connection, a task that holds it in a transaction and calls
    /// the database directly would wait for itself forever; say so instead.
    private func refuseSelfDeadlock() throws(StoreError) {
        guard pool.capacity == 1, LeaseContext.held.contains(ObjectIdentifier(self)) else { return }
        throw StoreError.sql(
            state: "25000",
            message: "this database has one connection and this task holds it in a transaction; use the executor passed to the transaction body",
            statement: ""
        )
    }
}

/// Lets tests and diagnostics see prepared-statement reuse without knowing the driver.
protocol StatementCacheInspecting {
    /// Prepared statements cached on each open connection.
    func cachedStatementCounts() async -> [Int]
}

/// Which databases the current task holds a transaction on.
enum LeaseContext {
    /// Identities of the ``PooledDatabase``s whose transaction body is running in this task.
    @TaskLocal static var held: Set<ObjectIdentifier> = []
}
