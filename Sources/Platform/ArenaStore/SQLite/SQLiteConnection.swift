import CSQLite
import Foundation
import Logging

/// The single SQLite connection of a store, confined to its worker's thread.
///
/// One connection serialises every read and write of this process, which is
/// SQLite's own model of one writer; WAL mode lets other processes read
/// meanwhile, and the busy timeout makes a competing writer wait instead of
/// failing at once.
final class SQLiteConnection: DriverConnection {
    private let db: OpaquePointer
    private let logger: Logger
    private var statements: StatementCache<SQLiteStatement>
    private var closed = false
    /// Takes the WAL's checkpoints off this connection's commits (a file database in WAL mode).
    private var checkpointer: SQLiteCheckpointer?

    /// Opens (creating if needed) the database at `path` and configures it;
    /// ``StoreError/unreachable(_:reason:)`` when the file cannot be opened
    /// or is not a database.
    init(path: String, busyTimeout: Duration, statementCacheCapacity: Int, logger: Logger) throws(StoreError) {
        let url = StoreURL.sqlite(path: path).description
        var handle: OpaquePointer?
        // NOMUTEX: the worker thread already serialises every call.
        let rc = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw StoreError.unreachable(url, reason: Self.explain(message, code: rc, path: path))
        }
        db = handle
        self.logger = logger
        statements = StatementCache(capacity: statementCacheCapacity)
        do {
            try configure(busyTimeout: busyTimeout, inMemory: path == StoreURL.sqliteMemoryPath)
        } catch {
            close()
            let reason = if case let .sql(state, message, _) = error { "\(message) (\(state))" } else { "\(error)" }
            throw StoreError.unreachable(url, reason: reason)
        }
    }

    deinit { close() }

    private func configure(busyTimeout: Duration, inMemory: Bool) throws(StoreError) {
        sqlite3_extended_result_codes(db, 1)
        let (seconds, attoseconds) = busyTimeout.components
        sqlite3_busy_timeout(db, Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000))
        _ = try runScript("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL")
        // journal_mode answers with the mode in force; a memory database
        // stays "memory", and a file on a filesystem without shared memory
        // may refuse WAL, which is worth a warning but still works.
        let mode = try oneShot("PRAGMA journal_mode = WAL").first?.values.first
        if !inMemory, mode != .text("wal") {
            logger.warning("SQLite did not switch to WAL mode", metadata: ["journal_mode": "\(mode ?? .null)"])
        }
        if mode == .text("wal"), let path = sqlite3_db_filename(db, "main").map({ String(cString: $0) }), !path.isEmpty {
            let checkpointer = SQLiteCheckpointer(path: path, busyTimeout: busyTimeout)
            checkpointer.attach(to: db)
            self.checkpointer = checkpointer
        }
    }

    func close() {
        guard !closed else { return }
        closed = true
        for statement in statements.removeAll() { statement.finalize() }
        checkpointer?.detach(from: db)
        checkpointer?.stop()
        sqlite3_close_v2(db)
    }

    var cachedStatementCount: Int { statements.count }

    func prepareForUse(pinned: Bool) -> Bool {
        if !pinned, sqlite3_get_autocommit(db) == 0 {
            logger.warning("rolling back a transaction left open (a raw BEGIN without COMMIT?)")
            rollback()
        }
        return true
    }

    func execute(_ sql: String, _ parameters: [SQLValue]) throws(StoreError) -> Int {
        switch try statement(for: sql, allowScript: parameters.isEmpty) {
        case let .single(statement): try statement.execute(parameters)
        case .script: try runScript(sql)
        case .empty: 0
        }
    }

    func query(_ sql: String, _ parameters: [SQLValue]) throws(StoreError) -> [SQLRow] {
        switch try statement(for: sql, allowScript: false) {
        case let .single(statement): try statement.query(parameters)
        case .script, .empty: []
        }
    }

    func begin() throws(StoreError) {
        // IMMEDIATE takes the write lock now, so a competing writer waits on
        // the busy timeout here rather than failing mid-transaction.
        _ = try runScript("BEGIN IMMEDIATE")
    }

    func commit() throws(StoreError) {
        do {
            _ = try runScript("COMMIT")
        } catch {
            // A failed COMMIT (SQLITE_BUSY) leaves the transaction open.
            rollback()
            throw error
        }
    }

    func rollback() {
        guard sqlite3_get_autocommit(db) == 0 else { return }
        sqlite3_exec(db, "ROLLBACK", nil, nil, nil)
    }

    /// One transaction of one cached prepared INSERT executed per row.
    func bulkInsert(table: String, columns: [String], rows: [[SQLValue]]) throws(StoreError) {
        let placeholders = (1...columns.count).map { "$\($0)" }.joined(separator: ", ")
        let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
        guard case let .single(insert) = try statement(for: sql, allowScript: false) else { return }
        try begin()
        do {
            for row in rows { _ = try insert.execute(row) }
            try commit()
        } catch {
            rollback()
            throw error
        }
    }

    private enum Prepared {
        case single(SQLiteStatement)
        case script
        case empty
    }

    /// The cached statement for `sql`, preparing it on a miss. Several
    /// statements are a script when allowed (run uncached), an error otherwise.
    private func statement(for sql: String, allowScript: Bool) throws(StoreError) -> Prepared {
        if let cached = statements.statement(for: sql) { return .single(cached) }
        var handle: OpaquePointer?
        var more = false
        let rc = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v3(db, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, &tail)
            if rc == SQLITE_OK, let tail { more = hasStatements(tail) }
            return rc
        }
        guard rc == SQLITE_OK else { throw SQLiteResultCode.error(rc, db: db, statement: sql) }
        guard let handle else { return .empty }
        if more {
            sqlite3_finalize(handle)
            guard allowScript else {
                throw StoreError.sql(
                    state: "SQLITE_ERROR", message: "expected one statement; several are allowed only in execute without parameters",
                    statement: sql
                )
            }
            return .script
        }
        let statement = try SQLiteStatement(handle: handle, sql: sql, db: db)
        statements.insert(statement, for: sql)?.finalize()
        return .single(statement)
    }

    /// True when `text` holds another statement (not just blanks and comments).
    /// A remainder that fails to prepare, typically because it uses a table
    /// the first statement creates, counts as a statement.
    private func hasStatements(_ text: UnsafePointer<CChar>) -> Bool {
        var cursor = text
        while cursor.pointee != 0 {
            var handle: OpaquePointer?
            var next: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v2(db, cursor, -1, &handle, &next)
            if let handle {
                sqlite3_finalize(handle)
                return true
            }
            guard rc == SQLITE_OK, let next, next != cursor else { return rc != SQLITE_OK }
            cursor = next
        }
        return false
    }

    /// Runs each statement of `sql` in turn, uncached; returns the last one's row count.
    private func runScript(_ sql: String) throws(StoreError) -> Int {
        var changes = 0
        try forEachStatement(sql) { statement throws(StoreError) in changes = try statement.execute([]) }
        return changes
    }

    /// Runs a single statement uncached and returns its rows.
    private func oneShot(_ sql: String) throws(StoreError) -> [SQLRow] {
        var rows: [SQLRow] = []
        try forEachStatement(sql) { statement throws(StoreError) in rows = try statement.query([]) }
        return rows
    }

    private func forEachStatement(_ sql: String, _ body: (SQLiteStatement) throws(StoreError) -> Void) throws(StoreError) {
        let result: Result<Void, StoreError> = sql.withCString { text in
            var cursor = text
            while cursor.pointee != 0 {
                var handle: OpaquePointer?
                var next: UnsafePointer<CChar>?
                let rc = sqlite3_prepare_v2(db, cursor, -1, &handle, &next)
                guard rc == SQLITE_OK else { return .failure(SQLiteResultCode.error(rc, db: db, statement: sql)) }
                if let handle {
                    do throws(StoreError) {
                        let statement = try SQLiteStatement(handle: handle, sql: sql, db: db)
                        defer { statement.finalize() }
                        try body(statement)
                    } catch {
                        return .failure(error)
                    }
                }
                guard let next, next != cursor else { break }
                cursor = next
            }
            return .success(())
        }
        try result.get()
    }

    /// SQLite says only "unable to open database file"; name the usual cause.
    private static func explain(_ message: String, code: Int32, path: String) -> String {
        var reason = "\(message) (\(SQLiteResultCode.name(code)))"
        let directory = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue {
            reason += ": directory \(directory) does not exist"
        }
        return reason
    }
}
