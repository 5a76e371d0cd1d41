import ArenaCore

/// The last few snapshots of the arena clock by tick: what a decision is judged against.
struct SnapshotWindow: Sendable {
    let capacity: Int
    private var byTick: [Timestamp: MarketSnapshot] = [:]
    private var ticks: [Timestamp] = []

    init(capacity: Int) { self.capacity = max(1, capacity) }

    mutating func insert(_ snapshot: MarketSnapshot) {
        guard byTick.updateValue(snapshot, forKey: snapshot.tick) == nil else { return }
        ticks.append(snapshot.tick)
        if ticks.count > capacity { byTick[ticks.removeFirst()] = nil }
    }

    subscript(tick: Timestamp) -> MarketSnapshot? { byTick[tick] }
}
