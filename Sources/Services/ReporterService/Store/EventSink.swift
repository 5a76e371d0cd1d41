import ArenaCore
import ArenaStore
import Logging

/// The index row of a recorded event (``ReporterTables/events``).
struct EventIndexRow: TableRow {
    static let table = ReporterTables.events
    var seq: Int64
    var kind: String
    var model: String
    var decisionID: String?
    var marketTime: Timestamp

    var sqlValues: [SQLValue] { [.integer(seq), .text(kind), .text(model), decisionID.map(SQLValue.text) ?? .null, marketTime.sqlValue] }

    init(seq: Int64, kind: String, model: String, decisionID: String?, marketTime: Timestamp) {
        self.seq = seq
        self.kind = kind
        self.model = model
        self.decisionID = decisionID
        self.marketTime = marketTime
    }

    init(row: SQLRow) throws(StoreError) {
        self.init(
            seq: try row.decode("seq"), kind: try row.decode("kind"), model: try row.decode("model"),
            decisionID: try row.decode("decision_id", as: String?.self), marketTime: try row.decode("market_time")
        )
    }
}

/// Appends recorded events to the audit log, then indexes them under the sequence numbers the log
/// gave them. A retried batch is harmless: the log returns the rows it already holds and the index
/// keeps its rows. An event whose ref the log holds with another body (a different fact under the
/// same id) is logged and skipped rather than failing the batch for ever.
struct EventSink: BatchSink {
    let log: AuditLog
    let logger: Logger

    func write(_ rows: [RecordedEvent]) async throws(StoreError) {
        let records: [(RecordedEvent, AuditRecord)]
        do {
            records = Array(zip(rows, try await log.append(rows.map(\.entry))))
        } catch StoreError.sql(state: "22023", let reason, _) {
            records = try await appendOneByOne(rows, firstFailure: reason)
        }
        let index = records.map { event, record in
            EventIndexRow(seq: record.seq, kind: record.kind.rawValue, model: event.model, decisionID: event.decisionID, marketTime: event.marketTime)
        }
        try await TableSink<EventIndexRow>(database: log.database).write(index)
    }

    private func appendOneByOne(_ rows: [RecordedEvent], firstFailure: String) async throws(StoreError) -> [(RecordedEvent, AuditRecord)] {
        logger.warning("an event conflicts with the audit log; appending the batch one by one", metadata: ["reason": "\(firstFailure)"])
        var records: [(RecordedEvent, AuditRecord)] = []
        for row in rows {
            do {
                records.append((row, try await log.append([row.entry])[0]))
            } catch StoreError.sql(state: "22023", let reason, _) {
                logger.error("event not recorded: the audit log holds another fact under its id", metadata: [
                    "kind": "\(row.entry.kind)", "ref": "\(row.entry.ref)", "reason": "\(reason)",
                ])
            }
        }
        return records
    }
}

/// A NAV point as stored (``ReporterTables/nav``), exact decimal text.
struct NAVRow: TableRow {
    static let table = ReporterTables.nav
    var model: String
    var timeMilliseconds: Int64
    var nav: String

    var sqlValues: [SQLValue] { [.text(model), .integer(timeMilliseconds), .text(nav)] }

    init(model: String, timeMilliseconds: Int64, nav: String) {
        self.model = model
        self.timeMilliseconds = timeMilliseconds
        self.nav = nav
    }

    init(row: SQLRow) throws(StoreError) {
        self.init(model: try row.decode("model"), timeMilliseconds: try row.decode("time_ms"), nav: try row.decode("nav"))
    }
}
