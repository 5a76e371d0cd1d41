import Synchronization

/// The executor a transaction body receives: every statement runs on the
/// transaction's own connection, and only while the transaction is open.
final class TransactionExecutor<C: DriverConnection>: SQLExecutor {
    let dialect: SQLDialect
    private let worker: ConnectionWorker<C>
    private let generation: Int
    private let ended = Atomic(false)

    init(dialect: SQLDialect, worker: ConnectionWorker<C>, generation: Int) {
        self.dialect = dialect
        self.worker = worker
        self.generation = generation
    }

    /// Marks the transaction over; later statements are refused.
    func end() { ended.store(true, ordering: .releasing) }

    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) async throws(StoreError) -> Int {
        try checkOpen(sql)
        return try await worker.run(pinnedTo: generation) { connection, _ throws(StoreError) in
            try connection.execute(sql, parameters)
        }
    }

    func query(_ sql: String, _ parameters: [SQLValue]) async throws(StoreError) -> [SQLRow] {
        try checkOpen(sql)
        return try await worker.run(pinnedTo: generation) { connection, _ throws(StoreError) in
            try connection.query(sql, parameters)
        }
    }

    /// An executor kept past its transaction would otherwise run statements
    /// in autocommit mode on a connection another caller now owns.
    private func checkOpen(_ sql: String) throws(StoreError) {
        guard ended.load(ordering: .acquiring) else { return }
        throw StoreError.sql(
            state: "25000",
            message: "the transaction has ended; use its executor only inside the transaction body",
            statement: sql
        )
    }
}
