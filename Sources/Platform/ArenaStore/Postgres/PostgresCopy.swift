import CPostgres

extension PostgresConnection {
    /// `COPY table (columns) FROM STDIN` in text format, streamed in chunks
    /// while rows are encoded, so memory stays flat however many rows come
    /// and the server parses one chunk while the next is being built.
    /// COPY is a single statement: all rows are stored or none.
    func bulkInsert(table: String, columns: [String], rows: [[SQLValue]]) throws(StoreError) {
        let sql = "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN"
        let start = PQexec(handle, sql)
        guard let start, PQresultStatus(start) == PGRES_COPY_IN else {
            defer { PQclear(start) }
            throw failure(start, sql)
        }
        PQclear(start)

        var chunk: [UInt8] = []
        chunk.reserveCapacity(Self.copyChunkBytes + 4096)
        var streamError: StoreError?
        do {
            for row in rows {
                for (i, value) in row.enumerated() {
                    if i > 0 { chunk.append(0x09) }
                    try PostgresText.append(value, to: &chunk, escapeCopy: true, statement: sql)
                }
                chunk.append(0x0A)
                if chunk.count >= Self.copyChunkBytes {
                    try send(chunk, sql)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            if !chunk.isEmpty { try send(chunk, sql) }
        } catch {
            streamError = error
        }
        // Ending with an error message makes the server abort the COPY, so
        // nothing of a half-sent batch is kept.
        let ended: Int32 = if let streamError {
            PQputCopyEnd(handle, "aborted by client: \(streamError)")
        } else {
            PQputCopyEnd(handle, nil)
        }
        var serverError: StoreError?
        if ended == -1 { serverError = failure(nil, sql) }
        while let result = PQgetResult(handle) {
            if serverError == nil, !PostgresResult.succeeded(result) { serverError = failure(result, sql) }
            PQclear(result)
        }
        if let error = streamError ?? serverError { throw error }
    }

    /// About 256 KiB per `PQputCopyData`: large enough to amortise the call,
    /// small enough to keep the server busy while the next chunk is built.
    private static let copyChunkBytes = 256 * 1024

    private func send(_ chunk: [UInt8], _ sql: String) throws(StoreError) {
        let sent = chunk.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32(buffer.count)) }
        }
        if sent != 1 { throw failure(nil, sql) }
    }
}
