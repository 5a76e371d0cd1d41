import ArenaCore
import ArenaStore
import Synchronization

/// What each LLM agent has spent on the tick's UTC day, summed from the
/// recorded decisions, so every job carries `spentToday` and any scorer replica
/// keeps the same daily budget; and the alerts on a spent budget and on a run
/// of failed decisions.
final class LLMSpending: Sendable {
    /// Kinds this service raises (the alerter's catalogue lists them as `AlertKinds.llmBudgetSpent` and `.llmFailureStreak`).
    static let budgetSpentKind = "llm_budget_spent"
    static let failureStreakKind = "llm_failure_streak"
    /// Failed decisions in a row that raise an alert.
    static let streakLimit = 5

    private struct State {
        var day: Int64?
        var spent: [ModelID: FixedDecimal] = [:]
        var streak: [ModelID: Int] = [:]
        var budgetAlerted: Set<ModelID> = []
    }

    private let state = Mutex(State())

    static func day(of time: Timestamp) -> Int64 {
        let ms = time.milliseconds
        return ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
    }

    /// Makes the tally that of `tick`'s day, reading the day's earlier decisions from `ledger` when the day changed (or at start).
    func prepare(for tick: Timestamp, ledger: DecisionLedger) async throws(StoreError) {
        let day = Self.day(of: tick)
        guard state.withLock({ $0.day != day }) else { return }
        let earlier = try await ledger.decisions(from: Timestamp(milliseconds: day * 86_400_000), before: tick)
        startDay(of: tick)
        state.withLock { s in
            for decision in earlier { s.spent[decision.modelID, default: .zero] += decision.trace?.cost ?? .zero }
        }
    }

    /// Starts `time`'s day with nothing spent (a store that has no earlier decisions of the day).
    func startDay(of time: Timestamp) { state.withLock { $0 = State(day: Self.day(of: time)) } }

    /// What `model` has spent on `tick`'s day before it; nil when the day's tally could not be read.
    func spent(_ model: ModelID, on tick: Timestamp) -> FixedDecimal? {
        state.withLock { $0.day == Self.day(of: tick) ? $0.spent[model] ?? .zero : nil }
    }

    /// Counts `decision`'s cost; returns the alerts it raises.
    func record(_ decision: ModelDecision, source: ServiceName) -> [Alert] {
        guard let exchange = decision.exchange else { return [] }
        return state.withLock { s in
            let model = decision.modelID, day = Self.day(of: decision.tick)
            // A decision of a day the tally has left (a round still in flight at midnight) counts for neither day.
            guard day == s.day else { return [] }
            s.spent[model, default: .zero] += decision.trace?.cost ?? .zero
            var alerts: [Alert] = []
            if exchange.violations.contains("budget_exhausted"), s.budgetAlerted.insert(model).inserted {
                alerts.append(Alert(
                    id: "\(Self.budgetSpentKind)-\(model)-\(day)", severity: .warning, kind: Self.budgetSpentKind, source: source,
                    title: "\(model) spent its LLM budget", message: "The agent holds until 00:00 UTC: \(decision.trace?.validationErrors.first ?? "")",
                    model: model, fields: ["spent_usd": "\(s.spent[model] ?? .zero)"], time: decision.tick
                ))
            }
            // A decision without one valid reply is a failure; a budget HOLD is not (it has its own alert).
            let failed = !exchange.calls.contains { $0.violations.isEmpty } && !exchange.violations.contains("budget_exhausted")
            s.streak[model] = failed ? (s.streak[model] ?? 0) + 1 : 0
            if s.streak[model] == Self.streakLimit {
                alerts.append(Alert(
                    id: "\(Self.failureStreakKind)-\(model)-\(decision.tick.milliseconds)", severity: .error, kind: Self.failureStreakKind,
                    source: source, title: "\(model): \(Self.streakLimit) LLM decisions in a row failed",
                    message: decision.trace?.validationErrors.prefix(3).joined(separator: "; ") ?? "", model: model, time: decision.tick
                ))
            }
            return alerts
        }
    }
}
