import ArenaCore
import ArenaWire
import Logging
import Synchronization

/// One message of a ``TypedSubscription``: the value, its topic and its metadata.
public struct Delivered<Message: WireMessage>: Sendable {
    /// The message itself.
    public let value: Message
    /// The topic it was published on.
    public let topic: String
    /// Who sent it, when, its ids and trace.
    public let metadata: EnvelopeMetadata

    /// A delivered message.
    public init(value: Message, topic: String, metadata: EnvelopeMetadata) {
        self.value = value
        self.topic = topic
        self.metadata = metadata
    }
}

/// What a subscription is besides its messages: gap reports, topic
/// prefixes, counters and closing. Shared by ``MessageSubscription`` and
/// ``TypedSubscription``.
public protocol SubscriptionControl: Sendable {
    /// Messages lost in the topics received (the newest reports are kept for a slow reader).
    var gaps: AsyncStream<SequenceGap> { get }
    /// Adds a topic prefix (`""` receives everything).
    func subscribe(_ prefix: String)
    /// Removes a topic prefix.
    func unsubscribe(_ prefix: String)
    /// Counters since creation.
    var statistics: SubscriberStatistics { get }
    /// Stops receiving; the messages then yield what was buffered and finish.
    func close() async
}

/// A subscription to topics that carry one message type (account states,
/// heartbeats, decisions, fills): every message arrives as a
/// ``Delivered`` value of that type.
///
/// In process the publisher's values are handed over as they are — no
/// box, no encoding, no cast — which is what makes a replay or a backtest
/// fast. Over an encoding transport each message is decoded as it is taken.
/// A message of another type on these topics is skipped, logged and counted
/// in ``SubscriberStatistics/malformed``; it never ends the stream.
public final class TypedSubscription<Message: WireMessage>: Sendable {
    /// The received messages, in the order each publisher sent them.
    /// Iteration ends after ``close()``, once the buffered messages are consumed.
    public let messages: TypedMessages<Message>
    private let control: any SubscriptionControl
    private let mistyped: MistypedMessages

    init(messages: TypedMessages<Message>, control: any SubscriptionControl, mistyped: MistypedMessages) {
        self.messages = messages
        self.control = control
        self.mistyped = mistyped
    }

    /// A typed view of `subscription`, decoding each message as it is taken.
    public convenience init(decoding subscription: any MessageSubscription, service: ServiceName) {
        let mistyped = MistypedMessages(service: service)
        self.init(
            messages: TypedMessages(source: .decoding(subscription.messages, mistyped)), control: subscription, mistyped: mistyped
        )
    }

    /// Messages lost in the topics received.
    public var gaps: AsyncStream<SequenceGap> { control.gaps }
    /// Adds a topic prefix (`""` receives everything).
    public func subscribe(_ prefix: String) { control.subscribe(prefix) }
    /// Removes a topic prefix.
    public func unsubscribe(_ prefix: String) { control.unsubscribe(prefix) }
    /// Counters since creation; messages of another type count as malformed.
    public var statistics: SubscriberStatistics {
        var counters = control.statistics
        let skipped = mistyped.count
        counters.malformed += skipped
        counters.received -= skipped
        return counters
    }

    /// Stops receiving; ``messages`` then yields what was buffered and finishes.
    public func close() async { await control.close() }
}

/// The messages of a ``TypedSubscription``.
public struct TypedMessages<Message: WireMessage>: AsyncSequence, Sendable {
    enum Source: Sendable {
        /// Values handed over in process.
        case local(LocalTypedFeed<Message>)
        /// Messages of an encoding transport, decoded as they are taken.
        case decoding(BoundedStream<any BusMessage>, MistypedMessages)
    }

    let source: Source

