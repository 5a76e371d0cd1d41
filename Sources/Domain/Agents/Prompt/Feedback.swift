import ArenaCore

/// The agent's own record over its recent decisions (seed 001 §6.3): how its
/// entries fared by the next decision's prices, with the best and worst
/// strategy and regime. Made only from the job's history, which holds
/// decisions before the tick.
public struct Feedback: Sendable, Hashable {
    /// Entries scored (a BUY or SELL that opened, added or flipped, with a later price to score it).
    public var trades: Int
    /// Share of scored entries that gained by the next decision.
    public var winRate: Double
    /// Mean return of the scored entries in their direction, as a fraction.
    public var averageReturn: Double
    /// Strategies by the mean of signal × next return (allocator decisions only): best and worst.
    public var bestStrategy: (name: String, edge: Double)?
    public var worstStrategy: (name: String, edge: Double)?
    /// Regimes by mean entry return: best and worst.
    public var bestRegime: (name: String, mean: Double)?
    public var worstRegime: (name: String, mean: Double)?

    public static func == (a: Feedback, b: Feedback) -> Bool { a.lines == b.lines }
    public func hash(into hasher: inout Hasher) { hasher.combine(lines) }

    /// The record of `history` (oldest first), only decisions before `tick`.
    public init(history: [DecisionSummary], before tick: Timestamp) {
        let past = history.filter { $0.tick < tick }
        var returns: [Double] = []
        var byRegime: [String: [Double]] = [:]
        var edges: [String: [Double]] = [:]
        for (earlier, later) in zip(past, past.dropFirst()) {
            guard let symbol = earlier.symbol, let p0 = earlier.price(of: symbol), let p1 = later.price(of: symbol), p0.isPositive else { continue }
            let move = p1.doubleValue / p0.doubleValue - 1
            for signal in earlier.signals where !signal.name.hasPrefix(DecisionSummary.regimePrefix) {
                edges[signal.name, default: []].append(signal.value * move)
            }
            guard earlier.outcome == .decided, earlier.action != .hold, [.open, .add, .flip].contains(earlier.intent) else { continue }
            let r = earlier.action == .buy ? move : -move
            returns.append(r)
            if let regime = earlier.regime { byRegime[regime, default: []].append(r) }
        }
        trades = returns.count
        winRate = returns.isEmpty ? 0 : Double(returns.filter { $0 > 0 }.count) / Double(returns.count)
        averageReturn = returns.isEmpty ? 0 : returns.reduce(0, +) / Double(returns.count)
        let strategyMeans = edges.map { ($0.key, $0.value.reduce(0, +) / Double($0.value.count)) }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
        bestStrategy = strategyMeans.first.map { (name: $0.0, edge: $0.1) }
        worstStrategy = strategyMeans.count > 1 ? strategyMeans.last.map { (name: $0.0, edge: $0.1) } : nil
        let regimeMeans = byRegime.map { ($0.key, $0.value.reduce(0, +) / Double($0.value.count)) }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
        bestRegime = regimeMeans.first.map { (name: $0.0, mean: $0.1) }
        worstRegime = regimeMeans.count > 1 ? regimeMeans.last.map { (name: $0.0, mean: $0.1) } : nil
    }

    /// The block's lines as the prompt states them.
    public var lines: [String] {
        guard trades > 0 || bestStrategy != nil else { return ["No scored decisions yet."] }
        var out = ["Entries scored: \(trades); win rate: \(PromptNumber.percent(winRate)); average return: \(PromptNumber.percent(averageReturn))"]
        if let best = bestStrategy { out.append("Best strategy: \(best.name) (edge \(PromptNumber.double(best.edge)))") }
        if let worst = worstStrategy { out.append("Worst strategy: \(worst.name) (edge \(PromptNumber.double(worst.edge)))") }
        if let best = bestRegime { out.append("Best regime: \(best.name) (mean return \(PromptNumber.percent(best.mean)))") }
        if let worst = worstRegime { out.append("Worst regime: \(worst.name) (mean return \(PromptNumber.percent(worst.mean)))") }
        return out
    }
}
