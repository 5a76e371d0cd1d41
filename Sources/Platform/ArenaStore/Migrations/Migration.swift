import ArenaWire

/// One step of a ``Migration``.
public enum MigrationStep: Sendable, Hashable {
    /// Creates a table with its indexes (and, on PostgreSQL, as a partitioned table).
    case createTable(TableSpec)
    /// Statements that differ by dialect and that the table builder does not
    /// express (triggers, functions). Each string is one statement.
    case statements(postgres: [String], sqlite: [String])

    /// The statements of this step in `dialect`.
    func statements(_ dialect: SQLDialect) -> [String] {
        switch self {
        case let .createTable(table): table.createStatements(dialect)
        case let .statements(postgres, sqlite): dialect == .postgres ? postgres : sqlite
        }
    }
}

/// A versioned, forward-only change to one service's schema.
///
/// Once applied somewhere, a migration is never edited: its checksum is
/// recorded and ``Migrator`` refuses to run when the code's checksum differs
/// from the recorded one. Changes go into a new migration with the next version.
public struct Migration: Sendable, Hashable {
    /// 1, 2, 3, … without gaps, per service.
    public let version: Int
    /// A short description (`initial market data tables`).
    public let name: String
    /// What it does, in order.
    public let steps: [MigrationStep]

    /// A migration.
    public init(version: Int, name: String, steps: [MigrationStep]) {
        self.version = version
        self.name = name
        self.steps = steps
    }

    /// Every statement, in order, for `dialect`.
    public func statements(_ dialect: SQLDialect) -> [String] {
        steps.flatMap { $0.statements(dialect) }
    }

    /// The hex SHA-256 of this dialect's statements: what the history table records.
    public func checksum(_ dialect: SQLDialect) -> String {
        // Statements are separated by a byte that cannot occur in SQL text, so
        // moving text across a statement boundary changes the checksum.
        CanonicalHash.hex(Array(statements(dialect).joined(separator: "\u{0}").utf8))
    }

    /// The tables this migration creates.
    public var tables: [TableSpec] {
        steps.compactMap { step in
            if case let .createTable(table) = step { table } else { nil }
        }
    }
}
