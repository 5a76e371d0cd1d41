/// The maximum (or minimum) of the last `period` values, in amortised O(1) per
/// push: a monotonic deque keeps only the values that can still become the
/// extremum, each pushed and popped at most once.
public struct RollingExtremum: Sendable {
    /// Which extremum is tracked.
    public enum Kind: Sendable { case maximum, minimum }

    /// Window length in values.
    public let period: Int
    private let kind: Kind
    // A ring of (sequence number, value) pairs, holding at most `period` entries.
    private var seqs: [Int]
    private var values: [Double]
    private var head = 0
    private var count = 0
    private var pushed = 0

    /// An empty window of `period` (≥ 1) values.
    public init(period: Int, kind: Kind) {
        precondition(period >= 1, "a rolling extremum needs a period of at least 1")
        self.period = period
        self.kind = kind
        seqs = Array(repeating: 0, count: period)
        values = Array(repeating: 0, count: period)
    }

    /// Whether `period` values have been pushed, so ``value`` covers a full window.
    public var isFull: Bool { pushed >= period }

    /// The extremum of the values in the window (of those pushed so far before it is full).
    public var value: Double? { count == 0 ? nil : values[head] }

    /// Adds `x`, dropping the value that leaves the window.
    public mutating func push(_ x: Double) {
        // Entries dominated by x (≤ it for a maximum) can never be the extremum again.
        while count > 0 {
            let back = values[wrap(head + count - 1)]
            let dominated = kind == .maximum ? back <= x : back >= x
            guard dominated else { break }
            count -= 1
        }
        if count > 0, seqs[head] <= pushed - period {
            head = wrap(head + 1)
            count -= 1
        }
        let slot = wrap(head + count)
        seqs[slot] = pushed
        values[slot] = x
        count += 1
        pushed += 1
    }

    /// `i mod period` for 0 ≤ i < 2·period, without a division.
    @inline(__always) private func wrap(_ i: Int) -> Int { i < period ? i : i - period }
}

/// A sum kept with Neumaier's compensation, so a long run of adds and
/// subtracts (a rolling window over millions of bars) does not drift.
public struct CompensatedSum: Sendable {
    private var sum = 0.0
    private var compensation = 0.0

    /// Zero.
    public init() {}

    /// The sum.
    public var value: Double { sum + compensation }

    /// Adds `x` (subtract by adding `-x`).
    public mutating func add(_ x: Double) {
        let t = sum + x
        compensation += abs(sum) >= abs(x) ? (sum - t) + x : (x - t) + sum
        sum = t
    }
}
