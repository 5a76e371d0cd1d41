/// Writes rows so that a row whose primary key is already stored follows the
/// table's ``ConflictPolicy`` instead of failing the batch.
///
/// COPY cannot skip duplicates, and re-ingestion (a gateway re-reading the
/// last minute after a reconnect) or a retried batch (the commit happened
/// but its acknowledgement was lost) produces them. PostgreSQL therefore
/// tries COPY first — the common case, where every row is new — and only
/// when COPY reports a unique violation rewrites the batch as
/// `INSERT … ON CONFLICT` statements in one transaction. SQLite has no COPY:
/// its `INSERT … ON CONFLICT` costs the same as a plain insert, so it goes
/// there directly.
enum IdempotentInsert {
    /// Most rows bound by one statement; chunks are powers of two up to this,
    /// so a table has at most eight distinct statements in the prepared-statement cache.
    static let maxRowsPerStatement = 256
    /// Stays below SQLite's 32 766 bound parameters per statement (PostgreSQL allows 65 535).
    static let maxParameters = 30_000

    static func write(_ rows: [[SQLValue]], into table: TableSpec, database: any SQLDatabase) async throws(StoreError) {
        guard !rows.isEmpty else { return }
        if database.dialect == .postgres {
            do {
                try await database.bulkInsert(table: table.ref.fullName, columns: table.columnNames, rows: rows)
                return
            } catch where error.isUniqueViolation {
                // Some rows are stored already; the statement path below keeps or updates them.
            }
        }
        let unique = deduplicated(rows, table: table)
        let chunks = chunked(unique, columns: table.columns.count)
        try await storeTransaction(database) { executor throws(StoreError) in
            for chunk in chunks {
                try await executor.execute(statement(table, rows: chunk.count, dialect: executor.dialect), chunk.flatMap { $0 })
            }
        }
    }

    /// One row per primary key: the first for ``ConflictPolicy/ignore`` (what
    /// the database keeps), the last for ``ConflictPolicy/update`` (what it ends
    /// with). PostgreSQL refuses an upsert that touches one row twice.
    static func deduplicated(_ rows: [[SQLValue]], table: TableSpec) -> [[SQLValue]] {
        let keyIndexes = table.primaryKey.compactMap(table.index(of:))
        var position: [[SQLValue]: Int] = [:]
        var result: [[SQLValue]] = []
        result.reserveCapacity(rows.count)
        for row in rows {
            let key = keyIndexes.map { row[$0] }
            if let existing = position[key] {
                if table.conflictPolicy == .update { result[existing] = row }
            } else {
                position[key] = result.count
                result.append(row)
            }
        }
        return result
    }

    /// Splits `rows` into chunks whose sizes are powers of two (largest first).
    static func chunked(_ rows: [[SQLValue]], columns: Int) -> [ArraySlice<[SQLValue]>] {
        var limit = 1
        while limit * 2 <= min(maxRowsPerStatement, maxParameters / max(columns, 1)) { limit *= 2 }
        var chunks: [ArraySlice<[SQLValue]>] = []
        var start = rows.startIndex
        var size = limit
        while start < rows.endIndex {
            while size > rows.endIndex - start { size /= 2 }
            chunks.append(rows[start..<start + size])
            start += size
        }
        return chunks
    }

    /// `INSERT INTO t (…) VALUES ($1, …), (…) ON CONFLICT (key) DO NOTHING | DO UPDATE SET …` for `rows` rows.
    static func statement(_ table: TableSpec, rows: Int, dialect: SQLDialect) -> String {
        let others = table.columnNames.filter { !table.primaryKey.contains($0) }
        let action = table.conflictPolicy == .update && !others.isEmpty
            ? "DO UPDATE SET " + others.map { "\(quoted($0)) = excluded.\(quoted($0))" }.joined(separator: ", ")
            : "DO NOTHING"
        return plainInsert(table, rows: rows, dialect: dialect) + " ON CONFLICT (\(list(table.primaryKey))) \(action)"
    }

    /// `INSERT INTO t (…) VALUES ($1, …), (…)` for `rows` rows, parameters numbered row by row.
    static func plainInsert(_ table: TableSpec, rows: Int, dialect: SQLDialect) -> String {
        let width = table.columns.count
        var values: [String] = []
        values.reserveCapacity(rows)
        for r in 0..<rows {
            values.append("(" + (1...width).map { "$\(r * width + $0)" }.joined(separator: ", ") + ")")
        }
        return "INSERT INTO \(table.ref.sql) (\(list(table.columnNames))) VALUES \(values.joined(separator: ", "))"
    }
}
