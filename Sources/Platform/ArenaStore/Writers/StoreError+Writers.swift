extension StoreError {
    /// Whether writing the same rows again can never succeed, so a writer
    /// should stop retrying them: the data or the statement is wrong (a
    /// constraint, a type, a missing table, a refused trigger), not the
    /// database's availability.
    ///
    /// Anything else — lost connections, a server shutting down or starting
    /// (SQLSTATE classes 08, 53, 57), SQLite busy or I/O errors, and codes not
    /// recognised here — is treated as an outage and retried: a lossless
    /// writer must prefer buffering and alerting over discarding rows on an
    /// error it does not understand.
    var isPermanentWriteFailure: Bool {
        if isTransient { return false }
        switch self {
        case .connectionLost, .unreachable: return false
        case .closed, .invalidURL, .decoding, .migration, .backlogFull: return true
        case let .sql(state, _, _):
            if state.hasPrefix("SQLITE_") {
                return Self.permanentSQLite.contains { state == $0 || state.hasPrefix($0 + "_") }
            }
            return Self.permanentSQLStateClasses.contains(String(state.prefix(2)))
        }
    }

    /// SQLSTATE classes of program or data errors: cardinality (21), data
    /// exception (22), integrity constraint (23), SQL routine and external
    /// routine exceptions (2F, 39), invalid schema or catalog name (3D, 3F),
    /// syntax or access rule (42), check option (44), feature not supported
    /// (0A), PL/pgSQL `RAISE` (P0, the audit log's append-only trigger).
    private static let permanentSQLStateClasses: Set<String> = ["0A", "21", "22", "23", "2F", "39", "3D", "3F", "42", "44", "P0"]

    /// SQLite result codes (and their extended forms) of program or data
    /// errors: a generic SQL error (`SQLITE_ERROR`: syntax, no such table, a
    /// trigger's RAISE), constraints, type mismatch, oversized values, a
    /// parameter out of range, API misuse.
    private static let permanentSQLite = [
        "SQLITE_ERROR", "SQLITE_CONSTRAINT", "SQLITE_MISMATCH", "SQLITE_TOOBIG", "SQLITE_RANGE", "SQLITE_MISUSE",
    ]
}
