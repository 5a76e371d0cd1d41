/// The SQL dialect, for the few statements that differ (DDL, upserts, COPY).
public enum SQLDialect: String, Sendable, Hashable {
    /// PostgreSQL through libpq.
    case postgres
    /// SQLite, embedded.
    case sqlite
}

/// Statements inside one transaction (or on one connection).
///
/// Parameters are always bound, never spliced into SQL: placeholders are
/// `$1`, `$2`, … in both dialects.
public protocol SQLExecutor: Sendable {
    /// The dialect of the database behind it.
    var dialect: SQLDialect { get }
    /// Runs a statement; returns the number of rows it changed.
    ///
    /// Without parameters, `sql` may also be a script of several statements
    /// separated by `;` (migrations); the count is then the last statement's.
    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) async throws(StoreError) -> Int
    /// Runs one statement (a query, or DML with `RETURNING`) and returns its rows.
    func query(_ sql: String, _ parameters: [SQLValue]) async throws(StoreError) -> [SQLRow]
}

/// A database: PostgreSQL through a pool of libpq connections, or SQLite
/// through one writer connection. Chosen by URL with ``Store/open(url:)``.
public protocol SQLDatabase: SQLExecutor {
    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T
    /// Inserts many rows fast: `COPY … FROM STDIN` on PostgreSQL, one
    /// transaction of prepared inserts on SQLite. All or nothing.
    func bulkInsert(table: String, columns: [String], rows: [[SQLValue]]) async throws(StoreError)
    /// Closes every connection; later calls throw ``StoreError/closed``.
    func close() async
}
