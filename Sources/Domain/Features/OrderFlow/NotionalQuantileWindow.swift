import ArenaCore

/// Streaming percentiles of trade quote notional over the last 24 hours.
///
/// Counts per ``NotionalScale`` bucket are kept per UTC hour (24 slots) and
/// merged into one running histogram: a trade costs two increments, an hour
/// rolling over costs one pass over the buckets, and a query one cumulative
/// pass. The window is the current hour plus the 23 before it (23–24 h of
/// trades), decided by hour index like every ``BucketWindow``.
///
/// Error bound: ``percentile(_:)`` reports the lower edge `L` of the bucket
/// holding the exact nearest-rank percentile `q` of the window's notionals,
/// so `L ≤ q < L × (1 + ε)` (ε = ``NotionalScale/epsilon``, 1 % for
/// ``NotionalScale/usd``), and `L = 0` when `q < e₀`. Only the bucket is
/// approximate: ranks are counted exactly.
public struct NotionalQuantileWindow: Sendable {
    /// The buckets.
    public let scale: NotionalScale
    /// Hours in the window (24).
    public let hours: Int
    private var slots: [UInt32]
    private var merged: [UInt32]
    private var currentSlot = 0
    /// Trades in the window.
    public private(set) var count = 0

    /// An empty window of `hours` hourly slots over `scale`.
    public init(scale: NotionalScale = .usd, hours: Int = 24) {
        precondition(hours >= 1)
        self.scale = scale
        self.hours = hours
        slots = Array(repeating: 0, count: hours * scale.count)
        merged = Array(repeating: 0, count: scale.count)
    }

    /// Counts one trade whose notional falls in `bucket` (from ``NotionalScale/bucket(_:)``).
    @inline(__always)
    public mutating func add(bucket: Int) {
        slots[currentSlot * scale.count + bucket] &+= 1
        merged[bucket] &+= 1
        count += 1
    }

    /// Moves `steps` hours on, dropping the hours that leave the window.
    public mutating func advance(hours steps: Int) {
        if steps >= hours {
            for i in slots.indices { slots[i] = 0 }
            for i in merged.indices { merged[i] = 0 }
            count = 0
            currentSlot = (currentSlot + steps) % hours
            return
        }
        for _ in 0..<max(0, steps) {
            currentSlot = (currentSlot + 1) % hours
            let base = currentSlot * scale.count
            for b in 0..<scale.count where slots[base + b] != 0 {
                merged[b] &-= slots[base + b]
                count -= Int(slots[base + b])
                slots[base + b] = 0
            }
        }
    }

    /// The bucket holding the nearest-rank `percent` (1…100) percentile, nil when empty.
    public func percentileBucket(_ percent: Int) -> Int? {
        guard count > 0, (1...100).contains(percent) else { return nil }
        let rank = nearestRank(percent: percent, count: count)
        var seen = 0
        for b in merged.indices {
            seen += Int(merged[b])
            if seen >= rank { return b }
        }
        return nil
    }

    /// The `percent` percentile within the bound stated on the type; nil when empty.
    public func percentile(_ percent: Int) -> FixedDecimal? {
        percentileBucket(percent).map { scale.lowerEdges[$0] }
    }
}
