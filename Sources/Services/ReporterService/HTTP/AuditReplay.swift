import ArenaCore
import ArenaStore
import ArenaWire
import Foundation

/// Everything about one decision in one view (spec §8, audit replay): the snapshot it was made on
/// and whether that snapshot still hashes to the hash the decision recorded; the decision (with
/// the prompt, raw reply and validation errors of an LLM, or the layer scores of a scorer); the
/// risk verdict with what it changed; the orders and fills that followed; and whether the audit
/// chain verifies up to the last of them.
public struct AuditReplay: Encodable, Sendable {
    public struct Snapshot: Encodable, Sendable {
        public var hash: String
        public var found: Bool
        /// The stored bytes hash to `hash`.
        public var intact: Bool?
        public var snapshot: MarketSnapshot?
    }

    public struct Chain: Encodable, Sendable {
        public var verified: Bool
        public var throughSeq: Int64
        public var rows: Int
        public var problems: [String]
    }

    public var decisionID: String
    public var decision: ModelDecision?
    public var snapshot: Snapshot?
    public var verdict: RiskVerdict?
    public var orders: [OrderEvent]
    public var fills: [Fill]
    public var chain: Chain?

    /// The replay of `decisionID`, or nil when nothing is recorded about it.
    static func load(_ decisionID: String, database: any SQLDatabase) async throws -> AuditReplay? {
        let events = try await EventQueries(database: database).events(ofDecision: decisionID)
        guard !events.isEmpty else { return nil }
        let decoder = JSONDecoder()
        var replay = AuditReplay(decisionID: decisionID, orders: [], fills: [])
        for event in events {
            switch try ReporterEvent.decode(event, decoder: decoder) {
            case .decision(let decision): replay.decision = decision
            case .verdict(let verdict): replay.verdict = verdict
            case .order(let order): replay.orders.append(order)
            case .fill(let fill): replay.fills.append(fill)
            default: continue
            }
        }
        if let hash = replay.decision?.snapshotHash { replay.snapshot = try await snapshot(hash, database: database) }
        if let last = events.last?.seq {
            let report = try await AuditVerifier(database: database).verify(through: last)
            replay.chain = Chain(verified: report.problems.isEmpty && !report.truncated, throughSeq: last, rows: report.rows, problems: report.problems.map(\.description))
        }
        return replay
    }

    /// The feature engine's stored snapshot with hash `hash`, checked against it.
    static func snapshot(_ hash: String, database: any SQLDatabase) async throws -> Snapshot {
        guard let digest = HexText.bytes(hex: Array(hash.utf8)), digest.count == 32 else {
            return Snapshot(hash: hash, found: false, intact: nil, snapshot: nil)
        }
        let table = TableRef(service: "features", name: "snapshots").sql
        let rows: [SQLRow]
        do {
            rows = try await database.query("SELECT body FROM \(table) WHERE snapshot_hash = $1 LIMIT 1", [.blob(digest)])
        } catch {
            // The feature engine's tables live in its own deployment's store; a reporter on another store sees none.
            return Snapshot(hash: hash, found: false, intact: nil, snapshot: nil)
        }
        guard let body: [UInt8] = try rows.first?.decode("body") else { return Snapshot(hash: hash, found: false, intact: nil, snapshot: nil) }
        let intact = CanonicalHash.hex(body) == hash
        let snapshot = try? BinaryDecoder().decode(MarketSnapshot.self, from: body)
        return Snapshot(hash: hash, found: true, intact: intact, snapshot: snapshot)
    }
}