    /// The iterator; `next()` suspends until a message arrives or the stream ends.
    ///
    /// In process it takes the subscription's lanes a batch at a time and
    /// hands the batch out from here. That part is inlinable, so it is
    /// compiled for the message type where the service iterates rather than
    /// run as generic code (a generic metadata look-up per message cost more
    /// than the rest of the hand-over).
    public struct AsyncIterator: AsyncIteratorProtocol {
        @usableFromInline let feed: LocalTypedFeed<Message>?
        @usableFromInline let decoding: DecodingReader<Message>?
        /// The batch taken last from the feed, read in place.
        @usableFromInline let batch: LaneBatch<Message>?
        @usableFromInline var index = 0
        @usableFromInline var count = 0
        /// The feed's stream table, copied as new streams appear.
        @usableFromInline var streams: [LocalTypedStream] = []

        init(_ source: Source) {
            switch source {
            case .local(let feed):
                self.feed = feed
                batch = feed.makeBatch()
                decoding = nil
            case .decoding(let stream, let mistyped):
                feed = nil
                batch = nil
                decoding = DecodingReader(stream, mistyped: mistyped)
            }
        }

        /// The next message, or `nil` once the stream has finished or the task is cancelled.
        @inlinable
        public mutating func next() async -> Delivered<Message>? {
            if index < count, let batch { return handOut(batch) }
            return await nextWaiting()
        }

        /// Dresses the next message of the batch as a ``Delivered``.
        @inlinable
        mutating func handOut(_ batch: LaneBatch<Message>) -> Delivered<Message> {
            let value = batch.values[index]
            let stamp = batch.stamps[index]
            index += 1
            let stream = Int(stamp.stream)
            if stream >= streams.count { refreshStreams() }
            let origin = streams[stream]
            return Delivered(value: value, topic: origin.topic, metadata: EnvelopeMetadata(
                id: MessageID(instance: origin.instance, sequence: stamp.sequence), correlation: nil, source: origin.source,
                sentAt: stamp.sentAt, trace: stamp.trace, topicSequence: stamp.topicSequence
            ))
        }

        /// The first message of the next batch, or a decoded message; nil at the end.
        @usableFromInline
        mutating func nextWaiting() async -> Delivered<Message>? {
            if let decoding { return await decoding.next() }
            guard let feed, let batch, await feed.refill(batch) else { return nil }
            (index, count) = (0, batch.count)
            return handOut(batch)
        }

        @usableFromInline
        mutating func refreshStreams() {
            if let feed { streams += feed.streams(from: streams.count) }
        }
    }

    /// An iterator over the subscription's messages.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(source) }
}

/// Reads an encoding transport's messages, decoding each as `Message` and
/// skipping those that are not.
@usableFromInline
final class DecodingReader<Message: WireMessage> {
    private var messages: BoundedStream<any BusMessage>.AsyncIterator
    private let mistyped: MistypedMessages

    init(_ stream: BoundedStream<any BusMessage>, mistyped: MistypedMessages) {
        messages = stream.makeAsyncIterator()
        self.mistyped = mistyped
    }

    func next() async -> Delivered<Message>? {
        while let message = await messages.next() {
            do {
                return Delivered(value: try message.decode(Message.self), topic: message.topic, metadata: message.metadata)
            } catch {
                mistyped.skip(message, expected: Message.self, error: error)
            }
        }
        return nil
    }
}

/// Messages a typed subscription skipped because they were of another type
/// or did not decode: counted, and logged (the first, then every thousandth).
final class MistypedMessages: Sendable {
    private let skipped = Atomic<Int>(0)
    private let logger: Logger

    init(service: ServiceName) {
        logger = Logger.bus("arena.bus.subscriber", service: "\(service)")
    }

    var count: Int { skipped.load(ordering: .relaxed) }

    func skip<M: WireMessage>(_ message: any BusMessage, expected: M.Type, error: WireError) {
        skip(topic: message.topic, typeID: message.typeID, expected: M.self, reason: "\(error)")
    }

    func skip<M: WireMessage>(topic: String, typeID: UInt16, expected: M.Type, reason: String) {
        let n = skipped.add(1, ordering: .relaxed).newValue
        guard n == 1 || n % 1000 == 0 else { return }
        logger.warning("message skipped by a typed subscription", metadata: [
            "topic": "\(topic)", "type": "\(typeID)", "expected": "\(M.wireType.id)", "reason": "\(reason)", "skipped": "\(n)",
        ])
    }
}
