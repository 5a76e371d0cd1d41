import ArenaCore

/// Appends to the hash-chained audit log (``AuditTables/log``).
///
/// Each append runs in one transaction that takes the chain's lock (a
/// PostgreSQL advisory lock; SQLite's single writer), reads the last row,
/// and inserts the new rows with the next sequence numbers and hashes, so
/// concurrent appenders — several services, several replicas — still form
/// one gap-free chain. Appending is idempotent on `(kind, ref)`.
///
/// For throughput and for surviving an outage, put it behind a
/// ``BatchWriter`` with an ``AuditSink`` and use ``BatchWriter/submitAndWait(_:whenDegraded:)``.
public struct AuditLog: Sendable {
    /// Largest body accepted (the length prefix in the canonical bytes is 32 bits; audit records are small).
    public static let maxBodyBytes = 16 << 20
    /// Longest `kind` or `ref` accepted, in UTF-8 bytes.
    public static let maxTextBytes = 1024

    /// The database.
    public let database: any SQLDatabase
    /// The source of `recorded_at`.
    public let clock: any ArenaClock

    /// An audit log in `database` (migrated with ``ServiceSchema/audit``).
    public init(database: any SQLDatabase, clock: any ArenaClock = WallClock()) {
        self.database = database
        self.clock = clock
    }

    /// Appends `entries` in order and returns their stored records, one per
    /// entry. An entry whose kind and ref are already recorded (a retry) is
    /// not appended again; its existing record is returned. The same kind and
    /// ref with a different body is refused: that would be two different
    /// facts under one id.
    @discardableResult
    public func append(_ entries: [AuditEntry]) async throws(StoreError) -> [AuditRecord] {
        guard !entries.isEmpty else { return [] }
        for entry in entries { try Self.check(entry) }
        let now = clock.now()
        return try await storeTransaction(database) { executor throws(StoreError) -> [AuditRecord] in
            try await AdvisoryLock.acquire("arena.audit.append", on: executor)
            var known = try await Self.recorded(refs: entries.map(\.ref), on: executor)
            var (seq, previous) = try await Self.last(on: executor)
            var result: [AuditRecord] = []
            var fresh: [[SQLValue]] = []
            for entry in entries {
                let key = Key(kind: entry.kind, ref: entry.ref)
                if let record = known[key] {
                    guard record.body == entry.body else {
                        throw StoreError.invalidArgument(
                            "audit \(entry.kind) \(entry.ref) is already recorded at seq \(record.seq) with a different body",
                            statement: "audit append"
                        )
                    }
                    result.append(record)
                    continue
                }
                seq += 1
                let hash = AuditChain.hash(prevHash: previous, seq: seq, kind: entry.kind, ref: entry.ref, recordedAt: now, body: entry.body)
                let record = AuditRecord(
                    seq: seq, kind: entry.kind, ref: entry.ref, recordedAt: now, body: entry.body, prevHash: previous, hash: hash
                )
                known[key] = record
                result.append(record)
                fresh.append(record.sqlValues)
                previous = hash
            }
            let table = AuditTables.log
            for chunk in IdempotentInsert.chunked(fresh, columns: table.columns.count) {
                try await executor.execute(
                    IdempotentInsert.plainInsert(table, rows: chunk.count, dialect: executor.dialect), chunk.flatMap { $0 }
                )
            }
            return result
        }
    }

    /// Appends one entry; see ``append(_:)-(_)``.
    @discardableResult
    public func append(kind: AuditKind, ref: String, body: [UInt8]) async throws(StoreError) -> AuditRecord {
        let records = try await append([AuditEntry(kind: kind, ref: ref, body: body)])
        return records[0]
    }

    /// The last row, or nil when the log is empty.
    public func head() async throws(StoreError) -> AuditRecord? {
        let rows = try await database.query("\(Self.select(database.dialect)) ORDER BY seq DESC LIMIT 1", [])
        return try rows.first.map { row throws(StoreError) in try AuditRecord(row: row) }
    }

    /// The row at `seq`, if present.
    public func record(seq: Int64) async throws(StoreError) -> AuditRecord? {
        let rows = try await database.query("\(Self.select(database.dialect)) WHERE seq = $1", [.integer(seq)])
        return try rows.first.map { row throws(StoreError) in try AuditRecord(row: row) }
    }

    /// `SELECT <all columns> FROM <audit log>`.
    static func select(_ dialect: SQLDialect) -> String {
        "SELECT \(list(AuditTables.log.columnNames)) FROM \(AuditTables.log.ref.sql)"
    }

    struct Key: Hashable {
        let kind: AuditKind
        let ref: String
    }

    static func check(_ entry: AuditEntry) throws(StoreError) {
        guard entry.body.count <= maxBodyBytes, entry.kind.rawValue.utf8.count <= maxTextBytes,
              entry.ref.utf8.count <= maxTextBytes, !entry.kind.rawValue.isEmpty, !entry.ref.isEmpty else {
            throw StoreError.invalidArgument(
                "audit entry \(entry.kind) \(entry.ref.prefix(64)): kind and ref must be 1–\(maxTextBytes) bytes and the body at most \(maxBodyBytes) bytes",
                statement: "audit append"
            )
        }
    }

    /// Records already stored under any of `refs` (any kind).
    static func recorded(refs: [String], on executor: any SQLExecutor) async throws(StoreError) -> [Key: AuditRecord] {
        var found: [Key: AuditRecord] = [:]
        let unique = Array(Set(refs))
        var start = 0
        while start < unique.count {
            let chunk = unique[start..<min(start + IdempotentInsert.maxRowsPerStatement, unique.count)]
            let placeholders = (1...chunk.count).map { "$\($0)" }.joined(separator: ", ")
            let rows = try await executor.query("\(select(executor.dialect)) WHERE ref IN (\(placeholders))", chunk.map { .text($0) })
            for row in rows {
                let record = try AuditRecord(row: row)
                found[Key(kind: record.kind, ref: record.ref)] = record
            }
            start += chunk.count
        }
        return found
    }

    /// The last row's seq and hash, or (0, genesis) for an empty log.
    static func last(on executor: any SQLExecutor) async throws(StoreError) -> (Int64, [UInt8]) {
        let rows = try await executor.query(
            "SELECT seq, hash FROM \(AuditTables.log.ref.sql) ORDER BY seq DESC LIMIT 1", []
        )
        guard let row = rows.first else { return (0, AuditChain.genesis) }
        return (try row.decode("seq"), try row.decode("hash"))
    }
}
