import ArenaCore
import Synchronization

/// Each model's recent decisions, as its next jobs carry them (spec §5: a
/// decision depends only on its job, which carries "the model's own recent
/// decisions"). Kept in memory, newest last, at most
/// ``ArenaCore/ScoringJob/historyLimit`` per model; reloaded from the
/// decision ledger at start so a restarted feature engine sends the same
/// history it would have sent.
public final class ModelHistory: Sendable {
    private let entries = Mutex<[ModelID: [DecisionSummary]]>([:])

    public init() {}

    /// Appends `decision`, summarised with `snapshot` (its tick's market).
    public func record(_ decision: ModelDecision, snapshot: MarketSnapshot?) {
        let summary = DecisionSummary(decision, snapshot: snapshot)
        entries.withLock { all in
            var list = all[decision.modelID, default: []]
            // A decision for a tick already held (a reload overlapping the live round) is not added twice.
            if let last = list.last, last.tick >= summary.tick { return }
            list.append(summary)
            if list.count > ScoringJob.historyLimit { list.removeFirst(list.count - ScoringJob.historyLimit) }
            all[decision.modelID] = list
        }
    }

    /// The recent decisions of `model`, oldest first.
    public func recent(_ model: ModelID) -> [DecisionSummary] { entries.withLock { $0[model] ?? [] } }
}
