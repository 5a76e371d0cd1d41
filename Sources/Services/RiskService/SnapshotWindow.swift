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

/// Which realised PnL fills brought: the OMS publishes fills, then the
/// account they changed (one publisher, so in that order); the change of the
/// account's realised PnL belongs to the fills since the previous account,
/// and is given with the last of them (the others realise nothing more).
struct FillAttribution: Sendable {
    private var held: [ModelID: [Fill]] = [:]
    private var realized: [ModelID: FixedDecimal] = [:]

    mutating func hold(_ fill: Fill) { held[fill.modelID, default: []].append(fill) }

    /// The fills waiting for `account`, each with the PnL it realised.
    mutating func attribute(_ account: AccountState) -> [(Fill, FixedDecimal?)] {
        let before = realized[account.modelID] ?? .zero
        realized[account.modelID] = account.realizedPnL
        guard let fills = held.removeValue(forKey: account.modelID), let last = fills.last else { return [] }
        let change = try? account.realizedPnL.subtracting(before)
        return fills.dropLast().map { ($0, FixedDecimal.zero) } + [(last, change)]
    }
}
