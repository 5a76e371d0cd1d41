import ArenaCore
import ArenaWire
import Synchronization

/// Fills in envelope metadata for one sending socket: the service name, a
/// random instance id fixed for the socket's life, and sequence numbers
/// 1, 2, 3, … (which subscribers use to detect gaps per publisher).
final class EnvelopeStamper: Sendable {
    /// The sending service.
    let source: String
    /// Random per sender, never zero, so a restart is visible as a new instance.
    let instance: UInt64
    private let sequence = Atomic<UInt64>(0)
    private let clock: any ArenaClock

    init(source: String, clock: any ArenaClock) {
        self.source = source
        self.instance = UInt64.random(in: 1...UInt64.max)
        self.clock = clock
    }

    /// Metadata for the next message. Senders that need sequence order to
    /// equal send order (the publisher) call this under their socket lock.
    func stamp(correlation: MessageID? = nil, trace: String? = nil, topicSequence: UInt64? = nil) -> EnvelopeMetadata {
        let seq = sequence.add(1, ordering: .relaxed).newValue
        return EnvelopeMetadata(
            id: MessageID(instance: instance, sequence: seq), correlation: correlation,
            source: source, sentAt: clock.now(), trace: trace, topicSequence: topicSequence
        )
    }

    /// Advances the sequence without sending, so tests can produce a real gap.
    func skip(_ count: UInt64) {
        sequence.add(count, ordering: .relaxed)
    }

    /// Encodes `message` and serializes it with fresh metadata.
    func envelopeFrame<M: WireMessage>(
        _ message: M, codec: WireCodec, correlation: MessageID? = nil, trace: String? = nil
    ) throws(WireError) -> (frame: [UInt8], id: MessageID) {
        let metadata = stamp(correlation: correlation, trace: trace)
        return (try Envelope.frame(message, metadata: metadata, codec: codec), metadata.id)
    }
}
