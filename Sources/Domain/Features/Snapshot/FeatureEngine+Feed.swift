import ArenaCore

extension FeatureEngine {
    /// Feeds `events` (in time order) and takes the snapshot of every decision
    /// tick once the engine is warm, after every event up to the tick has been
    /// applied; stops after `limit` snapshots. What a replay does, without a bus:
    /// for backtests, benchmarks and tests on real data.
    public mutating func snapshots(
        feeding events: [(time: Timestamp, event: MarketMessage)], limit: Int = .max
    ) throws(SnapshotError) -> [MarketSnapshot] {
        var out: [MarketSnapshot] = []
        var pendingTick: Timestamp?
        for (time, event) in events {
            if let tick = pendingTick, time > tick {
                if isWarm { out.append(try snapshot(at: tick)) }
                pendingTick = nil
                if out.count >= limit { return out }
            }
            try apply(event)
            if schedule.isTick(time) { pendingTick = time }
        }
        if let tick = pendingTick, isWarm, out.count < limit { out.append(try snapshot(at: tick)) }
        return out
    }
}
