/// The entry point: opens the store a URL names.
///
/// ```swift
/// let db = try await Store.open(url: "postgres://arena@db:5432/arena")
/// let db = try await Store.open(url: "sqlite:var/arena.db")
/// ```
public enum Store {
    /// Opens `url` (`postgres://…`, `postgresql://…` or `sqlite:PATH`) and
    /// connects before returning. Throws ``StoreError/invalidURL(_:reason:)``
    /// for a malformed URL and ``StoreError/unreachable(_:reason:)`` (with
    /// libpq's or SQLite's reason) when the database cannot be reached or
    /// opened; neither message ever contains the password.
    public static func open(url: String, options: StoreOptions = StoreOptions()) async throws(StoreError) -> any SQLDatabase {
        let parsed: StoreURL
        do {
            parsed = try StoreURL(parsing: url)
        } catch {
            options.logger.error("invalid store URL", metadata: ["error": "\(error)"])
            throw error
        }
        return try await open(parsed, options: options)
    }

    /// Opens an already parsed URL; see ``open(url:options:)``.
    public static func open(_ url: StoreURL, options: StoreOptions = StoreOptions()) async throws(StoreError) -> any SQLDatabase {
        var options = options
        if options.poolSize < 1 {
            options.logger.warning("pool size \(options.poolSize) is below 1; using 1")
            options.poolSize = 1
        }
        switch url {
        case let .sqlite(path): return try await SQLiteDriver.open(path: path, options: options)
        case let .postgres(postgres): return try await PostgresDriver.open(postgres, options: options)
        }
    }
}
