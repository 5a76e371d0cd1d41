import Logging

/// Tuning for an opened store; the defaults suit a service.
public struct StoreOptions: Sendable {
    /// PostgreSQL connections in the pool, each with its own thread
    /// (SQLite always has exactly one). Values below 1 count as 1.
    public var poolSize: Int
    /// Prepared statements kept per connection, least recently used evicted first.
    public var statementCacheCapacity: Int
    /// How long SQLite waits for another process's lock before `SQLITE_BUSY`.
    public var sqliteBusyTimeout: Duration
    /// Where connection events (opened, lost, reconnected, notices) are logged.
    public var logger: Logger

    /// Options with the given values.
    public init(
        poolSize: Int = 4,
        statementCacheCapacity: Int = 256,
        sqliteBusyTimeout: Duration = .seconds(5),
        logger: Logger = Logger(label: "arena.store")
    ) {
        self.poolSize = poolSize
        self.statementCacheCapacity = statementCacheCapacity
        self.sqliteBusyTimeout = sqliteBusyTimeout
        self.logger = logger
    }
}
