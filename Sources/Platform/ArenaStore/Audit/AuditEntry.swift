import ArenaCore

/// What an audit row records. An open set: services add kinds for their own
/// records (operator actions, kill switches) without changing the store.
public struct AuditKind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The stored text (`decision`).
    public let rawValue: String

    /// A kind named `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A model's structured decision (scorer results).
    public static let decision = AuditKind(rawValue: "decision")
    /// The risk guard's verdict on a decision.
    public static let verdict = AuditKind(rawValue: "verdict")
    /// An order state transition.
    public static let orderEvent = AuditKind(rawValue: "order_event")
    /// A fill.
    public static let fill = AuditKind(rawValue: "fill")
    /// An operator's write action through the API (pause, kill switch, state change).
    public static let operatorAction = AuditKind(rawValue: "operator_action")

    /// The stored text.
    public var description: String { rawValue }
}

/// Something to append to the audit log.
public struct AuditEntry: Sendable, Hashable {
    /// What it is.
    public let kind: AuditKind
    /// The id of the recorded thing, unique within its kind (decision id,
    /// verdict id, `<client order id>#<event seq>`, venue fill id). Appending
    /// an entry whose kind and ref are already recorded is a no-op, which is
    /// what makes retried appends safe.
    public let ref: String
    /// The record's canonical encoding (the bytes the service published or
    /// would publish), hashed as is.
    public let body: [UInt8]

    /// An entry.
    public init(kind: AuditKind, ref: String, body: [UInt8]) {
        self.kind = kind
        self.ref = ref
        self.body = body
    }
}

/// One stored audit row.
public struct AuditRecord: Sendable, Hashable {
    /// Position in the chain: 1, 2, 3, … without gaps.
    public let seq: Int64
    /// What it is.
    public let kind: AuditKind
    /// The recorded thing's id.
    public let ref: String
    /// When it was appended.
    public let recordedAt: Timestamp
    /// The recorded bytes.
    public let body: [UInt8]
    /// The previous row's hash (32 zero bytes for the first row).
    public let prevHash: [UInt8]
    /// SHA-256(`prevHash` ‖ ``AuditChain/canonicalBytes(seq:kind:ref:recordedAt:body:)``).
    public let hash: [UInt8]

    /// A record with the given fields (no hash is checked here; see ``AuditVerifier``).
    public init(seq: Int64, kind: AuditKind, ref: String, recordedAt: Timestamp, body: [UInt8], prevHash: [UInt8], hash: [UInt8]) {
        self.seq = seq
        self.kind = kind
        self.ref = ref
        self.recordedAt = recordedAt
        self.body = body
        self.prevHash = prevHash
        self.hash = hash
    }

    /// Reads a row selected with ``AuditTables/log``'s columns.
    init(row: SQLRow) throws(StoreError) {
        self.init(
            seq: try row.decode("seq"), kind: AuditKind(rawValue: try row.decode("kind")), ref: try row.decode("ref"),
            recordedAt: try row.decode("recorded_at"), body: try row.decode("body"), prevHash: try row.decode("prev_hash"),
            hash: try row.decode("hash")
        )
    }

    /// The values to insert, in ``AuditTables/log`` column order.
    var sqlValues: [SQLValue] {
        [.integer(seq), .text(kind.rawValue), .text(ref), recordedAt.sqlValue, .blob(body), .blob(prevHash), .blob(hash)]
    }

    /// The hash recomputed from the row's own fields (what ``hash`` should be).
    public var computedHash: [UInt8] {
        AuditChain.hash(prevHash: prevHash, seq: seq, kind: kind, ref: ref, recordedAt: recordedAt, body: body)
    }
}
