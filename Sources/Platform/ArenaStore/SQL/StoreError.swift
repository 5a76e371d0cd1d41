/// Everything that can go wrong with the store, typed, with what a person
/// needs to act on it. URLs in messages never include a password.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The store URL is not `postgres://…` or `sqlite:PATH`, or is malformed.
    case invalidURL(String, reason: String)
    /// The database could not be reached or opened.
    case unreachable(String, reason: String)
    /// The database rejected a statement; `state` is the SQLSTATE on
    /// PostgreSQL (empty when libpq itself reported the error), the SQLite
    /// extended result code's name (`SQLITE_CONSTRAINT_UNIQUE`; `SQLITE_<number>`
    /// for codes without one), or 22023 / 25000 for API misuse caught before
    /// any SQL ran (bad bulk-insert names or row widths; an executor used
    /// outside its transaction).
    case sql(state: String, message: String, statement: String)
    /// A result value does not convert to the requested type.
    case decoding(column: String, reason: String)
    /// A migration failed or the recorded history disagrees with the code.
    case migration(version: Int, reason: String)
    /// The connection was lost mid-operation (the operation may be retried).
    case connectionLost(reason: String)
    /// A bounded writer's buffer is full: the write was refused, not queued.
    case backlogFull(writer: String, capacity: Int)
    /// The store or writer was closed.
    case closed

    /// A one-line explanation for logs and operators (never with a password).
    public var description: String {
        switch self {
        case let .invalidURL(url, reason): "invalid store URL \(url): \(reason)"
        case let .unreachable(url, reason): "store \(url) is unreachable: \(reason)"
        case let .sql(state, message, statement): "SQL error \(state): \(message) [\(statement.prefix(200))]"
        case let .decoding(column, reason): "column \(column): \(reason)"
        case let .migration(version, reason): "migration \(version): \(reason)"
        case let .connectionLost(reason): "database connection lost: \(reason)"
        case let .backlogFull(writer, capacity): "\(writer) backlog is full (\(capacity) rows); write refused"
        case .closed: "the store is closed"
        }
    }
}
