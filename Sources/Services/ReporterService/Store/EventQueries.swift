import ArenaCore
import ArenaStore

/// One recorded event as read back: its audit-log row and index.
public struct StoredEvent: Sendable {
    public var seq: Int64
    public var kind: String
    public var model: String
    public var decisionID: String?
    public var body: [UInt8]
}

/// A page of events, newest first, and the cursor of the next (older) page.
public struct EventPage: Sendable {
    public var events: [StoredEvent]
    public var nextCursor: Int64?
}

/// Reads recorded events back from the store: pages by kind (and model), and everything about one
/// decision.
public struct EventQueries: Sendable {
    let database: any SQLDatabase

    static let select = """
        SELECT e.seq AS seq, e.kind AS kind, e.model AS model, e.decision_id AS decision_id, a.body AS body \
        FROM \(ReporterTables.events.ref.sql) e JOIN \(AuditTables.log.ref.sql) a ON a.seq = e.seq
        """

    /// Events of `kind` (of `model` when given) older than `cursor`, newest first, `limit` of them.
    public func page(kind: AuditKind, model: String?, before cursor: Int64?, limit: Int) async throws(StoreError) -> EventPage {
        var sql = Self.select + " WHERE e.kind = $1"
        var parameters: [SQLValue] = [.text(kind.rawValue)]
        if let model {
            parameters.append(.text(model))
            sql += " AND e.model = $\(parameters.count)"
        }
        if let cursor {
            parameters.append(.integer(cursor))
            sql += " AND e.seq < $\(parameters.count)"
        }
        parameters.append(.integer(Int64(limit) + 1))
        sql += " ORDER BY e.seq DESC LIMIT $\(parameters.count)"
        var events = try await database.query(sql, parameters).map(Self.event)
        let more = events.count > limit
        if more { events.removeLast() }
        return EventPage(events: events, nextCursor: more ? events.last?.seq : nil)
    }

    /// Every event recorded about `decision`, in the order recorded.
    public func events(ofDecision decision: String) async throws(StoreError) -> [StoredEvent] {
        try await database.query(Self.select + " WHERE e.decision_id = $1 ORDER BY e.seq", [.text(decision)]).map(Self.event)
    }

    /// Every recorded event from `after` on, oldest first, a page at a time (the restart replay).
    public func all(after: Int64, limit: Int) async throws(StoreError) -> [StoredEvent] {
        try await database.query(Self.select + " WHERE e.seq > $1 ORDER BY e.seq LIMIT $2", [.integer(after), .integer(Int64(limit))]).map(Self.event)
    }

    /// The stored NAV curves, oldest first per model.
    public func navCurves() async throws(StoreError) -> [String: [(Int64, String)]] {
        let rows = try await database.query("SELECT model, time_ms, nav FROM \(ReporterTables.nav.ref.sql) ORDER BY model, time_ms", [])
        var curves: [String: [(Int64, String)]] = [:]
        for row in rows {
            curves[try row.decode("model", as: String.self), default: []].append((try row.decode("time_ms"), try row.decode("nav")))
        }
        return curves
    }

    static func event(_ row: SQLRow) throws(StoreError) -> StoredEvent {
        StoredEvent(
            seq: try row.decode("seq"), kind: try row.decode("kind"), model: try row.decode("model"),
            decisionID: try row.decode("decision_id", as: String?.self), body: try row.decode("body")
        )
    }
}
