/// A fixed-capacity FIFO of the most recent values: pushing into a full buffer
/// evicts (and returns) the oldest. O(1) per push, no reallocation after
/// creation: the building block of every rolling window in this module.
public struct RingBuffer<Element>: Sendable where Element: Sendable {
    /// The most values held.
    public let capacity: Int
    private var storage: [Element?]
    private var head = 0
    /// Values held now (≤ ``capacity``).
    public private(set) var count = 0

    /// An empty buffer holding at most `capacity` (≥ 1) values.
    public init(capacity: Int) {
        precondition(capacity >= 1, "a ring buffer needs room for at least one value")
        self.capacity = capacity
        storage = Array(repeating: nil, count: capacity)
    }

    /// Whether the buffer holds ``capacity`` values.
    public var isFull: Bool { count == capacity }

    /// Appends `value`; returns the oldest value when it had to be evicted.
    @discardableResult
    public mutating func push(_ value: Element) -> Element? {
        // Wrapping by comparison, not `%`: a division per push is most of a rolling window's cost.
        var slot = head + count
        if slot >= capacity { slot -= capacity }
        if count < capacity {
            storage[slot] = value
            count += 1
            return nil
        }
        let evicted = storage[head]
        storage[head] = value
        head += 1
        if head == capacity { head = 0 }
        return evicted
    }

    /// The `i`-th value, oldest first (0 is the oldest).
    public subscript(i: Int) -> Element {
        precondition(i >= 0 && i < count, "index \(i) out of 0..<\(count)")
        let slot = head + i
        return storage[slot < capacity ? slot : slot - capacity]!
    }

    /// The oldest value, if any.
    public var oldest: Element? { count == 0 ? nil : self[0] }
    /// The newest value, if any.
    public var newest: Element? { count == 0 ? nil : self[count - 1] }

    /// The values, oldest first.
    public var elements: [Element] { (0..<count).map { self[$0] } }
}
