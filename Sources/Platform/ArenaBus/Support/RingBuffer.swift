/// A growable first-in first-out queue with O(1) push and pop at both ends.
///
/// Used for the dispatcher's pending jobs (a re-dispatched job goes back to
/// the front), command inboxes and the subscriber's bounded buffer, where
/// `Array.removeFirst` would be O(n) per message.
struct RingBuffer<Element> {
    private var storage: [Element?]
    private var head = 0
    private(set) var count = 0

    init(capacity: Int = 16) {
        storage = Array(repeating: nil, count: Swift.max(capacity, 1))
    }

    var isEmpty: Bool { count == 0 }

    mutating func append(_ element: Element) {
        if count == storage.count { grow() }
        storage[(head + count) % storage.count] = element
        count += 1
    }

    mutating func prepend(_ element: Element) {
        if count == storage.count { grow() }
        head = (head - 1 + storage.count) % storage.count
        storage[head] = element
        count += 1
    }

    mutating func popFirst() -> Element? {
        guard count > 0 else { return nil }
        let element = storage[head]
        storage[head] = nil
        head = (head + 1) % storage.count
        count -= 1
        return element
    }

    var first: Element? { count > 0 ? storage[head] : nil }

    /// Removes and returns the first element matching `predicate` (O(n); for
    /// rare operations such as cancelling a queued call).
    mutating func removeFirst(where predicate: (Element) -> Bool) -> Element? {
        var kept = RingBuffer(capacity: storage.count)
        var removed: Element?
        while let e = popFirst() {
            if removed == nil && predicate(e) { removed = e } else { kept.append(e) }
        }
        self = kept
        return removed
    }

    /// Removes every element, returning them in order.
    mutating func removeAll() -> [Element] {
        var out: [Element] = []
        out.reserveCapacity(count)
        while let e = popFirst() { out.append(e) }
        return out
    }

    private mutating func grow() {
        var bigger = [Element?](repeating: nil, count: storage.count * 2)
        for i in 0..<count { bigger[i] = storage[(head + i) % storage.count] }
        storage = bigger
        head = 0
    }
}

extension RingBuffer: Sendable where Element: Sendable {}
