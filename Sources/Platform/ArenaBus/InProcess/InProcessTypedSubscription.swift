import ArenaCore
import ArenaWire
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream (one publisher instance, one topic) of a typed feed, with
/// strings of its own: copied once, never shared with the publisher.
@usableFromInline
struct LocalTypedStream: Sendable {
    @usableFromInline let topic: String
    @usableFromInline let source: String
    @usableFromInline let instance: UInt64
}

/// What a typed in-process subscription holds: a lane per publisher, the
/// stream table, and the reader's wake-up.
///
/// Publishers write their own lane without a lock; the reader takes from
/// every lane in turn, under a lock of its own that no publisher takes. A
/// reader with nothing to take looks again for a few microseconds, then
/// suspends; the publisher that next writes resumes it.
@usableFromInline
final class LocalTypedFeed<Message: WireMessage>: Sendable {
    private struct Streams {
        var list: [LocalTypedStream] = []
        var index: [String: [UInt64: UInt32]] = [:]
        var lanes: [UInt64: TypedLane<Message>] = [:]
        var laneList: [TypedLane<Message>] = []
    }

    private struct Reader {
        var lanes: [TypedLane<Message>] = []
        var version = 0
        var nextLane = 0
    }

    private struct Waiter {
        var continuation: CheckedContinuation<Void, Never>?
        var finished = false

        /// The suspended reader, if any.
        mutating func take() -> CheckedContinuation<Void, Never>? {
            defer { continuation = nil }
            return continuation
        }
    }

    /// Messages each publisher's lane holds before an offer is refused.
    let capacity: Int
    private let streams = Mutex(Streams())
    private let laneVersion = Atomic<Int>(0)
    private let reader = Mutex(Reader())
    private let waiter = Mutex(Waiter())
    /// Set while the reader is suspended; read by publishers after every write.
    private let waiting = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// The route of `sender`'s messages on `topic`: their stream's index and the sender's lane.
    func route(from sender: LocalSender, topic: String) -> InProcessRoute {
        streams.withLock { s in
            let lane: TypedLane<Message>
            if let known = s.lanes[sender.instance] {
                lane = known
            } else {
                lane = TypedLane(capacity: capacity)
                s.lanes[sender.instance] = lane
                s.laneList.append(lane)
                laneVersion.add(1, ordering: .sequentiallyConsistent)
            }
            let laneRoute = Unmanaged<AnyObject>.passUnretained(lane)  // kept alive by `lanes`
            if let known = s.index[topic]?[sender.instance] { return InProcessRoute(stream: known, lane: laneRoute) }
            let index = UInt32(s.list.count)
            s.list.append(LocalTypedStream(topic: Self.ownCopy(topic), source: Self.ownCopy(sender.source), instance: sender.instance))
            s.index[topic, default: [:]][sender.instance] = index
            return InProcessRoute(stream: index, lane: laneRoute)
        }
    }

    /// A string with storage of its own (not a retain of the publisher's).
    private static func ownCopy(_ string: String) -> String { String(decoding: Array(string.utf8), as: UTF8.self) }

    /// The streams from index `start` on.
    func streams(from start: Int) -> [LocalTypedStream] {
        streams.withLock { Array($0.list[start...]) }
    }

    /// Messages written to the lanes so far.
    var written: Int { streams.withLock { $0.laneList.reduce(0) { $0 + $1.writtenSoFar } } }

    /// Publisher: writes `value` to its lane and wakes a suspended reader;
    /// false when the lane is full (the message is lost).
    func offer(_ value: Message, lane: TypedLane<Message>, stamp: LaneStamp) -> Bool {
        guard lane.offer(value, stamp: stamp) else { return false }
        if waiting.load(ordering: .sequentiallyConsistent) { wake() }
        return true
    }

    /// Publisher: writes what fits of `values` to its lane and wakes a
    /// suspended reader; returns how many were taken from the front.
    func offer(contentsOf values: UnsafeBufferPointer<Message>, lane: TypedLane<Message>, first: LaneStamp) -> Int {
        let taken = lane.offer(contentsOf: values, first: first)
        if taken > 0, waiting.load(ordering: .sequentiallyConsistent) { wake() }
        return taken
    }

    /// Ends the feed: the reader takes what is left, then gets `false`.
    func finish() {
        finished.store(true, ordering: .sequentiallyConsistent)
        let suspended = waiter.withLock { w -> CheckedContinuation<Void, Never>? in
            w.finished = true
            waiting.store(false, ordering: .relaxed)
            return w.take()
        }
        suspended?.resume()
    }

    /// Reader: replaces what `batch` holds with what the lanes hold, waiting
    /// for at least one message. False once the feed is finished and empty,
    /// or the task is cancelled.
    func refill(_ batch: LaneBatch<Message>) async -> Bool {
        batch.removeAll()
        while true {
            if takeWaiting(into: batch) { return true }
            if finished.load(ordering: .acquiring) { return takeWaiting(into: batch) }
            if await spinUntilWritten() { continue }
            guard await suspendUntilWritten() else { return takeWaiting(into: batch) }
        }
    }

    /// A batch for a reader of this feed.
    func makeBatch() -> LaneBatch<Message> { LaneBatch(capacity: Self.batchLimit) }

