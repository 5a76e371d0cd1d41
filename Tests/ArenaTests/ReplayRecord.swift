import ArenaCore
import ArenaStore
import ArenaWire
import Foundation

/// What a replay left in the feature engine's tables, in a form two runs can
/// be compared by: every round's tick and snapshot hash, and every decision
/// without what depends on the wall clock (its latency, the worker that
/// answered).
struct ReplayRecord: Equatable, CustomStringConvertible {
    /// Tick (ms) → the SHA-256 of the snapshot every model saw.
    var snapshots: [Int64: String]
    /// Decision id → the recorded decision, latency and worker cleared.
    var decisions: [String: ModelDecision]
    /// Rounds not closed yet.
    var openRounds: Int

    /// Reads the record from the store at `url`.
    static func read(_ url: String) async throws -> ReplayRecord {
        let database = try await Store.open(url: url)
        defer { Task { await database.close() } }
        let rounds = try await database.query(
            """
            SELECT r.tick_time AS tick, s.snapshot_hash AS hash, r.closed_at AS closed
            FROM features_rounds r JOIN features_snapshots s ON s.round_id = r.round_id
            """, []
        )
        var snapshots: [Int64: String] = [:]
        var open = 0
        for row in rounds {
            snapshots[try row.decode("tick", as: Timestamp.self).milliseconds] = HexText.lowercase(try row.decode("hash", as: [UInt8].self))
            if try row.decode("closed", as: Timestamp?.self) == nil { open += 1 }
        }
        var decisions: [String: ModelDecision] = [:]
        for row in try await database.query("SELECT decision_id, body FROM features_decisions", []) {
            var decision = try BinaryDecoder().decode(ModelDecision.self, from: try row.decode("body", as: [UInt8].self))
            decision.latencyMilliseconds = 0
            decision.worker = nil
            decisions[try row.decode("decision_id", as: String.self)] = decision
        }
        return ReplayRecord(snapshots: snapshots, decisions: decisions, openRounds: open)
    }

    /// Whether the round of `tick` and every round before it are closed with a decision per model.
    func isComplete(through tick: Int64, models: Int) -> Bool {
        snapshots[tick] != nil && openRounds == 0 && decisions.count == snapshots.count * models
    }

    var description: String {
        "\(snapshots.count) rounds (\(openRounds) open), \(decisions.count) decisions, last tick \(snapshots.keys.max() ?? 0)"
    }
}
