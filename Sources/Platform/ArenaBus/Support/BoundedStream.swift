import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An `AsyncSequence` fed by a producer (a bus thread, an in-process
/// publisher) through a fixed-size buffer.
///
/// Unlike `AsyncStream`, a full buffer does not drop on its own: the
/// producer is refused and decides — a ZeroMQ subscriber stops reading its
/// socket until the consumer catches up (back-pressure reaches libzmq's
/// queues and, past their high-water mark, shows up as reported sequence
/// gaps); an in-process publisher counts the loss and reports it as a gap.
/// Several tasks may iterate; each element goes to one of them. Iteration
/// ends after the producer finishes and the buffered elements are consumed;
/// a cancelled consumer gets `nil`.
///
/// An iterator takes everything buffered at once and hands it out from a
/// local batch, so a consumer keeping up pays one lock per batch rather
/// than one per element. It hands the batch back once consumed, and the
/// producer releases it: elements are freed on the thread that allocated
/// them, where the allocator keeps them thread-local, instead of contending
/// for its locks from the consumer's thread a million times a second.
public struct BoundedStream<Element: Sendable>: AsyncSequence, Sendable {
    let buffer: BoundedBuffer<Element>

    /// The iterator; `next()` suspends until an element arrives or the stream ends.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let buffer: BoundedBuffer<Element>
        private var batch: [Element] = []
        private var index = 0

        init(buffer: BoundedBuffer<Element>) { self.buffer = buffer }

        /// The next element, or `nil` once the stream has finished or the task is cancelled.
        public mutating func next() async -> Element? {
            if index == batch.count {
                index = 0
                guard await buffer.refill(&batch) else { return nil }
            }
            defer { index += 1 }
            return batch[index]
        }
    }

    /// Creates an iterator over the shared buffer.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(buffer: buffer) }

    /// Elements buffered and not yet taken by an iterator.
    public var bufferedCount: Int { buffer.count }
}

/// The shared state behind a ``BoundedStream``.
final class BoundedBuffer<Element: Sendable>: Sendable {
    private struct State {
        var items: [Element] = []
        /// Consumed elements, released by the producer on its next offer.
        var spent: [Element] = []
        /// Consumers waiting for elements; resumed with `true` to try again, `false` when finished.
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []
        var nextWaiterID: UInt64 = 0
        var finished = false
        /// The producer was refused and waits for ``onSpace``.
        var producerBlocked = false
    }

    let capacity: Int
    /// The producer is resumed when the buffer drains to this level, so it
    /// restarts with room for a burst rather than one element at a time.
    private let resumeLevel: Int
    private let state: Mutex<State>
    /// Elements buffered, kept beside the lock so that a spinning consumer
    /// reads it without taking the lock the producer needs.
    private let buffered = Atomic<Int>(0)
    private let onSpace: @Sendable () -> Void

    /// - Parameters:
    ///   - capacity: elements held before an offer is refused.
    ///   - onSpace: called (on a consumer's task) when a refused producer may offer again.
    init(capacity: Int, onSpace: @escaping @Sendable () -> Void = {}) {
        self.capacity = max(capacity, 1)
        self.resumeLevel = self.capacity / 2
        var initial = State()
        initial.items.reserveCapacity(min(self.capacity, 1024))
        self.state = Mutex(initial)
        self.onSpace = onSpace
    }

    var count: Int { state.withLock { $0.items.count } }


    /// Producer side, for a batch: buffers what fits, all under one lock (a
    /// lock per element made producer and consumer contend at a million
    /// messages a second). Returns how many were taken from the front; the
    /// rest must be offered again after `onSpace`.
    func offer(contentsOf elements: ArraySlice<Element>) -> Int {
        var spent: [Element] = []
        defer { release(spent) }
        let (taken, waiter) = state.withLock { s -> (Int, CheckedContinuation<Bool, Never>?) in
            swap(&spent, &s.spent)
            if s.finished { return (elements.count, nil) }
            let room = capacity - s.items.count
            let taken = min(room, elements.count)
            s.items.append(contentsOf: elements.prefix(taken))
            buffered.store(s.items.count, ordering: .releasing)
            if taken < elements.count { s.producerBlocked = true }
            return (taken, taken > 0 ? Self.popWaiter(&s) : nil)
        }
        waiter?.resume(returning: true)
        return taken
    }

