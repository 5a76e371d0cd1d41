import Logging

/// Opens PostgreSQL databases: a pool of libpq connections, each on its own thread.
enum PostgresDriver {
    /// Connects the first pooled connection before returning, so an
    /// unreachable server or a refused login is reported here.
    static func open(_ url: PostgresURL, options: StoreOptions) async throws(StoreError) -> PooledDatabase<PostgresConnection> {
        var logger = options.logger
        logger[metadataKey: "store"] = "\(url)"
        let watch = PostgresLossWatch()
        let capacity = options.statementCacheCapacity
        let connectionLogger = logger
        let database = PooledDatabase<PostgresConnection>(
            dialect: .postgres, label: url.description, poolSize: options.poolSize, logger: logger
        ) { () throws(StoreError) in
            try PostgresConnection(url: url, statementCacheCapacity: capacity, watch: watch, logger: connectionLogger)
        }
        return try await database.opened(logger: logger, ["pool_size": "\(options.poolSize)"])
    }
}
