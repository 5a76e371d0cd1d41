/// The name of a table owned by one service: `<service>_<name>`
/// (`gateway_md_trades`), the same in both dialects.
///
/// Names are not schema-qualified, so on PostgreSQL the whole arena lives in
/// whichever schema the connection's `search_path` selects: several arenas
/// (paper and live, or parallel tests) can share one database, and every
/// statement is the same text on PostgreSQL and SQLite (ADR 0006).
/// Renderings are quoted, so no name collides with an SQL keyword.
public struct TableRef: Sendable, Hashable, CustomStringConvertible {
    /// The owning service (`gateway`), the table's prefix; nil for the
    /// store's own bookkeeping tables (`arena_migrations`).
    public let service: String?
    /// The table's name within its service (`md_trades`).
    public let name: String

    /// A table `name` owned by `service`.
    public init(service: String?, name: String) {
        self.service = service
        self.name = name
    }

    /// `service_name`: the table's name in the database. Unique across the
    /// arena, so it also prefixes the table's indexes, triggers and partitions.
    public var fullName: String {
        if let service { "\(service)_\(name)" } else { name }
    }

    /// The quoted name for statements.
    public var sql: String { quoted(fullName) }

    /// The table's name in the database.
    public var description: String { fullName }
}

/// `identifier` in double quotes. Identifiers here come from code, never from
/// input, but a quote inside one is still doubled so the result is always valid.
func quoted(_ identifier: String) -> String {
    var out = "\""
    for character in identifier {
        if character == "\"" { out += "\"\"" } else { out.append(character) }
    }
    return out + "\""
}