    /// Moves what fits of the lanes into `batch`, starting one lane further each time.
    private func takeWaiting(into batch: LaneBatch<Message>) -> Bool {
        reader.withLock { r in
            refreshLanes(&r)
            guard !r.lanes.isEmpty else { return false }
            var taken = 0
            for step in 0..<r.lanes.count where batch.room > 0 {
                taken += r.lanes[(r.nextLane + step) % r.lanes.count].take(into: batch, limit: batch.room)
            }
            r.nextLane = (r.nextLane + 1) % r.lanes.count
            return taken > 0
        }
    }

    private static var batchLimit: Int { 4096 }

    private func refreshLanes(_ r: inout Reader) {
        let version = laneVersion.load(ordering: .sequentiallyConsistent)
        guard version != r.version else { return }
        r.lanes = streams.withLock { $0.laneList }
        r.version = version
    }

    /// Whether any lane has a message the reader has not taken.
    private func anyWritten() -> Bool {
        reader.withLock { r in
            refreshLanes(&r)
            return r.lanes.contains { $0.hasWaiting }
        }
    }

    /// Looks for messages a bounded number of times (the first in a tight
    /// loop, the rest giving the core away), as ``BoundedBuffer`` does.
    private func spinUntilWritten() async -> Bool {
        for look in 0..<96 {
            if anyWritten() { return true }
            if look >= 64 { sched_yield() }
        }
        return false
    }

    /// Suspends until a publisher writes (true), or the feed finishes or the task is cancelled (false).
    private func suspendUntilWritten() async -> Bool {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = waiter.withLock { w -> Bool in
                    if w.finished || Task.isCancelled { return true }
                    w.continuation = c
                    // Announced before looking again: a publisher writes, then reads
                    // `waiting` (both sequentially consistent), so either it sees the
                    // reader waiting or the reader sees its message.
                    waiting.store(true, ordering: .sequentiallyConsistent)
                    guard anyWritten() else { return false }
                    w.continuation = nil
                    waiting.store(false, ordering: .relaxed)
                    return true
                }
                if resumeNow { c.resume() }
            }
            return !Task.isCancelled && !finished.load(ordering: .acquiring)
        } onCancel: {
            wake()
        }
    }

    private func wake() {
        let suspended = waiter.withLock { w -> CheckedContinuation<Void, Never>? in
            waiting.store(false, ordering: .relaxed)
            return w.take()
        }
        suspended?.resume()
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

    func route(from sender: LocalSender, topic: String) -> InProcessRoute { feed.route(from: sender, topic: topic) }

    func deliver<M: WireMessage>(_ value: M, topic: String, route: InProcessRoute, stamp: LocalStamp, boxed: inout (any BusMessage)?) {
        guard M.self == Message.self else {
            state.accepted(from: stamp.sender, topic: topic, topicSequence: stamp.topicSequence)
            return mistyped.skip(topic: topic, typeID: M.wireType.id, expected: Message.self, reason: "another message type")
        }
        guard let lane = route.lane else { preconditionFailure("a typed subscription routes every stream to a lane") }
        let laneStamp = LaneStamp(
            stream: route.stream, sequence: stamp.sequence, topicSequence: stamp.topicSequence, sentAt: stamp.sentAt, trace: stamp.trace
        )
        // The lane is used without a retain: its reference count sits beside
        // what the reader reads, and the feed keeps it alive.
        let taken = lane._withUnsafeGuaranteedRef {
            feed.offer(unsafeBitCast(value, to: Message.self), lane: unsafeDowncast($0, to: TypedLane<Message>.self), stamp: laneStamp)
        }
        if taken {
            state.accepted(from: stamp.sender, topic: topic, topicSequence: stamp.topicSequence, countedByLane: true)
        } else {
            state.lost(from: stamp.sender, topic: topic, topicSequence: stamp.topicSequence)
        }
    }

    func deliver<M: WireMessage>(contentsOf values: [M], topic: String, route: InProcessRoute, stamp: LocalBatchStamp) {
        guard M.self == Message.self else {
            for offset in values.indices {
                state.accepted(from: stamp.sender, topic: topic, topicSequence: stamp.firstTopicSequence &+ UInt64(offset))
                mistyped.skip(topic: topic, typeID: M.wireType.id, expected: Message.self, reason: "another message type")
            }
            return
        }
        guard let lane = route.lane else { preconditionFailure("a typed subscription routes every stream to a lane") }
        let first = LaneStamp(
            stream: route.stream, sequence: stamp.firstSequence, topicSequence: stamp.firstTopicSequence, sentAt: stamp.sentAt, trace: stamp.trace
        )
        let taken = unsafeBitCast(values, to: [Message].self).withUnsafeBufferPointer { buffer in
            lane._withUnsafeGuaranteedRef {
                feed.offer(contentsOf: buffer, lane: unsafeDowncast($0, to: TypedLane<Message>.self), first: first)
            }
        }
        if taken > 0 {
            state.accepted(from: stamp.sender, topic: topic, topicSequence: stamp.firstTopicSequence, countedByLane: true)
        }
        if taken < values.count {
            state.lost(from: stamp.sender, topic: topic, topicSequence: stamp.firstTopicSequence &+ UInt64(taken))
        }
    }

    var gaps: AsyncStream<SequenceGap> { state.gaps }
    func subscribe(_ prefix: String) { state.subscribe(prefix) }
    func unsubscribe(_ prefix: String) { state.unsubscribe(prefix) }
    var statistics: SubscriberStatistics {
        var counters = state.statistics
        counters.received += feed.written
        return counters
    }

    func close() async {
        state.close(self)
        feed.finish()
    }
}
