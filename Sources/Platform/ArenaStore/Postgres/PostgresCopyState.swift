import CPostgres

/// Getting a connection out of COPY mode when `execute` or `query` was
/// handed a `COPY … FROM STDIN / TO STDOUT`, which needs a data stream
/// only ``SQLDatabase/bulkInsert(table:columns:rows:)`` provides.
/// Left in COPY mode the connection would be unusable for every later caller.
enum PostgresCopyState {
    /// True for a result that put the connection into COPY mode.
    static func isCopy(_ result: OpaquePointer) -> Bool {
        let status = PQresultStatus(result)
        return status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH
    }

    /// Ends the COPY that `result` started (failing a COPY FROM on the
    /// server, reading a COPY TO to its end), drains the remaining results,
    /// and returns the error to report. Clears `result`.
    static func abandon(_ result: OpaquePointer, _ connection: PostgresConnection, statement: String) -> StoreError {
        let handle = connection.handle
        let status = PQresultStatus(result)
        PQclear(result)
        if status != PGRES_COPY_OUT, PQputCopyEnd(handle, "COPY with STDIN/STDOUT is only available through bulkInsert") == -1 {
            return connection.failure(nil, statement)
        }
        var buffer: UnsafeMutablePointer<CChar>?
        while PQgetCopyData(handle, &buffer, 0) > 0 { PQfreemem(buffer) }
        while let result = PQgetResult(handle) { PQclear(result) }
        return .sql(state: "0A000", message: "COPY with STDIN/STDOUT is not supported here; use bulkInsert", statement: statement)
    }
}
