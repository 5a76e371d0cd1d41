/// What a column holds, rendered to the matching type of each dialect.
///
/// Exact values stay exact on both: decimals are `NUMERIC` on PostgreSQL and
/// canonical text on SQLite (``FixedDecimal``'s description), times are
/// integer nanoseconds since the epoch (UTC), booleans are 0/1 integers
/// (so both dialects bind and read them the same way).
public enum ColumnType: Sendable, Hashable {
    /// A 64-bit integer (ids, counts, sequence numbers).
    case integer
    /// An exact decimal: price, quantity, money, fee, rate.
    case decimal
    /// UTF-8 text.
    case text
    /// Raw bytes: hashes, encoded bodies.
    case bytes
    /// A ``Timestamp``: nanoseconds since the epoch.
    case timestamp
    /// 0 or 1, checked.
    case boolean
    /// A binary floating-point number, only for statistics (Sharpe, confidence), never money.
    case real
    /// A JSON document kept as text (`jsonb` would reorder keys and so change the bytes we stored).
    case json

    /// The column type in `dialect`.
    func sql(_ dialect: SQLDialect) -> String {
        switch (self, dialect) {
        case (.integer, .postgres), (.timestamp, .postgres): "BIGINT"
        case (.integer, .sqlite), (.timestamp, .sqlite), (.boolean, .sqlite): "INTEGER"
        case (.decimal, .postgres): "NUMERIC"
        case (.decimal, .sqlite), (.text, _), (.json, _): "TEXT"
        case (.bytes, .postgres): "BYTEA"
        case (.bytes, .sqlite): "BLOB"
        case (.boolean, .postgres): "SMALLINT"
        case (.real, .postgres): "DOUBLE PRECISION"
        case (.real, .sqlite): "REAL"
        }
    }
}

/// One column of a ``TableSpec``.
public struct Column: Sendable, Hashable {
    /// The column's name (lower-case snake case).
    public let name: String
    /// What it holds.
    public let type: ColumnType
    /// Whether it may be NULL.
    public let nullable: Bool

    /// A column; NOT NULL unless `nullable`.
    public init(_ name: String, _ type: ColumnType, nullable: Bool = false) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }

    /// The column's definition inside `CREATE TABLE` for `dialect`.
    func definition(_ dialect: SQLDialect) -> String {
        var text = "\(quoted(name)) \(type.sql(dialect))"
        if !nullable { text += " NOT NULL" }
        if type == .boolean { text += " CHECK (\(quoted(name)) IN (0, 1))" }
        return text
    }
}
