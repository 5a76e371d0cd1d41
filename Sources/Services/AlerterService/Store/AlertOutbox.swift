import ArenaCore
import ArenaStore
import Foundation

/// The alerter's persistent outbox (``AlerterTables``): alerts are recorded with a pending
/// delivery per destination before anything is sent, each delivery's progress as it goes, and
/// on start whatever is still pending is read back.
struct AlertOutbox: Sendable {
    let database: any SQLDatabase

    /// A delivery still due.
    struct Pending: Sendable {
        var destination: String
        var alert: Alert
        var attempts: Int
        var partsSent: Int
    }

    /// A de-duplication window open at the last stop: its leader and the repeats not yet summarised.
    struct OpenWindow: Sendable {
        var leader: Alert
        var openedAt: Timestamp
        var repeats: [Alert]
    }

    /// A delivery's states.
    enum State: String {
        case pending, delivered, failed, skipped
    }

    private var alerts: String { AlerterTables.alerts.ref.sql }
    private var deliveries: String { AlerterTables.deliveries.ref.sql }

    /// The highest sequence number recorded (0 when empty).
    func lastSeq() async throws -> Int64 {
        let rows = try await database.query("SELECT MAX(seq) AS last FROM \(alerts)", [])
        return (try? rows.first?.decode("last", as: Int64.self)) ?? 0
    }

    /// Records `alert` as sent to `destinations` (one pending delivery each) and marks
    /// `summarised` repeats as digested, in one transaction; false when the alert was already
    /// recorded (a redelivery), in which case nothing changes.
    func recordRouted(_ alert: Alert, seq: Int64, at now: Timestamp, destinations: [String], summarised: [String] = []) async throws -> Bool {
        let body = try Self.encode(alert)
        let (alerts, deliveries) = (alerts, deliveries)
        return try await database.transaction { tx in
            let inserted = try await tx.execute(
                "INSERT INTO \(alerts) (id, seq, received_at, kind, severity, state, leader_id, body) VALUES ($1, $2, $3, $4, $5, 'routed', NULL, $6) ON CONFLICT DO NOTHING",
                [.text(alert.id), .integer(seq), now.sqlValue, .text(alert.kind), .text(alert.severity.rawValue), .text(body)]
            )
            guard inserted > 0 else { return false }
            for destination in destinations {
                _ = try await tx.execute(
                    "INSERT INTO \(deliveries) (destination, alert_id, seq, state, attempts, parts_sent, last_error, updated_at) VALUES ($1, $2, $3, 'pending', 0, 0, NULL, $4)",
                    [.text(destination), .text(alert.id), .integer(seq), now.sqlValue]
                )
            }
            for id in summarised {
                _ = try await tx.execute("UPDATE \(alerts) SET state = 'digested' WHERE id = $1 AND state = 'collapsed'", [.text(id)])
            }
            return true
        }
    }

    /// Records `alert` as a repeat of `leader`, not sent; false when it was already recorded.
    func recordCollapsed(_ alert: Alert, seq: Int64, at now: Timestamp, leader: String) async throws -> Bool {
        try await database.execute(
            "INSERT INTO \(alerts) (id, seq, received_at, kind, severity, state, leader_id, body) VALUES ($1, $2, $3, $4, $5, 'collapsed', $6, $7) ON CONFLICT DO NOTHING",
            [.text(alert.id), .integer(seq), now.sqlValue, .text(alert.kind), .text(alert.severity.rawValue), .text(leader), .text(try Self.encode(alert))]
        ) > 0
    }

    /// Records a delivery's progress.
    func update(destination: String, alertID: String, state: State, attempts: Int, partsSent: Int, error: String?, at now: Timestamp) async throws {
        _ = try await database.execute(
            "UPDATE \(deliveries) SET state = $1, attempts = $2, parts_sent = $3, last_error = $4, updated_at = $5 WHERE destination = $6 AND alert_id = $7",
            [.text(state.rawValue), .integer(Int64(attempts)), .integer(Int64(partsSent)), error.map(SQLValue.text) ?? .null, now.sqlValue, .text(destination), .text(alertID)]
        )
    }

    /// Every pending delivery, in receive order.
    func pending() async throws -> [Pending] {
        let rows = try await database.query(
            "SELECT d.destination, d.attempts, d.parts_sent, a.body FROM \(deliveries) d JOIN \(alerts) a ON a.id = d.alert_id "
                + "WHERE d.state = 'pending' ORDER BY d.seq, d.destination", []
        )
        return try rows.map { row in
            Pending(
                destination: try row.decode("destination"), alert: try Self.decode(try row.decode("body")),
                attempts: Int(try row.decode("attempts", as: Int64.self)), partsSent: Int(try row.decode("parts_sent", as: Int64.self))
            )
        }
    }

    /// The windows with repeats not yet summarised, and the leaders received since `since`
    /// (whose windows may still be open).
    func openWindows(since: Timestamp) async throws -> [OpenWindow] {
        let leaders = try await database.query(
            "SELECT body, received_at FROM \(alerts) WHERE state = 'routed' AND (received_at >= $1 OR id IN (SELECT leader_id FROM \(alerts) WHERE state = 'collapsed')) ORDER BY seq",
            [since.sqlValue]
        )
        let repeats = try await database.query("SELECT leader_id, body FROM \(alerts) WHERE state = 'collapsed' ORDER BY seq", [])
        var byLeader: [String: [Alert]] = [:]
        for row in repeats { byLeader[try row.decode("leader_id"), default: []].append(try Self.decode(try row.decode("body"))) }
        return try leaders.map { row in
            let leader = try Self.decode(try row.decode("body"))
            return OpenWindow(leader: leader, openedAt: try row.decode("received_at"), repeats: byLeader[leader.id] ?? [])
        }
    }

    static func encode(_ alert: Alert) throws -> String {
        String(decoding: try JSONEncoder().encode(alert), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> Alert {
        try JSONDecoder().decode(Alert.self, from: Data(text.utf8))
    }
}
