import ArenaCore

/// What the risk guard remembers about one model: its trading state, the
/// times of its decisions, entries, orders, losses and stop-outs, and which
/// continuous reactions have fired. It changes only by applying records
/// (``ModelBook/apply(_:limits:)`` and friends), so a replay rebuilds it exactly.
struct ModelBook: Sendable, Hashable {
    /// The model's own trading state (the arena's may be stricter).
    var state: TradingStateEntry
    /// The tick of the last decision judged.
    var lastDecisionTick: Timestamp?
    /// When entries were approved, oldest first (the last 24 h).
    var entryTimes = TimeList()
    /// When the model's orders were sent, oldest first (the last second).
    var orderTimes = TimeList()
    /// The last fill that realised a loss.
    var lastLossTime: Timestamp?
    /// Fills of stop-loss orders, oldest first (within the stop-out window).
    var stopOutTimes = TimeList()
    /// Continuous reactions that fired and have not been reset (``RiskRecord/reactionFired(model:key:at:)``).
    var latches: Set<String> = []

    init(model: ModelID) {
        state = TradingStateEntry(modelID: model, state: .active, reason: "start", until: nil)
    }

    static let day: Int64 = 86_400

    /// Notes a verdict made at `time`: its tick, its entry and its orders.
    mutating func noteVerdict(_ verdict: RiskVerdict, at time: Timestamp) {
        lastDecisionTick = verdict.tick
        if verdict.plans.contains(where: { $0.order.purpose.addsRisk }) {
            entryTimes.removeAll(atOrBefore: time.adding(seconds: -Self.day))
            entryTimes.append(time)
        }
        if !verdict.plans.isEmpty {
            orderTimes.removeAll(atOrBefore: time.adding(seconds: -1))
            for _ in verdict.plans { orderTimes.append(time) }
        }
    }

    /// Notes a fill: a realised loss starts the cooldown, a stop-loss fill counts as a stop-out.
    mutating func noteFill(_ fill: Fill, realizedPnL: FixedDecimal?, limits: RiskLimits) {
        if let realizedPnL, realizedPnL.isNegative { lastLossTime = max(lastLossTime ?? fill.time, fill.time) }
        if fill.purpose == .stopLoss {
            let window = limits.stopOutGuard?.windowSeconds ?? 0
            stopOutTimes.removeAll(atOrBefore: fill.time.adding(seconds: -window))
            stopOutTimes.append(fill.time)
        }
    }

    /// Entries approved in the 24 h up to `now`.
    func entries(before now: Timestamp) -> Int { entryTimes.count(after: now.adding(seconds: -Self.day), upTo: now) }

    /// Orders sent in the second up to `now`.
    func orders(before now: Timestamp) -> Int { orderTimes.count(after: now.adding(seconds: -1), upTo: now) }

    /// Until when the stop-out guard pauses entries at `now`, if it does.
    func stopOutPause(at now: Timestamp, guard rule: RiskLimits.StopOutGuard) -> Timestamp? {
        guard rule.count > 0 else { return nil }
        let recent = stopOutTimes.times.filter { $0 > now.adding(seconds: -rule.windowSeconds) && $0 <= now }
        guard recent.count >= rule.count, let last = recent.last else { return nil }
        let until = last.adding(seconds: rule.pauseSeconds)
        return now < until ? until : nil
    }
}
