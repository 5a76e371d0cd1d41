/// Cross-process mutual exclusion for schema work on PostgreSQL.
///
/// Services of one deployment share a database; two replicas starting at
/// once must not both apply a migration or create the same partition. The
/// lock is `pg_advisory_xact_lock`, so it is released by the transaction's
/// commit or rollback and can never leak on an error path. SQLite needs no
/// lock: its single writer already serialises write transactions.
enum AdvisoryLock {
    /// Takes the transaction-scoped lock `name` on PostgreSQL (waiting for
    /// it); does nothing on SQLite. The 64-bit key is derived in the server
    /// from the arena's schema (`current_schema()`) and `name` — the first
    /// 64 bits of an MD5 — so it is the same in every process and build, and
    /// arenas sharing a database in different schemas do not block each other.
    static func acquire(_ name: String, on executor: any SQLExecutor) async throws(StoreError) {
        guard executor.dialect == .postgres else { return }
        try await executor.execute(
            "SELECT pg_advisory_xact_lock(('x' || substr(md5(current_schema() || '/' || $1::text), 1, 16))::bit(64)::bigint)",
            [.text(name)]
        )
    }
}

/// ``SQLDatabase/transaction(_:)`` with the typed error of the rest of the
/// store: bodies here only throw ``StoreError``, and anything else the driver
/// might throw is reported as an internal SQL error rather than lost.
public func storeTransaction<T: Sendable>(
    _ database: any SQLDatabase, _ body: @Sendable (any SQLExecutor) async throws(StoreError) -> T
) async throws(StoreError) -> T {
    do {
        return try await database.transaction { executor in try await body(executor) }
    } catch let error as StoreError {
        throw error
    } catch {
        throw StoreError.sql(state: "XX000", message: "transaction failed: \(error)", statement: "")
    }
}
