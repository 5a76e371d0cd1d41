/// Questions callers ask of an error without matching on driver-specific codes.
extension StoreError {
    /// True when a UNIQUE or PRIMARY KEY constraint rejected the row:
    /// SQLSTATE 23505 on PostgreSQL, `SQLITE_CONSTRAINT_UNIQUE` or
    /// `SQLITE_CONSTRAINT_PRIMARYKEY` on SQLite. Idempotent writers treat it
    /// as "already stored".
    public var isUniqueViolation: Bool {
        guard case let .sql(state, _, _) = self else { return false }
        return state == "23505" || state == "SQLITE_CONSTRAINT_UNIQUE" || state == "SQLITE_CONSTRAINT_PRIMARYKEY"
    }

    /// True when the same operation may succeed if retried later, on a fresh
    /// connection or after back-off: the connection was lost, the server is
    /// unreachable, PostgreSQL chose this transaction as a serialization or
    /// deadlock victim (40001, 40P01), or SQLite stayed busy past its timeout.
    public var isTransient: Bool {
        switch self {
        case .connectionLost, .unreachable: true
        case let .sql(state, _, _):
            state == "40001" || state == "40P01" || state.hasPrefix("SQLITE_BUSY") || state.hasPrefix("SQLITE_LOCKED")
        default: false
        }
    }
}

extension StoreError {
    /// A misuse of the API detected before any SQL reached the database
    /// (wrong row width, a table or column name that is not a plain identifier).
    /// SQLSTATE 22023 is "invalid parameter value" in both dialects' vocabulary.
    static func invalidArgument(_ message: String, statement: String) -> StoreError {
        .sql(state: "22023", message: message, statement: statement)
    }
}
