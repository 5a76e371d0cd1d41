import ArenaCore
import ArenaRuntime
import ArenaStore
import ArenaWire

/// The arena clock's record in the store (tables `features_rounds`,
/// `features_snapshots`, `features_decisions`): which ticks had a round, the
/// exact snapshot bytes each round hashed, and every model's decision.
///
/// The store's keys enforce the rules that must survive a restart: one round
/// per tick, one decision per model per tick. ``openRound(_:)`` and
/// ``record(_:)`` report whether the row was new, and the caller never
/// dispatches or forwards what was already there.
public struct DecisionLedger: Sendable {
    private let store: StoreHandle
    private let rounds = FeatureTables.rounds.ref.sql
    private let snapshots = FeatureTables.snapshots.ref.sql
    private let decisions = FeatureTables.decisions.ref.sql

    /// A ledger on the store `store` will hold once prepared (migrated with the `features` schema).
    public init(store: StoreHandle) { self.store = store }

    private func database() async throws(StoreError) -> any SQLDatabase {
        do { return try await store.value() } catch let error as StoreError { throw error } catch {
            throw StoreError.closed
        }
    }

    /// A round about to be dispatched.
    public struct OpenedRound: Sendable {
        public var tick: Timestamp
        public var snapshotDigest: [UInt8]
        /// The canonical bytes that were hashed.
        public var snapshotBytes: [UInt8]
        public var openedAt: Timestamp
        public var deadline: Timestamp
        public var jobs: Int

        public init(tick: Timestamp, snapshotDigest: [UInt8], snapshotBytes: [UInt8], openedAt: Timestamp, deadline: Timestamp, jobs: Int) {
            self.tick = tick
            self.snapshotDigest = snapshotDigest
            self.snapshotBytes = snapshotBytes
            self.openedAt = openedAt
            self.deadline = deadline
            self.jobs = jobs
        }
    }

    /// The round id of `tick`: its time in milliseconds.
    public static func roundID(_ tick: Timestamp) -> Int64 { tick.milliseconds }

    /// Records the round and its snapshot; false when `tick` already had a round
    /// (a restart or a re-delivered bar), which must then not be dispatched again.
    public func openRound(_ round: OpenedRound) async throws(StoreError) -> Bool {
        let id = SQLValue.integer(Self.roundID(round.tick))
        let inserted = try await storeTransaction(try await database()) { db throws(StoreError) in
            let rows = try await db.execute(
                "INSERT INTO \(rounds) (round_id, tick_time, opened_at, deadline_at, closed_at, jobs, answered, timed_out, status) "
                    + "VALUES ($1, $2, $3, $4, NULL, $5, 0, 0, 'open') ON CONFLICT DO NOTHING",
                [id, round.tick.sqlValue, round.openedAt.sqlValue, round.deadline.sqlValue, .integer(Int64(round.jobs))]
            )
            guard rows == 1 else { return false }
            try await db.execute(
                "INSERT INTO \(snapshots) (round_id, snapshot_hash, encoding, body, created_at) VALUES ($1, $2, 'binary-1', $3, $4)",
                [id, .blob(round.snapshotDigest), .blob(round.snapshotBytes), round.openedAt.sqlValue]
            )
            return true
        }
        return inserted
    }

    /// Records a decision; false when this decision id, or this model at this
    /// tick, is already recorded (the second one is refused).
    public func record(_ decision: ModelDecision, at time: Timestamp) async throws(StoreError) -> Bool {
        let body: [UInt8]
        do { body = try CanonicalHash.bytes(of: decision) } catch {
            throw StoreError.decoding(column: "body", reason: "decision \(decision.decisionID) cannot be encoded: \(error)")
        }
        let rows = try await database().execute(
            "INSERT INTO \(decisions) (decision_id, round_id, model_id, outcome, action, symbol, latency_ms, snapshot_hash, body, recorded_at, forwarded_at) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL) ON CONFLICT DO NOTHING",
            [
                .text(decision.decisionID), .integer(Self.roundID(decision.tick)), .text(decision.modelID.value),
                .text(decision.outcome.rawValue), .text(decision.action.rawValue), decision.symbol.map { .text($0.value) } ?? .null,
                .integer(decision.latencyMilliseconds), .text(decision.snapshotHash), .blob(body), time.sqlValue,
            ]
        )
        return rows == 1
    }

    /// Closes a round with its tallies.
    public func closeRound(_ record: RoundRecord) async throws(StoreError) {
        let answered = record.entries.filter { $0.outcome == .decided || $0.outcome == .invalid || $0.outcome == .failed }.count
        let timedOut = record.entries.filter { $0.outcome == .timeout }.count
        try await database().execute(
            "UPDATE \(rounds) SET closed_at = $2, answered = $3, timed_out = $4, status = 'closed' WHERE round_id = $1",
            [.integer(Self.roundID(record.tick)), record.finishedAt.sqlValue, .integer(Int64(answered)), .integer(Int64(timedOut))]
        )
    }

