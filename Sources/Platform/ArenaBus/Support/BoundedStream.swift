import Synchronization

/// An `AsyncSequence` fed by a bus thread through a fixed-size buffer.
///
/// Unlike `AsyncStream`, a full buffer does not drop: the producing loop stops
/// reading its socket until the consumer catches up, so back-pressure reaches
/// libzmq's own queues (and, past their high-water mark, shows up as sequence
/// gaps the subscriber reports). Several tasks may iterate; each element goes
/// to one of them. Iteration ends after the component closes and the
/// buffered elements are consumed; a cancelled consumer gets `nil`.
public struct BoundedStream<Element: Sendable>: AsyncSequence, Sendable {
    let buffer: BoundedBuffer<Element>

    /// The iterator; `next()` suspends until an element arrives or the stream ends.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let buffer: BoundedBuffer<Element>

        /// The next element, or `nil` once the stream has finished or the task is cancelled.
        public mutating func next() async -> Element? { await buffer.next() }
    }

    /// Creates an iterator over the shared buffer.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(buffer: buffer) }

    /// Elements buffered and not yet consumed.
    public var bufferedCount: Int { buffer.count }
}

/// The shared state behind a ``BoundedStream``.
final class BoundedBuffer<Element: Sendable>: Sendable {
    private struct State {
        var items: RingBuffer<Element>
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Element?, Never>)] = []
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
    private let onSpace: @Sendable () -> Void

    /// - Parameters:
    ///   - capacity: elements held before ``offer(_:)`` refuses.
    ///   - onSpace: called (on a consumer's task) when a refused producer may offer again.
    init(capacity: Int, onSpace: @escaping @Sendable () -> Void) {
        self.capacity = max(capacity, 1)
        self.resumeLevel = self.capacity / 2
        self.state = Mutex(State(items: RingBuffer(capacity: min(self.capacity, 1024))))
        self.onSpace = onSpace
    }

    var count: Int { state.withLock { $0.items.count } }

    /// Producer side, for a batch: hands elements to waiting consumers and
    /// buffers the rest, all under one lock (a lock per element made producer
    /// and consumer contend at a million messages a second). Returns how many
    /// were taken from the front; the rest must be offered again after `onSpace`.
    func offer(contentsOf elements: ArraySlice<Element>) -> Int {
        var handed: [(CheckedContinuation<Element?, Never>, Element)] = []
        let taken = state.withLock { s -> Int in
            if s.finished { return elements.count }
            var taken = 0
            for element in elements {
                if !s.waiters.isEmpty {
                    handed.append((s.waiters.removeFirst().continuation, element))
                } else if s.items.count < capacity {
                    s.items.append(element)
                } else {
                    s.producerBlocked = true
                    break
                }
                taken += 1
            }
            return taken
        }
        for (c, element) in handed { c.resume(returning: element) }
        return taken
    }

    /// Ends the stream: consumers drain what is buffered, then get `nil`.
    func finish() {
        let waiters = state.withLock { s -> [CheckedContinuation<Element?, Never>] in
            s.finished = true
            defer { s.waiters.removeAll() }
            return s.waiters.map(\.continuation)
        }
        for w in waiters { w.resume(returning: nil) }
    }

    func next() async -> Element? {
        // Fast path: an element is waiting, so no continuation, no suspension.
        let (buffered, wakeProducer) = state.withLock { s -> (Element?, Bool) in
            guard let e = s.items.popFirst() else { return (nil, false) }
            let wake = s.producerBlocked && s.items.count <= resumeLevel
            if wake { s.producerBlocked = false }
            return (e, wake)
        }
        if wakeProducer { onSpace() }
        if let buffered { return buffered }
        let id = state.withLock { s -> UInt64 in
            s.nextWaiterID &+= 1
            return s.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Element?, Never>) in
                let (ready, element, wakeProducer) = state.withLock { s -> (Bool, Element?, Bool) in
                    if let e = s.items.popFirst() {
                        let wake = s.producerBlocked && s.items.count <= resumeLevel
                        if wake { s.producerBlocked = false }
                        return (true, e, wake)
                    }
                    // Checked under the lock so a cancellation racing this
                    // registration either sees the waiter or is seen here.
                    if s.finished || Task.isCancelled { return (true, nil, false) }
                    s.waiters.append((id, c))
                    return (false, nil, false)
                }
                if wakeProducer { onSpace() }
                if ready { c.resume(returning: element) }
            }
        } onCancel: {
            let c = state.withLock { s -> CheckedContinuation<Element?, Never>? in
                guard let i = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return s.waiters.remove(at: i).continuation
            }
            c?.resume(returning: nil)
        }
    }
}
