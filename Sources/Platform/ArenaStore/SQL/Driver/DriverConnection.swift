/// One blocking database connection, used only on its worker's thread.
///
/// The two drivers implement this; everything above it (the pool,
/// transactions, thread hops) is shared. Every method blocks.
protocol DriverConnection: AnyObject, SendableMetatype {
    /// Runs one statement with bound parameters, or, with no parameters, a
    /// script of one or more statements; returns rows changed by the last.
    func execute(_ sql: String, _ parameters: [SQLValue]) throws(StoreError) -> Int
    /// Runs one statement and returns its rows.
    func query(_ sql: String, _ parameters: [SQLValue]) throws(StoreError) -> [SQLRow]
    /// Starts a transaction.
    func begin() throws(StoreError)
    /// Commits; on failure the transaction is over (rolled back) either way.
    func commit() throws(StoreError)
    /// Rolls back if a transaction is open; never throws, because it runs
    /// on error paths whose original error is the one to report.
    func rollback()
    /// Inserts all rows or none. Table and column names are already checked
    /// identifiers and row widths match.
    func bulkInsert(table: String, columns: [String], rows: [[SQLValue]]) throws(StoreError)
    /// Called before every job. False when the connection is known or
    /// suspected to be broken and must be replaced. Unless `pinned` (the job
    /// belongs to a transaction), a transaction left open by a raw `BEGIN`
    /// is rolled back, so it cannot leak into the next caller's statements.
    func prepareForUse(pinned: Bool) -> Bool
    /// Prepared statements currently cached (diagnostics and tests).
    var cachedStatementCount: Int { get }
    /// Releases the connection and its statements.
    func close()
}
