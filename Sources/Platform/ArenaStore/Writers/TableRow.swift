import ArenaCore

/// A value stored as one row of one table: how it becomes the row's values
/// (in ``TableSpec/columns`` order) and how it is read back.
///
/// Conforming types can be written by a ``BatchWriter`` through a ``TableSink``.
public protocol TableRow: Sendable {
    /// The table rows of this type go to.
    static var table: TableSpec { get }
    /// The row's values, one per column of ``table``, in column order.
    var sqlValues: [SQLValue] { get }
    /// Reads a row selected with ``table``'s column names.
    init(row: SQLRow) throws(StoreError)
}

extension TableRow {
    /// `SELECT <every column> FROM <table>` in `dialect`, for reading rows back with ``init(row:)``.
    public static func selectAll(_ dialect: SQLDialect) -> String {
        "SELECT \(list(table.columnNames)) FROM \(table.ref.sql)"
    }
}

extension SQLRow {
    /// A validated identifier (``Symbol``, ``VenueID``, …) from a text column;
    /// text that fails the identifier's rule is a decoding error naming the column.
    public func identifier<T: StringIdentifier>(_ column: String, as type: T.Type = T.self) throws(StoreError) -> T {
        let text: String = try decode(column)
        do { return try T(text) } catch { throw StoreError.decoding(column: column, reason: error.description) }
    }

    /// A ``WireEnum`` case from its raw text; an unknown value names the allowed ones.
    public func wireEnum<T: WireEnum>(_ column: String, as type: T.Type = T.self) throws(StoreError) -> T {
        let text: String = try decode(column)
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw StoreError.decoding(column: column, reason: "\"\(text.prefix(64))\" is not one of \(allowed)")
        }
        return value
    }
}
