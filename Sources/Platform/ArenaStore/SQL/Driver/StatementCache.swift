/// A per-connection cache of prepared statements keyed by SQL text, with
/// least-recently-used eviction so a service issuing many distinct
/// statements does not grow server or library memory without bound.
struct StatementCache<Statement> {
    private var entries: [String: (statement: Statement, lastUse: UInt64)] = [:]
    private var clock: UInt64 = 0
    /// The most statements kept.
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Statements currently cached.
    var count: Int { entries.count }

    /// The statement prepared for `sql`, marked as just used.
    mutating func statement(for sql: String) -> Statement? {
        guard let entry = entries[sql] else { return nil }
        clock += 1
        entries[sql] = (entry.statement, clock)
        return entry.statement
    }

    /// Caches `statement` for `sql`; returns the statement it displaced (the
    /// previous one for `sql`, or the least recently used when full), which
    /// the caller must release.
    mutating func insert(_ statement: Statement, for sql: String) -> Statement? {
        clock += 1
        var evicted: Statement?
        if let previous = entries[sql] {
            evicted = previous.statement
        } else if entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            evicted = entries.removeValue(forKey: oldest.key)?.statement
        }
        entries[sql] = (statement, clock)
        return evicted
    }

    /// Forgets the statement for `sql` and returns it for release.
    mutating func remove(_ sql: String) -> Statement? {
        entries.removeValue(forKey: sql)?.statement
    }

    /// Forgets every statement and returns them for release.
    mutating func removeAll() -> [Statement] {
        defer { entries.removeAll() }
        return entries.values.map(\.statement)
    }
}
