import ArenaCore

/// A value that sums bucket by bucket: what a rolling window holds per bucket.
public protocol WindowSum: Sendable {
    /// The empty bucket.
    static var zero: Self { get }
    /// Adds `other` into `self`.
    mutating func add(_ other: Self)
    /// Takes `other` (previously added) back out of `self`.
    mutating func subtract(_ other: Self)
}

/// A rolling sum over the last `span` time buckets: the bucket being filled
/// (``current``) plus the `span − 1` closed buckets before it, kept in a
/// ``RingBuffer`` with a running total, so reading the window is O(1) and
/// closing a bucket is O(1) (add it, subtract the one that leaves).
///
/// The window is defined by bucket index, not by the exact age of each
/// event: at a time in bucket `b` it covers buckets `b − span + 1 … b`, i.e.
/// between `(span − 1)` and `span` bucket widths of history.
public struct BucketWindow<Bucket: WindowSum>: Sendable {
    /// Buckets in the window, the current one included.
    public let span: Int
    private var closed: RingBuffer<Bucket>?
    private var closedTotal = Bucket.zero
    /// The bucket being filled now.
    public private(set) var current = Bucket.zero

    /// A window of `span` (≥ 1) buckets.
    public init(span: Int) {
        precondition(span >= 1, "a window spans at least one bucket")
        self.span = span
        closed = span > 1 ? RingBuffer(capacity: span - 1) : nil
    }

    /// The sum over the window: the closed buckets still inside plus the current one.
    public var total: Bucket {
        var t = closedTotal
        t.add(current)
        return t
    }

    /// Adds an event's contribution to the current bucket.
    @inline(__always)
    public mutating func add(_ value: Bucket) { current.add(value) }

    /// Closes the current bucket and opens an empty one (time moved one bucket on).
    public mutating func close() {
        guard closed != nil else { current = .zero; return }
        closedTotal.add(current)
        if let evicted = closed!.push(current) { closedTotal.subtract(evicted) }
        current = .zero
    }

    /// Moves `steps` buckets on. After `span` steps nothing is left, so longer
    /// moves cost no more than `span` closes.
    public mutating func close(steps: Int) {
        if steps >= span {
            self = BucketWindow(span: span)
            return
        }
        for _ in 0..<max(0, steps) { close() }
    }
}
