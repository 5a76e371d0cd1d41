import CPostgres
import Logging

/// One libpq connection, confined to its worker's thread.
///
/// Parameterised statements and all queries go through named prepared
/// statements cached by SQL text, so a hot statement is parsed and planned
/// once per connection. Parameter-free `execute` uses the simple protocol,
/// which also accepts scripts of several statements (migrations).
final class PostgresConnection: DriverConnection {
    /// The libpq handle; valid until ``close()``.
    let handle: OpaquePointer
    private let watch: PostgresLossWatch
    private let logger: Logger
    private let notices: Unmanaged<NoticeLog>
    private var statements: StatementCache<String>
    private var statementCounter = 0
    private var lossEpochSeen: Int
    private var closed = false

    /// Connects (blocking); ``StoreError/unreachable(_:reason:)`` with libpq's
    /// reason if the server cannot be reached or refuses the login.
    init(url: PostgresURL, statementCacheCapacity: Int, watch: PostgresLossWatch, logger: Logger) throws(StoreError) {
        let pairs = url.connectionParameters
        let keywords = PostgresCStrings(pairs.map(\.0))
        let values = PostgresCStrings(pairs.map(\.1))
        let connection = keywords.withPointers { k in values.withPointers { v in PQconnectdbParams(k, v, 0) } }
        guard let connection else {
            throw StoreError.unreachable(url.description, reason: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = PostgresResult.connectionMessage(connection)
            PQfinish(connection)
            throw StoreError.unreachable(url.description, reason: reason)
        }
        handle = connection
        self.watch = watch
        self.logger = logger
        statements = StatementCache(capacity: statementCacheCapacity)
        lossEpochSeen = watch.epoch
        // Route server notices ("table does not exist, skipping") to the log
        // instead of libpq's default of printing them on stderr.
        notices = Unmanaged.passRetained(NoticeLog(logger: logger))
        PQsetNoticeProcessor(connection, { context, message in
            guard let context, let message else { return }
            Unmanaged<NoticeLog>.fromOpaque(context).takeUnretainedValue().log(String(cString: message))
        }, notices.toOpaque())
        logger.debug("connected", metadata: ["backend_pid": "\(PQbackendPID(connection))"])
    }

    deinit { close() }

    func close() {
        guard !closed else { return }
        closed = true
        PQfinish(handle)
        notices.release()
    }

    var cachedStatementCount: Int { statements.count }

    func prepareForUse(pinned: Bool) -> Bool {
        guard PQstatus(handle) == CONNECTION_OK else { return false }
        // Another connection found the server gone: this one, idle since
        // before that, is probably dead too. One empty round trip tells, so
        // a restart costs the caller one failed statement, not one per
        // pooled connection.
        let epoch = watch.epoch
        if epoch != lossEpochSeen {
            let probe = PQexec(handle, "")
            defer { PQclear(probe) }
            guard PQstatus(handle) == CONNECTION_OK, PQresultStatus(probe) == PGRES_EMPTY_QUERY else { return false }
            lossEpochSeen = epoch
        }
        if !pinned, PQtransactionStatus(handle) != PQTRANS_IDLE {
            logger.warning("rolling back a transaction left open on a pooled connection (a raw BEGIN without COMMIT?)")
            rollback()
        }
        return true
    }

    func execute(_ sql: String, _ parameters: [SQLValue]) throws(StoreError) -> Int {
        if parameters.isEmpty { return try simple(sql) }
        let result = try prepared(sql, parameters)
        defer { PQclear(result) }
        return PostgresResult.affectedRows(result)
    }

    func query(_ sql: String, _ parameters: [SQLValue]) throws(StoreError) -> [SQLRow] {
        let result = try prepared(sql, parameters)
        defer { PQclear(result) }
        return try PostgresResult.rows(result)
    }

    func begin() throws(StoreError) {
        _ = try simple("BEGIN")
    }

    func commit() throws(StoreError) {
        let result = PQexec(handle, "COMMIT")
        defer { PQclear(result) }
        guard PostgresResult.succeeded(result) else { throw failure(result, "COMMIT") }
        // COMMIT of a transaction in which a statement failed succeeds but
        // rolls back; the caller must not believe its writes were stored.
        if let tag = PQcmdStatus(result), String(cString: tag) == "ROLLBACK" {
            throw StoreError.sql(
                state: "25P02", message: "the transaction was rolled back because a statement in it failed", statement: "COMMIT"
            )
        }
    }

    func rollback() {
        let status = PQtransactionStatus(handle)
        guard status == PQTRANS_INTRANS || status == PQTRANS_INERROR else { return }
        PQclear(PQexec(handle, "ROLLBACK"))
    }

    /// The typed error for a failed result; a lost connection is also
    /// reported to the pool's watch so the other connections get probed.
    func failure(_ result: OpaquePointer?, _ statement: String) -> StoreError {
        let error = PostgresResult.error(result, connection: handle, statement: statement)
        if case let .connectionLost(reason) = error {
            watch.reportLoss()
            logger.warning("connection lost", metadata: ["reason": "\(reason)"])
        }
        return error
    }

    /// Runs `sql` through the simple-query protocol (no parameters, one or
    /// more statements); returns the last statement's row count.
    private func simple(_ sql: String) throws(StoreError) -> Int {
        let result = PQexec(handle, sql)
        if let result, PostgresCopyState.isCopy(result) {
            throw PostgresCopyState.abandon(result, self, statement: sql)
        }
        defer { PQclear(result) }
        guard PostgresResult.succeeded(result), let result else { throw failure(result, sql) }
        return PostgresResult.affectedRows(result)
    }

    /// Runs `sql` as a cached prepared statement and returns its successful
    /// result (which the caller clears).
    private func prepared(_ sql: String, _ parameters: [SQLValue]) throws(StoreError) -> OpaquePointer {
        let values = try PostgresCStrings(parameters: parameters, statement: sql)
        var retried = false
        while true {
            let name = try statementName(for: sql)
            let result = values.withPointers { PQexecPrepared(handle, name, values.count, $0, nil, nil, 0) }
            if let result, PostgresResult.succeeded(result) { return result }
            if let result, PostgresCopyState.isCopy(result) {
                throw PostgresCopyState.abandon(result, self, statement: sql)
            }
            let error = failure(result, sql)
            let stale = Self.isStalePlan(result)
            PQclear(result)
            guard stale else { throw error }
            forget(sql)
            // A re-prepared statement can run again unless the failure
            // aborted an open transaction.
            guard !retried, PQtransactionStatus(handle) == PQTRANS_IDLE else { throw error }
            retried = true
        }
    }

    /// A cached statement the server no longer has (26000), or whose result
    /// columns a schema change altered ("cached plan must not change result type").
    private static func isStalePlan(_ result: OpaquePointer?) -> Bool {
        let state = PostgresResult.state(result)
        if state == "26000" { return true }
        guard state == "0A000", let message = PostgresResult.field(result, PostgresResult.Diagnostic.primaryMessage) else { return false }
        return message.contains("cached plan")
    }

    private func statementName(for sql: String) throws(StoreError) -> String {
        if let name = statements.statement(for: sql) { return name }
        statementCounter += 1
        let name = "arena_\(statementCounter)"
        let result = PQprepare(handle, name, sql, 0, nil)
        defer { PQclear(result) }
        guard PostgresResult.succeeded(result) else { throw failure(result, sql) }
        if let evicted = statements.insert(name, for: sql) { deallocate(evicted) }
        return name
    }

    private func forget(_ sql: String) {
        if let name = statements.remove(sql) { deallocate(name) }
    }

    private func deallocate(_ name: String) {
        // Fails only inside an aborted transaction or on a dead connection;
        // either way the name is never reused, so ignoring it is safe.
        PQclear(PQexec(handle, "DEALLOCATE \(name)"))
    }
}

/// Server notices, logged at debug level.
private final class NoticeLog {
    let logger: Logger
    init(logger: Logger) { self.logger = logger }
    func log(_ message: String) {
        logger.debug("postgres notice", metadata: ["notice": "\(message.split(whereSeparator: \.isNewline).joined(separator: " "))"])
    }
}
