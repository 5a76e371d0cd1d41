import ArenaCore
import ArenaWire
import Synchronization

/// Where an in-process publisher and its subscribers meet: one per address.
///
/// Made by whichever side comes first, so a subscriber may connect before
/// the publisher binds (as with ZeroMQ). The subscription list carries a
/// generation number; publishers cache, per topic, which subscriptions take
/// it, and look again only when the generation moves.
final class InProcessHub: Sendable {
    private let subscriptions = Mutex<[any InProcessTarget]>([])
    private let version = Atomic<UInt64>(0)
    /// Whether a publisher is bound here (an address takes one).
    let bound = Atomic<Bool>(false)

    var generation: UInt64 { version.load(ordering: .acquiring) }

    func attach(_ subscription: any InProcessTarget) {
        subscriptions.withLock { $0.append(subscription) }
        changed()
    }

    func detach(_ subscription: any InProcessTarget) {
        subscriptions.withLock { $0.removeAll { $0 === subscription } }
        changed()
    }

    /// A subscription's prefixes changed.
    func changed() { version.add(1, ordering: .releasing) }

    /// The subscriptions that take `topic`.
    func targets(of topic: String) -> [any InProcessTarget] {
        subscriptions.withLock { $0.filter { $0.takes(topic) } }
    }
}

/// The in-process ``MessagePublisher``: hands each message, stamped as on
/// the wire but never encoded, to the subscriptions of its topic, in send
/// order. A subscription whose buffer is full loses the message and reports
/// the loss as a gap, as a slow ZeroMQ subscriber would.
final class InProcessPublisher: MessagePublisher {
    private struct State {
        var closed = false
        var sequence: UInt64 = 0
        var topics = TopicSequencer()
        /// The targets of the topic last published, valid for one hub generation.
        var cachedTopic = ""
        var cachedGeneration = UInt64.max
        var cachedTargets: [any InProcessTarget] = []
        /// Each cached target's route for (this publisher, the cached topic).
        var cachedRoutes: [InProcessRoute] = []
    }

    private let hub: InProcessHub
    private let sender: LocalSender
    private let clock: any ArenaClock
    private let state = Mutex(State())

    init(service: ServiceName, hub: InProcessHub, clock: any ArenaClock) {
        self.hub = hub
        self.sender = LocalSender(source: service.value)
        self.clock = clock
    }

    var instance: UInt64 { sender.instance }

    func publish<M: WireMessage>(_ message: M, topic: String, trace: String?) throws(BusError) {
        try state.withLock { (s: inout State) throws(BusError) in
            guard !s.closed else { throw .closed }
            s.sequence &+= 1
            let topicSequence = s.topics.next(topic)
            // Numbered even with nobody listening, as a PUB socket would drop it.
            guard refreshTargets(&s, topic: topic) else { return }
            let stamp = LocalStamp(
                sender: sender, sequence: s.sequence, sentAt: clock.now(), trace: trace, correlation: nil, topicSequence: topicSequence
            )
            // Delivered under the lock, so every subscription sees this publisher's order.
            var boxed: (any BusMessage)?
            for (target, route) in zip(s.cachedTargets, s.cachedRoutes) {
                target.deliver(message, topic: topic, route: route, stamp: stamp, boxed: &boxed)
            }
        }
    }

    func publish<M: WireMessage>(contentsOf messages: [M], topic: String, trace: String?) throws(BusError) {
        guard !messages.isEmpty else { return }
        try state.withLock { (s: inout State) throws(BusError) in
            guard !s.closed else { throw .closed }
            let firstSequence = s.sequence &+ 1
            let firstTopicSequence = s.topics.next(topic, count: messages.count)
            s.sequence &+= UInt64(messages.count)
            guard refreshTargets(&s, topic: topic) else { return }
            let stamp = LocalBatchStamp(
                sender: sender, firstSequence: firstSequence, firstTopicSequence: firstTopicSequence, sentAt: clock.now(), trace: trace
            )
            for (target, route) in zip(s.cachedTargets, s.cachedRoutes) {
                target.deliver(contentsOf: messages, topic: topic, route: route, stamp: stamp)
            }
        }
    }

    /// Brings the cached targets up to date for `topic`; false when nobody takes it.
    private func refreshTargets(_ s: inout State, topic: String) -> Bool {
        let generation = hub.generation
        if topic != s.cachedTopic || generation != s.cachedGeneration {
            s.cachedTargets = hub.targets(of: topic)
            s.cachedRoutes = s.cachedTargets.map { $0.route(from: sender, topic: topic) }
            s.cachedTopic = topic
            s.cachedGeneration = generation
        }
        return !s.cachedTargets.isEmpty
    }

    func close() {
        state.withLock { $0.closed = true }
        hub.bound.store(false, ordering: .releasing)
    }
}

/// A subscription as publishers see it: which topics it takes, and where
/// a message goes.
protocol InProcessTarget: AnyObject, Sendable {
    /// Whether it takes `topic`.
    func takes(_ topic: String) -> Bool
    /// What it wants passed back with every message of `sender` on `topic`
    /// (a typed subscription's stream index and lane); asked once per topic
    /// and subscription change, not per message.
    func route(from sender: LocalSender, topic: String) -> InProcessRoute
    /// Takes `value`, called by a publisher under its lock. A target that
    /// holds messages as ``BusMessage`` objects makes `boxed` if no target
    /// has yet, so the publisher makes at most one per message.
    func deliver<M: WireMessage>(_ value: M, topic: String, route: InProcessRoute, stamp: LocalStamp, boxed: inout (any BusMessage)?)
    /// Takes a batch of `values`, numbered from `stamp`'s first numbers on.
    func deliver<M: WireMessage>(contentsOf values: [M], topic: String, route: InProcessRoute, stamp: LocalBatchStamp)
}

extension InProcessTarget {
    /// One by one, for targets that hold each message on its own.
    func deliver<M: WireMessage>(contentsOf values: [M], topic: String, route: InProcessRoute, stamp: LocalBatchStamp) {
        for (offset, value) in values.enumerated() {
            var boxed: (any BusMessage)?
            deliver(value, topic: topic, route: route, stamp: stamp.stamp(offset), boxed: &boxed)
        }
    }
}

/// The stamp of a batch: its first sequence numbers, counted up message by message.
struct LocalBatchStamp: Sendable {
    let sender: LocalSender
    let firstSequence: UInt64
    let firstTopicSequence: UInt64
    let sentAt: Timestamp
    let trace: String?

    /// The stamp of the message at `offset` in the batch.
    func stamp(_ offset: Int) -> LocalStamp {
        LocalStamp(
            sender: sender, sequence: firstSequence &+ UInt64(offset), sentAt: sentAt, trace: trace, correlation: nil,
            topicSequence: firstTopicSequence &+ UInt64(offset)
        )
    }
}

/// Where a target wants a publisher's messages on one topic: a typed
/// subscription's stream index and the publisher's own lane into it.
struct InProcessRoute: @unchecked Sendable {
    var stream: UInt32 = 0
    /// The lane, unretained: its subscription keeps it for as long as it is attached.
    var lane: Unmanaged<AnyObject>?

    /// For targets that need no route.
    static var none: InProcessRoute { InProcessRoute() }
}
