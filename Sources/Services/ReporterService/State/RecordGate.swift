import ArenaCore
import ArenaWire

/// The reporter's half of a lockstep replay's record phase (ADR 0016): when the minute ending
/// at a boundary is all in hand, so the reporter can write it and answer the gateway.
///
/// Every publisher the reporter follows sends its minute again on `record.<topic>` just before
/// its record mark (``ArenaRuntime/RecordingPublisher``), so its mark means "you have my minute"
/// — provided the subscription was already connected when the minute went out again. A mark
/// counts only when the previous mark on the same socket came from the same publisher instance,
/// with no mark missed in between: the first mark after the reporter (re)connected, or after the
/// publisher restarted, may have followed a partial sending, and the gateway's repeat a second
/// later brings a whole one.
struct RecordGate: Sendable {
    /// The gateway's own marks ask for the answer.
    static let asker = "gateway"

    /// The publishers whose minutes the reporter records (the peers it follows).
    let publishers: [String]
    private var reached: [String: Timestamp] = [:]
    private var previous: [String: (instance: UInt64, sequence: UInt64?)] = [:]
    private var owed: Timestamp?

    /// A gate waiting for `publishers`' marks.
    init(publishers: [String]) { self.publishers = publishers }

    /// A pace mark from `peer`, stamped `metadata`; the boundary to answer now, if any.
    mutating func heard(_ mark: PaceMark, metadata: EnvelopeMetadata, from peer: String) -> Timestamp? {
        let instance = metadata.id.instance, sequence = metadata.topicSequence
        let continuous = previous[peer].map { last in
            last.instance == instance && (last.sequence == nil || sequence == nil || last.sequence.map { $0 &+ 1 } == sequence)
        } ?? false
        previous[peer] = (instance, sequence)
        guard mark.phase == .record else { return nil }
        // Every gateway mark wants an answer, a repeated one too (the first answer may have been lost).
        if peer == Self.asker { owed = max(owed ?? mark.through, mark.through) }
        if continuous { reached[peer] = max(reached[peer] ?? mark.through, mark.through) }
        guard let boundary = owed, publishers.allSatisfy({ reached[$0].map { $0 >= boundary } ?? false }) else { return nil }
        owed = nil
        return boundary
    }
}
