/// Walks the audit chain in sequence order and reports every row that is
/// not as it was appended: changed (``AuditProblem/edited(seq:)``), deleted
/// (``AuditProblem/missing(from:through:)``), moved or swapped
/// (``AuditProblem/moved(seq:originalSeq:)``, ``AuditProblem/swapped(first:second:)``),
/// or rewritten with recomputed hashes (``AuditProblem/chainBroken(seq:previous:)``).
///
/// Memory stays bounded (one page of rows at a time); only a damaged row
/// costs extra queries, to find where it came from.
public struct AuditVerifier: Sendable {
    /// At most this many problems are reported (one bad edit cannot flood the output).
    public static let maxProblems = 100
    /// Rows read per query.
    static let pageSize = 1000

    /// The database holding the log.
    public let database: any SQLDatabase

    /// A verifier for the audit log in `database`.
    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Verifies the whole chain (or its rows up to `through`, a decision's
    /// last row in the audit replay) and, when given, that `anchor` (a row
    /// recorded earlier, e.g. a previous report's head) is still there
    /// unchanged.
    public func verify(anchor: AuditAnchor? = nil, through last: Int64 = .max) async throws(StoreError) -> AuditReport {
        let select = AuditLog.select(database.dialect)
        var rows = 0
        var problems: [AuditProblem] = []
        var truncated = false
        var previous: AuditRecord?
        var previousDamaged = false
        while true {
            let page = try await database.query(
                "\(select) WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT \(Self.pageSize)", [.integer(previous?.seq ?? Int64.min), .integer(last)]
            )
            guard !page.isEmpty else { break }
            for row in page {
                let record = try AuditRecord(row: row)
                rows += 1
                if problems.count < Self.maxProblems {
                    let found = try await inspect(record, previous: previous, previousDamaged: previousDamaged)
                    previousDamaged = found.contains { if case .missing = $0 { false } else if case .chainBroken = $0 { false } else { true } }
                    problems += found
                } else {
                    truncated = true
                }
                previous = record
            }
        }
        if let anchor, let problem = try await check(anchor) { problems.append(problem) }
        return AuditReport(
            rows: rows, head: previous.map { AuditAnchor(seq: $0.seq, hash: AuditChain.hex($0.hash)) },
            problems: Array(Self.pairSwaps(problems).prefix(Self.maxProblems)), truncated: truncated || problems.count > Self.maxProblems
        )
    }

    /// The problems visible at `record`, given the row before it.
    func inspect(_ record: AuditRecord, previous: AuditRecord?, previousDamaged: Bool) async throws(StoreError) -> [AuditProblem] {
        guard record.seq >= 1, record.hash.count == 32, record.prevHash.count == 32 else {
            return [.malformed(seq: record.seq, reason: "a sequence number below 1 or a hash that is not 32 bytes")]
        }
        var found: [AuditProblem] = []
        let expected = (previous?.seq ?? 0) + 1
        if record.seq > expected { found.append(.missing(from: expected, through: record.seq - 1)) }
        if record.computedHash != record.hash {
            if let original = try await originalSeq(of: record) {
                found.append(.moved(seq: record.seq, originalSeq: original))
            } else {
                found.append(.edited(seq: record.seq))
            }
        } else if found.isEmpty, !previousDamaged, record.prevHash != (previous?.hash ?? AuditChain.genesis) {
            // A damaged previous row (or a gap) already explains a broken link.
            found.append(
                previous.map { .chainBroken(seq: record.seq, previous: $0.seq) }
                    ?? .malformed(seq: record.seq, reason: "the first row's previous hash is not the genesis hash")
            )
        }
        return found
    }

    /// Where an intact-but-misplaced row was appended: its fields hash to its
    /// stored hash under another sequence number. Candidates come from its
    /// neighbours in the original chain — the row whose hash it names as
    /// previous, and the row that names its hash as previous.
    func originalSeq(of record: AuditRecord) async throws(StoreError) -> Int64? {
        var candidates: [Int64] = []
        if record.prevHash == AuditChain.genesis {
            candidates.append(1)
        } else if let predecessor = try await seq(where: "hash", is: record.prevHash) {
            candidates += [predecessor + 1, predecessor]
        }
        if let successor = try await seq(where: "prev_hash", is: record.hash) {
            candidates += [successor - 1, successor]
        }
        return candidates.first { seq in
            seq >= 1 && seq != record.seq
                && AuditChain.hash(
                    prevHash: record.prevHash, seq: seq, kind: record.kind, ref: record.ref, recordedAt: record.recordedAt, body: record.body
                ) == record.hash
        }
    }

    /// The sequence number of the row whose `column` equals `hash`.
    private func seq(where column: String, is hash: [UInt8]) async throws(StoreError) -> Int64? {
        let rows = try await database.query(
            "SELECT seq FROM \(AuditTables.log.ref.sql) WHERE \(quoted(column)) = $1 ORDER BY seq LIMIT 1",
            [.blob(hash)]
        )
        return try rows.first?.decode("seq")
    }

    /// Whether the anchor row is still present with its hash.
    private func check(_ anchor: AuditAnchor) async throws(StoreError) -> AuditProblem? {
        let record = try await AuditLog(database: database).record(seq: anchor.seq)
        let found = record.map { AuditChain.hex($0.hash) }
        return found == anchor.hash ? nil : .anchorMismatch(seq: anchor.seq, expected: anchor.hash, found: found)
    }

    /// Two rows each moved to the other's place are one swap.
    static func pairSwaps(_ problems: [AuditProblem]) -> [AuditProblem] {
        var origins: [Int64: Int64] = [:]
        for case let .moved(seq, original) in problems { origins[seq] = original }
        return problems.compactMap { problem in
            guard case let .moved(seq, original) = problem, origins[original] == seq else { return problem }
            return seq < original ? .swapped(first: seq, second: original) : nil
        }
    }
}
