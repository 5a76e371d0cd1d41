import ArenaCore
import ArenaWire

/// One message as a service receives it from the bus: a subscriber's
/// message, a request at a replier, a job at a worker, a reply or a result.
///
/// The same protocol whatever the transport: over ZeroMQ the message holds
/// the parsed envelope and decodes its body on ``decode(_:)``; in process it
/// holds the sent value itself, which ``decode(_:)`` hands back without
/// encoding. Services read ``typeID``, ``topic`` and ``metadata`` and call
/// ``decode(_:)``, and so never know which transport they run on.
///
/// Class-bound: messages pass through buffers and streams by the million,
/// and `any BusMessage` then moves as one reference (no existential box, one
/// retain) where a struct of strings would take a retain per field.
public protocol BusMessage: AnyObject, Sendable, WireDecodable {
    /// The topic it was published on; empty for requests, replies, jobs and results.
    var topic: String { get }
    /// The message type id (`proto/schema.json` `messages`).
    var typeID: UInt16 { get }
    /// Who sent it, when, its ids and trace.
    var metadata: EnvelopeMetadata { get }
    /// The envelope it arrived in, when it crossed an encoding transport (nil in process).
    var envelope: Envelope? { get }
    /// The body as `M`.
    ///
    /// - Throws: ``ArenaWire/WireError/unexpectedMessageType(expected:actual:)``
    ///   when it is another type, or the codec's error for a body that does not decode.
    func decode<M: WireMessage>(_ type: M.Type) throws(WireError) -> M
}

extension BusMessage {
    /// Whether the body is of type `M`.
    public func `is`<M: WireMessage>(_ type: M.Type) -> Bool { typeID == M.wireType.id }
}

/// A message that arrived encoded (ZeroMQ): the parsed envelope, body decoded on demand.
public final class EncodedBusMessage: BusMessage {
    public let topic: String
    private let parsed: Envelope

    /// A message received as `envelope` on `topic` (empty off pub/sub).
    public init(topic: String = "", envelope: Envelope) {
        self.topic = topic
        parsed = envelope
    }

    public var typeID: UInt16 { parsed.typeID }
    public var metadata: EnvelopeMetadata { parsed.metadata }
    public var envelope: Envelope? { parsed }

    public func decode<M: WireMessage>(_ type: M.Type) throws(WireError) -> M {
        try parsed.decode(type)
    }
}

/// A message passed in process: the value itself, never encoded.
///
/// Generic over the value's type so the value is stored inline (one
/// allocation per message, no existential box); ``decode(_:)`` is a cast.
final class LocalBusMessage<Value: WireMessage>: BusMessage {
    let topic: String
    let value: Value
    let stamp: LocalStamp

    init(topic: String, value: Value, stamp: LocalStamp) {
        self.topic = topic
        self.value = value
        self.stamp = stamp
    }

    var typeID: UInt16 { Value.wireType.id }
    var metadata: EnvelopeMetadata { stamp.metadata }
    var envelope: Envelope? { nil }

    func decode<M: WireMessage>(_ type: M.Type) throws(WireError) -> M {
        // The common case, without a dynamic cast.
        if M.self == Value.self { return unsafeBitCast(value, to: M.self) }
        guard let typed = value as? M else {
            throw WireError.unexpectedMessageType(expected: M.wireType.id, actual: Value.wireType.id)
        }
        return typed
    }
}

/// Wraps a reply or result value as an in-process message, opening the
/// existential so the value is stored inline.
func localMessage<M: WireMessage>(_ value: M, topic: String = "", stamp: LocalStamp) -> any BusMessage {
    LocalBusMessage(topic: topic, value: value, stamp: stamp)
}

/// The metadata of an in-process message, kept as its parts: the sender's
/// identity is shared by reference and the envelope form is built only when
/// someone asks for it.
struct LocalStamp: Sendable {
    let sender: LocalSender
    let sequence: UInt64
    let sentAt: Timestamp
    let trace: String?
    let correlation: MessageID?
    let topicSequence: UInt64?

    var metadata: EnvelopeMetadata {
        EnvelopeMetadata(
            id: MessageID(instance: sender.instance, sequence: sequence), correlation: correlation, source: sender.source,
            sentAt: sentAt, trace: trace, topicSequence: topicSequence
        )
    }
}

/// An in-process sender's identity: the service and a random instance id
/// fixed for its life, as on the wire.
final class LocalSender: Sendable {
    let source: String
    let instance: UInt64

    init(source: String) {
        self.source = source
        instance = UInt64.random(in: 1...UInt64.max)
    }
}
