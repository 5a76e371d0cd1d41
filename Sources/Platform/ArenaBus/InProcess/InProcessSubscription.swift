import ArenaCore
import ArenaWire
import Synchronization

/// What every in-process subscription keeps besides its buffer: its topic
/// prefixes and hubs, its counters, and the losses it still has to report
/// as gaps.
///
/// A message that does not fit the buffer is lost, as with a slow ZeroMQ
/// subscriber; the loss is reported as a ``SequenceGap`` when its stream
/// next delivers.
final class InProcessSubscriptionState: Sendable {
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

    let gaps: AsyncStream<SequenceGap>
    let hubs: [InProcessHub]
    private let gapContinuation: AsyncStream<SequenceGap>.Continuation
    private let prefixes: Mutex<[String]>
    private let counters = Mutex(Counters())
    private let received = Atomic<Int>(0)
    /// Set while some stream has unreported losses, so the common path skips the table.
    private let losing = Atomic<Bool>(false)

    init(hubs: [InProcessHub], topics: [String]) {
        (gaps, gapContinuation) = AsyncStream.makeStream(of: SequenceGap.self, bufferingPolicy: .bufferingNewest(1024))
        prefixes = Mutex(topics)
        self.hubs = hubs
    }

    func takes(_ topic: String) -> Bool {
        prefixes.withLock { $0.contains { topic.utf8.starts(with: $0.utf8) } }
    }

    /// Notes a message of `sender` on `topic` the buffer took: reports an
    /// earlier loss of its stream, and counts it unless `countedByLane` (a typed
    /// subscription's lanes count what they take, sparing an atomic
    /// read-modify-write per message).
    @inline(__always)
    func accepted(from sender: LocalSender, topic: String, topicSequence: UInt64?, countedByLane: Bool = false) {
        if let topicSequence, losing.load(ordering: .acquiring) { reportLoss(from: sender, topic: topic, resumedAt: topicSequence) }
        if !countedByLane { received.add(1, ordering: .relaxed) }
    }

    /// Notes a message the buffer could not take.
    func lost(from sender: LocalSender, topic: String, topicSequence: UInt64?) {
        guard let topicSequence else { return }
        counters.withLock { c in
            let key = StreamKey(instance: sender.instance, topic: topic)
            if c.lost[key] == nil { c.lost[key] = topicSequence }
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

    /// Detaches `target` from every hub and ends the gap reports.
    func close(_ target: any InProcessTarget) {
        for hub in hubs { hub.detach(target) }
        gapContinuation.finish()
    }
}

/// The in-process ``MessageSubscription``: a bounded buffer of messages,
/// fed by the publishers of its hubs.
final class InProcessSubscription: MessageSubscription, InProcessTarget {
    let messages: BoundedStream<any BusMessage>
    private let buffer: BoundedBuffer<any BusMessage>
    private let state: InProcessSubscriptionState

    init(hubs: [InProcessHub], topics: [String], bufferCapacity: Int) {
        buffer = BoundedBuffer(capacity: bufferCapacity)
        messages = BoundedStream(buffer: buffer)
        state = InProcessSubscriptionState(hubs: hubs, topics: topics)
        for hub in hubs { hub.attach(self) }
    }

    func takes(_ topic: String) -> Bool { state.takes(topic) }
    func route(from sender: LocalSender, topic: String) -> InProcessRoute { .none }

    func deliver<M: WireMessage>(_ value: M, topic: String, route: InProcessRoute, stamp: LocalStamp, boxed: inout (any BusMessage)?) {
        let message = boxed ?? localMessage(value, topic: topic, stamp: stamp)
        boxed = message
        if buffer.offer(message) {
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
        buffer.finish()
    }
}
