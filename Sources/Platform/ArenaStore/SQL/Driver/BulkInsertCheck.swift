/// Checks a bulk insert before any SQL is built from its table and column names.
///
/// Names cannot be bound as parameters, so they are accepted only as plain
/// identifiers (`name` or `schema.name` of ASCII letters, digits and `_`)
/// and used unquoted, which keeps PostgreSQL's case folding the same as in
/// the migrations that created the table.
enum BulkInsertCheck {
    static func validate(table: String, columns: [String], rows: [[SQLValue]]) throws(StoreError) {
        let statement = "bulk insert into \(table.prefix(100))"
        guard isIdentifier(table, allowSchema: true) else {
            throw StoreError.invalidArgument("table name \"\(table.prefix(100))\" is not a plain identifier", statement: statement)
        }
        guard !columns.isEmpty else { throw StoreError.invalidArgument("no columns given", statement: statement) }
        for column in columns where !isIdentifier(column, allowSchema: false) {
            throw StoreError.invalidArgument("column name \"\(column.prefix(100))\" is not a plain identifier", statement: statement)
        }
        if let bad = rows.firstIndex(where: { $0.count != columns.count }) {
            throw StoreError.invalidArgument(
                "row \(bad) has \(rows[bad].count) values for \(columns.count) columns", statement: statement
            )
        }
    }

    private static func isIdentifier(_ name: String, allowSchema: Bool) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 1 || (allowSchema && parts.count == 2) else { return false }
        return parts.allSatisfy { part in
            guard let first = part.utf8.first, first < 0x80, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
                  part.utf8.count <= 63 else { return false }
            return part.utf8.allSatisfy { b in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || b == UInt8(ascii: "_")
            }
        }
    }
}
