/// Where the store lives: `sqlite:PATH` or `postgres://user[:password]@host[:port]/db[?param=value&…]`.
///
/// ``description`` never shows a password, so a parsed URL can be logged.
public enum StoreURL: Sendable, Hashable, CustomStringConvertible {
    /// An SQLite file (relative to the working directory, or absolute), or
    /// `:memory:` for a private in-memory database.
    case sqlite(path: String)
    /// A PostgreSQL server.
    case postgres(PostgresURL)

    /// The path SQLite uses for a private in-memory database.
    public static let sqliteMemoryPath = ":memory:"

    /// Parses `text`; throws ``StoreError/invalidURL(_:reason:)`` (with any
    /// password masked) saying what is wrong.
    public init(parsing text: String) throws(StoreError) {
        let lowered = text.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            self = .postgres(try PostgresURL(parsing: text))
        } else if lowered.hasPrefix("sqlite:") {
            self = .sqlite(path: try Self.sqlitePath(text.dropFirst("sqlite:".count), url: text))
        } else {
            let reason = text.isEmpty
                ? "the URL is empty"
                : "unknown scheme; expected postgres://user@host:port/db, postgresql://…, or sqlite:PATH"
            throw StoreError.invalidURL(URLText.redact(text), reason: reason)
        }
    }

    /// The SQL dialect of the database behind this URL.
    public var dialect: SQLDialect {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// The URL with any password replaced by `***`.
    public var description: String {
        switch self {
        case let .sqlite(path): "sqlite:\(path)"
        case let .postgres(url): url.description
        }
    }

    /// `sqlite:PATH`, `sqlite::memory:`, and the common `sqlite:///abs/path`
    /// spelling; `sqlite://host/…` names no file and is refused.
    private static func sqlitePath(_ rest: Substring, url: String) throws(StoreError) -> String {
        var path = rest
        if path.hasPrefix("//") {
            guard path.hasPrefix("///") else {
                throw StoreError.invalidURL(url, reason: "sqlite:// names a host, not a file; write sqlite:PATH, e.g. sqlite:var/arena.db or sqlite:/srv/arena.db")
            }
            path = path.dropFirst(2)
        }
        if path.isEmpty {
            throw StoreError.invalidURL(url, reason: "missing file path; write sqlite:PATH, or sqlite::memory: for an in-memory database")
        }
        if path.utf8.contains(0) {
            throw StoreError.invalidURL(url, reason: "the path contains a NUL byte")
        }
        return String(path)
    }
}

extension StoreURL: Decodable {
    /// Decodes from the URL text; a malformed URL is a `DecodingError` with the reason.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        do { self = try StoreURL(parsing: try container.decode(String.self)) } catch let error as StoreError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }
}
