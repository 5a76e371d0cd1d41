import ArenaCore
import ArenaWire

/// Publishes messages on topics (the stream pattern: market data, features,
/// decisions, heartbeats, alerts).
///
/// `publish` never blocks and may be called from any task or thread: a
/// subscriber that falls behind loses messages past its buffer and sees
/// them as a ``SequenceGap``, never the publisher stalling.
public protocol MessagePublisher: Sendable {
    /// This publisher's instance id (random, fixed for its life): what a
    /// restart changes, and what heartbeats report.
    var instance: UInt64 { get }
    /// Stamps `message` (source, instance, sequence numbers, `trace`) and sends it on `topic`.
    func publish<M: WireMessage>(_ message: M, topic: String, trace: String?) throws(BusError)
    /// Publishes `messages` on `topic`, in order, each numbered and stamped
    /// as if published one by one (they share one `sentAt`). A transport that
    /// can hands them over at once: in process, one lock, one clock read and
    /// one hand-over per subscription for the whole batch, the fast path of a
    /// replay. A subscriber whose buffer fills part-way takes the first ones
    /// and sees the rest as a gap.
    func publish<M: WireMessage>(contentsOf messages: [M], topic: String, trace: String?) throws(BusError)
    /// Stops publishing; later `publish` calls throw ``BusError/closed``.
    func close()
}

extension MessagePublisher {
    /// Publishes `message` on `topic` without a trace id.
    public func publish<M: WireMessage>(_ message: M, topic: String) throws(BusError) {
        try publish(message, topic: topic, trace: nil)
    }

    /// One by one, for transports that send each message on its own (ZeroMQ).
    public func publish<M: WireMessage>(contentsOf messages: [M], topic: String, trace: String?) throws(BusError) {
        for message in messages { try publish(message, topic: topic, trace: trace) }
    }

    /// Publishes `messages` on `topic` without a trace id.
    public func publish<M: WireMessage>(contentsOf messages: [M], topic: String) throws(BusError) {
        try publish(contentsOf: messages, topic: topic, trace: nil)
    }
}

/// Messages of the topics a subscriber asked for, in the order each
/// publisher sent them, with gap and restart reports.
public protocol MessageSubscription: SubscriptionControl {
    /// The received messages. Iteration ends after ``SubscriptionControl/close()``,
    /// once the buffered messages are consumed.
    var messages: BoundedStream<any BusMessage> { get }
}

/// A subscriber's counters.
public struct SubscriberStatistics: Sendable, Hashable {
    /// Well-formed messages received.
    public var received: Int
    /// Frames that were not `[topic, envelope]` with a valid envelope; skipped.
    public var malformed: Int
    /// Sequence gaps detected.
    public var gaps: Int
    /// Messages lost in those gaps.
    public var missed: Int
    /// New instances of sources already seen (restarts).
    public var restarts: Int
    /// Messages at or below the last sequence number of their stream.
    public var stale: Int

    /// Counters.
    public init(received: Int = 0, malformed: Int = 0, gaps: Int = 0, missed: Int = 0, restarts: Int = 0, stale: Int = 0) {
        self.received = received
        self.malformed = malformed
        self.gaps = gaps
        self.missed = missed
        self.restarts = restarts
        self.stale = stale
    }
}
