import ArenaCore

/// Count and quote notional of the trades on one side at or above a threshold.
public struct LargeTrades: Sendable, Hashable {
    /// Trades at or above the threshold.
    public var count: Int
    /// Their summed quote notional, exact.
    public var notional: FixedDecimal

    /// `count` trades totalling `notional`.
    public init(count: Int = 0, notional: FixedDecimal = .zero) {
        self.count = count
        self.notional = notional
    }
}

/// The trades of the last 15 minutes (by second index, like ``BucketWindow``)
/// as per-side histograms over a ``NotionalScale``, so "trades ≥ threshold"
/// is answered for any threshold that is a bucket's lower edge — exactly,
/// since `x ≥ Lᵢ ⇔ bucket(x) ≥ i` — even though the P99 threshold moves.
///
/// A threshold that moves cannot be applied when a trade arrives, so each
/// trade is kept in a FIFO (second, bucket, side, notional) until it expires:
/// O(1) amortised per trade, memory proportional to the trades in 15 minutes.
public struct LargeTradeWindow: Sendable {
    private struct Entry: Sendable {
        var notional: FixedDecimal
        var second: Int64
        var bucket: Int32
        var isBuy: Bool
    }

    /// Seconds in the window (900).
    public let seconds: Int64
    private let buckets: Int
    private var fifo: [Entry] = []
    private var head = 0
    // Per side (buy at 0, sell at `buckets`): counts and notional sums per bucket.
    private var counts: [Int32]
    private var sums: [FixedDecimal]

    /// An empty window of `seconds` over `scale`'s buckets.
    public init(seconds: Int64 = 900, scale: NotionalScale = .usd) {
        self.seconds = seconds
        buckets = scale.count
        counts = Array(repeating: 0, count: 2 * scale.count)
        sums = Array(repeating: .zero, count: 2 * scale.count)
    }

    /// Trades held now.
    public var count: Int { fifo.count - head }

    /// Adds a trade of `notional` in `bucket` at `second`.
    @inline(__always)
    public mutating func add(notional: FixedDecimal, bucket: Int, side: Side, second: Int64) {
        let slot = side == .buy ? bucket : buckets + bucket
        counts[slot] &+= 1
        sums[slot] += notional
        fifo.append(Entry(notional: notional, second: second, bucket: Int32(bucket), isBuy: side == .buy))
    }

    /// Drops the trades that are out of the window once the clock is in `second`.
    public mutating func expire(before second: Int64) {
        let oldest = second - seconds + 1
        while head < fifo.count && fifo[head].second < oldest {
            let e = fifo[head]
            let slot = e.isBuy ? Int(e.bucket) : buckets + Int(e.bucket)
            counts[slot] &-= 1
            sums[slot] -= e.notional
            head += 1
        }
        // Compact once the dead prefix dominates, so the FIFO stays O(window) and each entry moves O(1) times.
        if head > 4096 && head * 2 > fifo.count {
            fifo.removeFirst(head)
            head = 0
        }
    }

    /// Trades on `side` whose bucket is `bucket` or above, i.e. whose notional ≥ that bucket's lower edge.
    public func atOrAbove(bucket: Int, side: Side) -> LargeTrades {
        let base = side == .buy ? 0 : buckets
        var out = LargeTrades()
        for b in max(0, bucket)..<buckets where counts[base + b] != 0 {
            out.count += Int(counts[base + b])
            out.notional += sums[base + b]
        }
        return out
    }

    /// Approximate bytes held: the FIFO's capacity plus the histograms.
    public var approximateBytes: Int {
        fifo.capacity * MemoryLayout<Entry>.stride + counts.count * 4 + sums.count * MemoryLayout<FixedDecimal>.stride
    }
}
