import CSQLite

/// A prepared SQLite statement with `$1…$N` placeholders.
///
/// SQLite reads `$1` as a *named* parameter called "$1", and numbers its
/// slots by first appearance, not by the digits; `WHERE b = $2 AND a = $1`
/// puts `$2` in slot 1. So each slot's name is read back once at prepare
/// time and mapped to the caller's parameter index.
final class SQLiteStatement {
    let handle: OpaquePointer
    let sql: String
    /// For slot `i + 1`, the index into the caller's parameters.
    private let slots: [Int]
    /// The highest `$N` used: how many parameters a call must pass.
    private let parameterCount: Int
    /// The connection; it finalizes its statements before closing.
    private let db: OpaquePointer

    /// Takes ownership of `handle`, a statement prepared from `sql`;
    /// finalizes it and throws if it uses other placeholder styles.
    init(handle: OpaquePointer, sql: String, db: OpaquePointer) throws(StoreError) {
        self.handle = handle
        self.sql = sql
        self.db = db
        var slots: [Int] = []
        let count = sqlite3_bind_parameter_count(handle)
        for slot in stride(from: 1, through: count, by: 1) {
            let name = sqlite3_bind_parameter_name(handle, slot).map { String(cString: $0) }
            guard let name, name.hasPrefix("$"), let n = Int(name.dropFirst()), n >= 1, name.dropFirst().allSatisfy(\.isASCII) else {
                sqlite3_finalize(handle)
                throw StoreError.sql(
                    state: "SQLITE_ERROR",
                    message: "placeholder \(name ?? "?") is not supported; use $1, $2, … as on PostgreSQL",
                    statement: sql
                )
            }
            slots.append(n - 1)
        }
        self.slots = slots
        parameterCount = (slots.max() ?? -1) + 1
    }

    /// SQLITE_TRANSIENT (a macro Swift does not import): SQLite copies the
    /// bound bytes, since Swift's buffers live only for the bind call.
    static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

    /// Releases the statement.
    func finalize() { sqlite3_finalize(handle) }

    /// Binds, runs to completion and resets; returns rows changed.
    func execute(_ parameters: [SQLValue]) throws(StoreError) -> Int {
        try bind(parameters)
        defer { reset() }
        let before = sqlite3_total_changes64(db)
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { break }
            if rc != SQLITE_ROW { throw SQLiteResultCode.error(rc, db: db, statement: sql) }
        }
        // sqlite3_changes keeps the count of the last INSERT/UPDATE/DELETE,
        // so for DDL it would report an earlier statement's rows.
        return sqlite3_total_changes64(db) == before ? 0 : Int(sqlite3_changes64(db))
    }

    /// Binds, reads every row and resets.
    func query(_ parameters: [SQLValue]) throws(StoreError) -> [SQLRow] {
        try bind(parameters)
        defer { reset() }
        var columns: [String] = []
        var rows: [SQLRow] = []
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { return rows }
            guard rc == SQLITE_ROW else { throw SQLiteResultCode.error(rc, db: db, statement: sql) }
            // Read the names after the first step: a schema change makes
            // sqlite3_step re-prepare, and `SELECT *` may then have new columns.
            if rows.isEmpty {
                columns = (0..<sqlite3_column_count(handle)).map { String(cString: sqlite3_column_name(handle, $0)) }
            }
            rows.append(SQLRow(columns: columns, values: (0..<Int32(columns.count)).map(value)))
        }
    }

    private func bind(_ parameters: [SQLValue]) throws(StoreError) {
        guard parameters.count == parameterCount else {
            throw StoreError.sql(
                state: "SQLITE_RANGE",
                message: "the statement takes \(parameterCount) parameters ($1…$\(parameterCount)) but \(parameters.count) were given",
                statement: sql
            )
        }
        for (i, index) in slots.enumerated() {
            let rc = bind(parameters[index], slot: Int32(i + 1))
            if rc != SQLITE_OK {
                reset()
                throw SQLiteResultCode.error(rc, db: db, statement: sql)
            }
        }
    }

    private func bind(_ value: SQLValue, slot: Int32) -> Int32 {
        switch value {
        case .null:
            return sqlite3_bind_null(handle, slot)
        case let .integer(v):
            return sqlite3_bind_int64(handle, slot, v)
        case let .real(v):
            return sqlite3_bind_double(handle, slot, v)
        case let .text(s):
            // An empty buffer may have no base address, and a nil pointer
            // would bind NULL instead of ''.
            if s.isEmpty { return sqlite3_bind_text(handle, slot, "", 0, nil) }
            var s = s
            return s.withUTF8 { utf8 in
                utf8.withMemoryRebound(to: CChar.self) {
                    sqlite3_bind_text64(handle, slot, $0.baseAddress, UInt64($0.count), SQLiteStatement.transient, UInt8(SQLITE_UTF8))
                }
            }
        case let .blob(bytes):
            if bytes.isEmpty { return sqlite3_bind_zeroblob(handle, slot, 0) }
            return bytes.withUnsafeBytes { sqlite3_bind_blob64(handle, slot, $0.baseAddress, UInt64($0.count), SQLiteStatement.transient) }
        }
    }

    private func value(_ column: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(handle, column))
            return .text(String(decoding: UnsafeRawBufferPointer(start: sqlite3_column_text(handle, column), count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }

    private func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }
}