    /// The snapshots of the rounds opened and never closed (the engine stopped mid-round), oldest first.
    public func unfinishedRounds() async throws(StoreError) -> [MarketSnapshot] {
        let rows = try await database().query(
            "SELECT s.body FROM \(rounds) r JOIN \(snapshots) s ON s.round_id = r.round_id WHERE r.closed_at IS NULL ORDER BY r.round_id", []
        )
        return try rows.map { row throws(StoreError) in try Self.body(MarketSnapshot.self, of: row, what: "a recorded snapshot") }
    }

    /// The tick of the last recorded round, if any.
    public func lastRoundTick() async throws(StoreError) -> Timestamp? {
        let rows = try await database().query("SELECT MAX(round_id) AS last FROM \(rounds)", [])
        return try rows.first?.decode("last", as: Int64?.self).map { Timestamp(milliseconds: $0) }
    }

    /// The decisions recorded for `tick`'s round.
    public func decisions(at tick: Timestamp) async throws(StoreError) -> [ModelDecision] {
        let rows = try await database().query(
            "SELECT decision_id, body FROM \(decisions) WHERE round_id = $1 ORDER BY decision_id", [.integer(Self.roundID(tick))]
        )
        return try rows.map { row throws(StoreError) in try Self.decision(row) }
    }

    /// Every decision of the rounds from `start` (inclusive) to `end` (exclusive), oldest round first.
    public func decisions(from start: Timestamp, before end: Timestamp) async throws(StoreError) -> [ModelDecision] {
        let rows = try await database().query(
            "SELECT decision_id, body FROM \(decisions) WHERE round_id >= $1 AND round_id < $2 ORDER BY round_id, decision_id",
            [.integer(Self.roundID(start)), .integer(Self.roundID(end))]
        )
        return try rows.map { row throws(StoreError) in try Self.decision(row) }
    }

    /// The ordinal of `tick`'s round among the recorded rounds (1 for the first).
    public func roundNumber(of tick: Timestamp) async throws(StoreError) -> Int64 {
        let rows = try await database().query("SELECT COUNT(*) AS n FROM \(rounds) WHERE round_id <= $1", [.integer(Self.roundID(tick))])
        return try rows.first?.decode("n", as: Int64.self) ?? 0
    }

    /// Notes that the risk guard acknowledged `decisionID`.
    public func markForwarded(_ decisionID: String, at time: Timestamp) async throws(StoreError) {
        try await database().execute(
            "UPDATE \(decisions) SET forwarded_at = $2 WHERE decision_id = $1 AND forwarded_at IS NULL", [.text(decisionID), time.sqlValue]
        )
    }

    /// The decisions of the last `rounds` rounds with the snapshot each was
    /// made from, oldest round first: what ``ModelHistory`` reloads at start.
    public func recentDecisions(rounds count: Int) async throws(StoreError) -> [(decision: ModelDecision, snapshot: MarketSnapshot)] {
        let rows = try await database().query(
            "SELECT d.decision_id, d.body AS decision, s.body AS snapshot FROM \(decisions) d JOIN \(snapshots) s ON s.round_id = d.round_id "
                + "WHERE d.round_id IN (SELECT round_id FROM \(rounds) ORDER BY round_id DESC LIMIT $1) ORDER BY d.round_id, d.decision_id",
            [.integer(Int64(count))]
        )
        var out: [(decision: ModelDecision, snapshot: MarketSnapshot)] = []
        var snapshots: [[UInt8]: MarketSnapshot] = [:]
        for row in rows {
            let id: String = try row.decode("decision_id")
            let body: [UInt8] = try row.decode("decision"), bytes: [UInt8] = try row.decode("snapshot")
            do {
                let decision = try BinaryDecoder().decode(ModelDecision.self, from: body)
                let snapshot = try snapshots[bytes] ?? BinaryDecoder().decode(MarketSnapshot.self, from: bytes)
                snapshots[bytes] = snapshot
                out.append((decision, snapshot))
            } catch {
                throw StoreError.decoding(column: "body", reason: "decision \(id) or its snapshot: \(error)")
            }
        }
        return out
    }

    /// Decisions not yet acknowledged by the risk guard, oldest round first.
    public func unforwarded(limit: Int = 1_000) async throws(StoreError) -> [ModelDecision] {
        let rows = try await database().query(
            "SELECT decision_id, body FROM \(decisions) WHERE forwarded_at IS NULL ORDER BY round_id, decision_id LIMIT $1",
            [.integer(Int64(limit))]
        )
        return try rows.map { row throws(StoreError) in try Self.decision(row) }
    }

    /// The decision a row's `body` holds, its `decision_id` named if it cannot be read.
    private static func decision(_ row: SQLRow) throws(StoreError) -> ModelDecision {
        try body(ModelDecision.self, of: row, what: "decision \(try row.decode("decision_id", as: String.self))")
    }

    /// The binary body of `row` decoded as `type`; `what` names it in the error.
    private static func body<T: Decodable>(_ type: T.Type, of row: SQLRow, what: String) throws(StoreError) -> T {
        let body: [UInt8] = try row.decode("body")
        do { return try BinaryDecoder().decode(type, from: body) } catch {
            throw StoreError.decoding(column: "body", reason: "\(what) cannot be read: \(error)")
        }
    }
}
