import ArenaCore
import ArenaWire
import Synchronization

/// One message in a typed in-process buffer: the value and the stamp's
/// per-message parts. What is the same for every message of a stream (its
/// topic, the sender's name and instance) is kept once, in the feed's
/// stream table, and referred to by index: a buffer slot holds no
/// reference shared with the publisher, so the two threads never write the
/// same reference count.
struct LocalTypedSlot<Message: WireMessage>: Sendable {
    let value: Message
    let stream: UInt32
    let sequence: UInt64
    let topicSequence: UInt64?
    let sentAt: Timestamp
    let trace: String?
}

/// A stream (one publisher instance, one topic) of a typed feed, with
/// strings of its own: copied once, never shared with the publisher.
struct LocalTypedStream: Sendable {
    let topic: String
    let source: String
    let instance: UInt64
}

/// The buffer of a typed in-process subscription and its stream table.
final class LocalTypedFeed<Message: WireMessage>: Sendable {
    private struct Streams {
        var list: [LocalTypedStream] = []
        var index: [String: [UInt64: UInt32]] = [:]
    }

    let buffer: BoundedBuffer<LocalTypedSlot<Message>>
    private let streams = Mutex(Streams())

    init(capacity: Int) {
        buffer = BoundedBuffer(capacity: capacity)
    }

    /// The index of the stream of `sender` on `topic`, added on first use.
    func route(from sender: LocalSender, topic: String) -> UInt32 {
        streams.withLock { s in
            if let known = s.index[topic]?[sender.instance] { return known }
            let index = UInt32(s.list.count)
            s.list.append(LocalTypedStream(topic: Self.ownCopy(topic), source: Self.ownCopy(sender.source), instance: sender.instance))
            s.index[topic, default: [:]][sender.instance] = index
            return index
        }
    }

    /// A string with storage of its own (not a retain of the publisher's).
    private static func ownCopy(_ string: String) -> String { String(decoding: Array(string.utf8), as: UTF8.self) }

    /// The streams from index `start` on.
    func streams(from start: Int) -> [LocalTypedStream] {
        streams.withLock { Array($0.list[start...]) }
    }
}

/// Reads a typed feed: takes the buffer in batches and dresses each slot
/// as a ``Delivered`` from a local copy of the stream table.
final class LocalTypedReader<Message: WireMessage> {
    private let feed: LocalTypedFeed<Message>
    private var batch: [LocalTypedSlot<Message>] = []
    private var index = 0
    private var streams: [LocalTypedStream] = []

    init(_ feed: LocalTypedFeed<Message>) { self.feed = feed }

    /// The next message, waiting for one only when the batch taken last is spent.
    func next() async -> Delivered<Message>? {
        if index == batch.count {
            index = 0
            guard await feed.buffer.refill(&batch) else { return nil }
        }
        return nextTaken()
    }

    /// The next message of the batch already taken, if any: no suspension point.
    func nextTaken() -> Delivered<Message>? {
        guard index < batch.count else { return nil }
        let slot = batch[index]
        index += 1
        let stream = Int(slot.stream)
        if stream >= streams.count { streams += feed.streams(from: streams.count) }
        let origin = streams[stream]
        return Delivered(value: slot.value, topic: origin.topic, metadata: EnvelopeMetadata(
            id: MessageID(instance: origin.instance, sequence: slot.sequence), correlation: nil, source: origin.source,
            sentAt: slot.sentAt, trace: slot.trace, topicSequence: slot.topicSequence
        ))
    }
}

/// The in-process ``TypedSubscription``'s source: takes the values of
/// type `Message` as they are, and skips (counting them) messages of other
/// types on its topics.
final class InProcessTypedSubscription<Message: WireMessage>: SubscriptionControl, InProcessTarget {
    let feed: LocalTypedFeed<Message>
    let mistyped: MistypedMessages
    private let state: InProcessSubscriptionState

    init(service: ServiceName, hubs: [InProcessHub], topics: [String], bufferCapacity: Int) {
        feed = LocalTypedFeed(capacity: bufferCapacity)
        mistyped = MistypedMessages(service: service)
        state = InProcessSubscriptionState(hubs: hubs, topics: topics)
        for hub in hubs { hub.attach(self) }
    }

    func takes(_ topic: String) -> Bool { state.takes(topic) }

    func route(from sender: LocalSender, topic: String) -> UInt32 { feed.route(from: sender, topic: topic) }

    func deliver<M: WireMessage>(_ value: M, topic: String, route: UInt32, stamp: LocalStamp, boxed: inout (any BusMessage)?) {
        guard M.self == Message.self else {
            state.accepted(from: stamp.sender, topic: topic, topicSequence: stamp.topicSequence)
            return mistyped.skip(topic: topic, typeID: M.wireType.id, expected: Message.self, reason: "another message type")
        }
        let slot = LocalTypedSlot(
            value: unsafeBitCast(value, to: Message.self), stream: route, sequence: stamp.sequence,
            topicSequence: stamp.topicSequence, sentAt: stamp.sentAt, trace: stamp.trace
        )
        if feed.buffer.offer(slot) {
            state.accepted(from: stamp.sender, topic: topic, topicSequence: stamp.topicSequence)
        } else {
            state.lost(from: stamp.sender, topic: topic, topicSequence: stamp.topicSequence)
        }
    }

    var gaps: AsyncStream<SequenceGap> { state.gaps }
    func subscribe(_ prefix: String) { state.subscribe(prefix) }
    func unsubscribe(_ prefix: String) { state.unsubscribe(prefix) }
    var statistics: SubscriberStatistics { state.statistics }

    func close() async {
        state.close(self)
        feed.buffer.finish()
    }
}