    /// Producer side, one element: false when the buffer is full (the element
    /// is not taken) or finished.
    func offer(_ element: Element) -> Bool {
        var spent: [Element] = []
        defer { release(spent) }
        let (taken, waiter) = state.withLock { s -> (Bool, CheckedContinuation<Bool, Never>?) in
            if !s.spent.isEmpty { swap(&spent, &s.spent) }
            guard !s.finished, s.items.count < capacity else { return (false, nil) }
            s.items.append(element)
            buffered.store(s.items.count, ordering: .releasing)
            return (true, Self.popWaiter(&s))
        }
        waiter?.resume(returning: true)
        return taken
    }

    /// Drops the consumed elements here, on the producer's thread, outside the lock.
    @inline(never)
    private func release(_ spent: consuming [Element]) {
        _ = consume spent
    }

    private static func popWaiter(_ s: inout State) -> CheckedContinuation<Bool, Never>? {
        s.waiters.isEmpty ? nil : s.waiters.removeFirst().continuation
    }

    /// Ends the stream: consumers drain what is buffered, then get `nil`.
    func finish() {
        let waiters = state.withLock { s -> [CheckedContinuation<Bool, Never>] in
            s.finished = true
            buffered.store(Int.max, ordering: .releasing)
            defer { s.waiters.removeAll() }
            return s.waiters.map(\.continuation)
        }
        for w in waiters { w.resume(returning: false) }
    }

    /// Hands back the consumed `batch` and moves everything buffered into it,
    /// waiting for at least one element. False when the stream finished empty
    /// or the task was cancelled.
    ///
    /// An empty buffer is looked at again for a few microseconds before the
    /// consumer suspends: a consumer that keeps up with a fast producer would
    /// otherwise suspend after every batch and be woken for the next message,
    /// and a wake-up (a thread scheduled by the kernel) costs more than
    /// hundreds of messages.
    func refill(_ batch: inout [Element]) async -> Bool {
        while true {
            switch take(into: &batch) {
            case .taken: return true
            case .finished: return false
            case .empty: break
            }
            if await spinUntilOffered() { continue }
            guard await waitForElements() else { return take(into: &batch) == .taken }
        }
    }

    /// Looks for elements a bounded number of times, giving the core away
    /// between looks (a producer on the same core gets to run); true once
    /// something is there.
    private func spinUntilOffered() async -> Bool {
        for look in 0..<Self.looksBeforeSuspending {
            if buffered.load(ordering: .acquiring) > 0 { return true }
            if look >= Self.busyLooks { sched_yield() }
        }
        return false
    }

    /// Looks before a consumer suspends: the first in a tight loop, the rest each after `sched_yield`.
    private static var looksBeforeSuspending: Int { 96 }
    private static var busyLooks: Int { 64 }

    private enum Take { case taken, empty, finished }

    private func take(into batch: inout [Element]) -> Take {
        // The consumed batch is handed over by swapping arrays, never by copying
        // elements under the lock; if the producer has not collected the last
        // one yet, this one is released here instead (outside the lock).
        var leftover: [Element] = []
        defer { release(leftover) }
        let (result, wakeProducer) = state.withLock { s -> (Take, Bool) in
            if !batch.isEmpty {
                if s.spent.isEmpty { swap(&s.spent, &batch) } else { swap(&leftover, &batch) }
            }
            guard !s.items.isEmpty else { return (s.finished ? .finished : .empty, false) }
            swap(&s.items, &batch)
            buffered.store(s.finished ? Int.max : 0, ordering: .releasing)
            let wake = s.producerBlocked
            s.producerBlocked = false
            return (.taken, wake)
        }
        if wakeProducer { onSpace() }
        return result
    }

    /// Suspends until a producer offers something (true) or the stream ends or the task is cancelled (false).
    private func waitForElements() async -> Bool {
        let id = state.withLock { s -> UInt64 in
            s.nextWaiterID &+= 1
            return s.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Bool, Never>) in
                let ready = state.withLock { s -> Bool? in
                    if !s.items.isEmpty { return true }
                    // Checked under the lock so a cancellation racing this
                    // registration either sees the waiter or is seen here.
                    if s.finished || Task.isCancelled { return false }
                    s.waiters.append((id, c))
                    return nil
                }
                if let ready { c.resume(returning: ready) }
            }
        } onCancel: {
            let c = state.withLock { s -> CheckedContinuation<Bool, Never>? in
                guard let i = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return s.waiters.remove(at: i).continuation
            }
            c?.resume(returning: false)
        }
    }
}
