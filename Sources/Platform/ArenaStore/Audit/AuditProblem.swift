import ArenaCore

/// One way the stored audit chain differs from what was appended.
public enum AuditProblem: Sendable, Hashable, CustomStringConvertible {
    /// The row's fields no longer hash to its stored hash: its contents (or its hash) were changed.
    case edited(seq: Int64)
    /// Sequence numbers `from` through `through` are absent: rows were deleted.
    case missing(from: Int64, through: Int64)
    /// The row at `seq` is intact but was appended as row `originalSeq`: rows were reordered.
    case moved(seq: Int64, originalSeq: Int64)
    /// Rows `first` and `second` exchanged places.
    case swapped(first: Int64, second: Int64)
    /// Row `seq` does not continue from row `previous` although both are
    /// internally consistent: `previous` was rewritten with a recomputed hash,
    /// or rows were inserted between them.
    case chainBroken(seq: Int64, previous: Int64)
    /// The anchor given to the verifier (a row known earlier) differs: the
    /// log was truncated below it or rewritten from some row on.
    case anchorMismatch(seq: Int64, expected: String, found: String?)
    /// A row whose stored values cannot belong to any chain (a sequence
    /// number below 1, a hash that is not 32 bytes).
    case malformed(seq: Int64, reason: String)

    /// The row the problem is first visible at, for sorting.
    public var seq: Int64 {
        switch self {
        case let .edited(seq), let .moved(seq, _), let .chainBroken(seq, _), let .anchorMismatch(seq, _, _), let .malformed(seq, _): seq
        case let .missing(from, _): from
        case let .swapped(first, _): first
        }
    }

    /// A sentence naming the rows and what happened to them.
    public var description: String {
        switch self {
        case let .edited(seq): "row \(seq) was changed: its contents no longer match its hash"
        case let .missing(from, through) where from == through: "row \(from) is missing (deleted)"
        case let .missing(from, through): "rows \(from)–\(through) are missing (deleted)"
        case let .moved(seq, original): "row \(seq) holds the entry appended as row \(original) (rows reordered)"
        case let .swapped(first, second): "rows \(first) and \(second) were swapped"
        case let .chainBroken(seq, previous):
            "row \(seq) does not follow row \(previous): row \(previous) was rewritten with a recomputed hash, or rows were inserted between them"
        case let .anchorMismatch(seq, expected, found?):
            "row \(seq) has hash \(found), but the anchor says \(expected): the log was rewritten from row \(seq) or earlier"
        case let .anchorMismatch(seq, expected, nil):
            "row \(seq) is gone, but the anchor says it exists with hash \(expected): the log was truncated"
        case let .malformed(seq, reason): "row \(seq) is malformed: \(reason)"
        }
    }
}

/// A row of the chain as known at some time: its sequence number and hash.
/// Written `SEQ:HEXHASH`; the verifier checks the row is still there with
/// that hash.
public struct AuditAnchor: Sendable, Hashable, CustomStringConvertible {
    /// The row's sequence number.
    public let seq: Int64
    /// Its hash, lower-case hex.
    public let hash: String

    /// An anchor for row `seq` with hash `hash` (hex, any case).
    public init(seq: Int64, hash: String) {
        self.seq = seq
        self.hash = hash.lowercased()
    }

    /// Parses `SEQ:HEXHASH`; nil unless the sequence number is positive and the hash is 64 hex digits.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let seq = Int64(parts[0]), seq > 0,
              let bytes = HexText.bytes(hex: String(parts[1])), bytes.count == 32 else { return nil }
        self.init(seq: seq, hash: HexText.lowercase(bytes))
    }

    /// `SEQ:HASH`, the form ``init(parsing:)`` reads.
    public var description: String { "\(seq):\(hash)" }
}

/// The outcome of ``AuditVerifier/verify(anchor:)``.
public struct AuditReport: Sendable, Hashable {
    /// Rows read.
    public let rows: Int
    /// The last row, nil for an empty log. Keep it: passed back later as the
    /// anchor, it detects truncation and rewriting that the chain alone
    /// cannot (a chain's own tail can be cut off without a trace).
    public let head: AuditAnchor?
    /// Every problem found, in chain order (at most ``AuditVerifier/maxProblems``).
    public let problems: [AuditProblem]
    /// Whether problems beyond ``problems`` were left out.
    public let truncated: Bool

    /// Whether the chain is intact.
    public var isIntact: Bool { problems.isEmpty }
}
