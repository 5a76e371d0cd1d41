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
    private let subscriptions = Mutex<[InProcessSubscription]>([])
    private let version = Atomic<UInt64>(0)
    /// Whether a publisher is bound here (an address takes one).
    let bound = Atomic<Bool>(false)

    var generation: UInt64 { version.load(ordering: .acquiring) }

    func attach(_ subscription: InProcessSubscription) {
        subscriptions.withLock { $0.append(subscription) }
        changed()
    }

    func detach(_ subscription: InProcessSubscription) {
        subscriptions.withLock { $0.removeAll { $0 === subscription } }
        changed()
    }

    /// A subscription's prefixes changed.
    func changed() { version.add(1, ordering: .releasing) }

    /// The subscriptions that take `topic`.
    func targets(of topic: String) -> [InProcessSubscription] {
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
        var cachedTargets: [InProcessSubscription] = []
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
            let generation = hub.generation
            if topic != s.cachedTopic || generation != s.cachedGeneration {
                s.cachedTargets = hub.targets(of: topic)
                s.cachedTopic = topic
                s.cachedGeneration = generation
            }
            // Numbered even with nobody listening, as a PUB socket would drop it.
            guard !s.cachedTargets.isEmpty else { return }
            let stamp = LocalStamp(
                sender: sender, sequence: s.sequence, sentAt: clock.now(), trace: trace, correlation: nil, topicSequence: topicSequence
            )
            let delivered = LocalBusMessage(topic: topic, value: message, stamp: stamp)
            // Delivered under the lock, so every subscription sees this publisher's order.
            for target in s.cachedTargets { target.deliver(delivered, from: sender, topicSequence: topicSequence) }
        }
    }

    func close() {
        state.withLock { $0.closed = true }
        hub.bound.store(false, ordering: .releasing)
    }
}

/// The in-process ``MessageSubscription``: a bounded buffer fed by the
/// publishers of its hubs, and the gap reports of what did not fit.
final class InProcessSubscription: MessageSubscription {
    private struct Counters {
        var gaps = 0
        var missed = 0
        /// First lost topic sequence per stream, reported when the stream delivers again.
        var lost: [StreamKey: UInt64] = [:]
    }

    private struct StreamKey: Hashable {
        let instance: UInt64
        let topic: String
    }

    let messages: BoundedStream<any BusMessage>
    let gaps: AsyncStream<SequenceGap>
    private let buffer: BoundedBuffer<any BusMessage>
    private let gapContinuation: AsyncStream<SequenceGap>.Continuation
    private let prefixes: Mutex<[String]>
    private let counters = Mutex(Counters())
    private let received = Atomic<Int>(0)
    /// Set while some stream has unreported losses, so the common path skips the table.
    private let losing = Atomic<Bool>(false)
    private let hubs: [InProcessHub]

    init(hubs: [InProcessHub], topics: [String], bufferCapacity: Int) {
        buffer = BoundedBuffer(capacity: bufferCapacity)
        messages = BoundedStream(buffer: buffer)
        (gaps, gapContinuation) = AsyncStream.makeStream(of: SequenceGap.self, bufferingPolicy: .bufferingNewest(1024))
        prefixes = Mutex(topics)
        self.hubs = hubs
        for hub in hubs { hub.attach(self) }
    }

    func takes(_ topic: String) -> Bool {
        prefixes.withLock { $0.contains { topic.utf8.starts(with: $0.utf8) } }
    }

    /// Called by a publisher under its lock.
    func deliver(_ message: any BusMessage, from sender: LocalSender, topicSequence: UInt64) {
        guard buffer.offer(message) else { return lose(from: sender, topic: message.topic, sequence: topicSequence) }
        if losing.load(ordering: .acquiring) { reportLoss(from: sender, topic: message.topic, resumedAt: topicSequence) }
        received.add(1, ordering: .relaxed)
    }

    private func lose(from sender: LocalSender, topic: String, sequence: UInt64) {
        counters.withLock { c in
            let key = StreamKey(instance: sender.instance, topic: topic)
            if c.lost[key] == nil { c.lost[key] = sequence }
        }
        losing.store(true, ordering: .releasing)
    }

    private func reportLoss(from sender: LocalSender, topic: String, resumedAt sequence: UInt64) {
        let gap = counters.withLock { c -> SequenceGap? in
            let key = StreamKey(instance: sender.instance, topic: topic)
            guard let first = c.lost.removeValue(forKey: key) else { return nil }
            if c.lost.isEmpty { losing.store(false, ordering: .releasing) }
            c.gaps += 1
            c.missed += Int(clamping: sequence - first)
            return SequenceGap(source: sender.source, instance: sender.instance, topic: topic, expected: first, received: sequence)
        }
        if let gap { gapContinuation.yield(gap) }
    }

    func subscribe(_ prefix: String) {
        prefixes.withLock { $0.append(prefix) }
        for hub in hubs { hub.changed() }
    }

    func unsubscribe(_ prefix: String) {
        prefixes.withLock { list in
            if let i = list.firstIndex(of: prefix) { list.remove(at: i) }
        }
        for hub in hubs { hub.changed() }
    }

    var statistics: SubscriberStatistics {
        let received = received.load(ordering: .relaxed)
        return counters.withLock { SubscriberStatistics(received: received, gaps: $0.gaps, missed: $0.missed) }
    }

    func close() async {
        for hub in hubs { hub.detach(self) }
        buffer.finish()
        gapContinuation.finish()
    }
}
