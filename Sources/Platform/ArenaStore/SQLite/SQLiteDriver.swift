import Logging

/// Opens SQLite databases: one connection on one thread.
enum SQLiteDriver {
    /// Opens (creating if needed) the database at `path` before returning,
    /// so a missing directory or a file that is not a database is reported here.
    static func open(path: String, options: StoreOptions) async throws(StoreError) -> PooledDatabase<SQLiteConnection> {
        let label = StoreURL.sqlite(path: path).description
        var logger = options.logger
        logger[metadataKey: "store"] = "\(label)"
        let connectionLogger = logger
        let timeout = options.sqliteBusyTimeout
        let capacity = options.statementCacheCapacity
        let database = PooledDatabase<SQLiteConnection>(dialect: .sqlite, label: label, poolSize: 1, logger: logger) {
            () throws(StoreError) in
            try SQLiteConnection(path: path, busyTimeout: timeout, statementCacheCapacity: capacity, logger: connectionLogger)
        }
        return try await database.opened(logger: logger)
    }
}
