import CPostgres

/// Reading a `PGresult`: success checks, typed errors, and rows.
enum PostgresResult {
    /// True for the statuses of a statement that ran.
    static func succeeded(_ result: OpaquePointer?) -> Bool {
        guard let result else { return false }
        let status = PQresultStatus(result)
        return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY
    }

    /// The SQLSTATE of a failed result, or "" when libpq produced the error itself.
    static func state(_ result: OpaquePointer?) -> String {
        field(result, Diagnostic.sqlState) ?? ""
    }

    /// The typed error for a failed result: ``StoreError/connectionLost(reason:)``
    /// when the connection is broken (or the server is terminating it),
    /// otherwise ``StoreError/sql(state:message:statement:)`` with the SQLSTATE.
    static func error(_ result: OpaquePointer?, connection: OpaquePointer, statement: String) -> StoreError {
        let state = state(result)
        var message = field(result, Diagnostic.primaryMessage) ?? connectionMessage(connection)
        if let detail = field(result, Diagnostic.detail) { message += " (\(detail))" }
        // 57P01/57P02: the server is shutting this session down; the socket
        // closes right after, whether or not libpq has noticed yet.
        if PQstatus(connection) == CONNECTION_BAD || state == "57P01" || state == "57P02" {
            return .connectionLost(reason: message)
        }
        return .sql(state: state, message: message, statement: statement)
    }

    /// libpq's last error on `connection`, on one line.
    static func connectionMessage(_ connection: OpaquePointer) -> String {
        oneLine(PQerrorMessage(connection).map { String(cString: $0) } ?? "")
    }

    /// Rows changed by the statement ("" for statements that report none).
    static func affectedRows(_ result: OpaquePointer) -> Int {
        PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
    }

    /// The rows of a successful result, each value typed by its column's OID.
    static func rows(_ result: OpaquePointer) throws(StoreError) -> [SQLRow] {
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        guard rowCount > 0 else { return [] }
        let columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        let kinds = (0..<columnCount).map { PostgresColumnKind(oid: PQftype(result, $0)) }
        var rows: [SQLRow] = []
        rows.reserveCapacity(Int(rowCount))
        for r in 0..<rowCount {
            var values: [SQLValue] = []
            values.reserveCapacity(Int(columnCount))
            for c in 0..<columnCount {
                if PQgetisnull(result, r, c) == 1 {
                    values.append(.null)
                    continue
                }
                let bytes = UnsafeRawBufferPointer(start: PQgetvalue(result, r, c), count: Int(PQgetlength(result, r, c)))
                values.append(try kinds[Int(c)].decode(bytes, column: columns[Int(c)]))
            }
            rows.append(SQLRow(columns: columns, values: values))
        }
        return rows
    }

    /// `PG_DIAG_*` field codes; the header defines them as character
    /// literals, which Swift does not import.
    enum Diagnostic {
        static let sqlState = Int32(UInt8(ascii: "C"))
        static let primaryMessage = Int32(UInt8(ascii: "M"))
        static let detail = Int32(UInt8(ascii: "D"))
    }

    /// One diagnostic field of a failed result, on one line.
    static func field(_ result: OpaquePointer?, _ code: Int32) -> String? {
        guard let result, let text = PQresultErrorField(result, code) else { return nil }
        return oneLine(String(cString: text))
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingPrefix { $0 == "\t" || $0 == " " } }.joined(separator: " ")
    }
}
