/// One result row: column names and values, decoded by name into typed values.
public struct SQLRow: Sendable, Hashable {
    /// Column names, in result order.
    public let columns: [String]
    /// Values, in the same order.
    public let values: [SQLValue]

    /// A row of `values` named by `columns` (same length, same order).
    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of `column` as `T`; throws ``StoreError/decoding(column:reason:)``
    /// when the column is absent or does not convert exactly.
    public func decode<T: SQLValueConvertible>(_ column: String, as type: T.Type = T.self) throws(StoreError) -> T {
        guard let i = columns.firstIndex(of: column) else {
            throw StoreError.decoding(column: column, reason: "no such column (have \(columns.joined(separator: ", ")))")
        }
        return try T(sqlValue: values[i], column: column)
    }
}
