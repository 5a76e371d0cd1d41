import ArenaCore

/// Why a model's answer was not accepted as its decision. The arena records a
/// HOLD with outcome ``ArenaCore/DecisionOutcome/invalid`` and this reason.
public struct DecisionViolation: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong, naming the field.
    public let description: String
}

/// Checks a scorer's answer against the job it answers (spec §4, §14): it must
/// be for this decision id, model, configuration, tick and snapshot, and its
/// values must be in range. Anything else would let a stale or misrouted
/// answer become a second decision, or a nonsense one reach the risk guard.
public enum DecisionValidator {
    /// Longest rationale accepted (spec §14).
    public static let maxRationale = 200

    /// `answer` with the arena's own latency and worker, or the violation.
    public static func accept(
        _ answer: ModelDecision, for job: ScoringJob, latencyMilliseconds: Int64, worker: String
    ) -> Result<ModelDecision, DecisionViolation> {
        if let problem = problem(answer, job) { return .failure(DecisionViolation(description: problem)) }
        var decision = answer
        // The arena measures latency and knows the worker; the scorer's own
        // figures are not trusted for the record.
        decision.latencyMilliseconds = latencyMilliseconds
        decision.worker = worker
        return .success(decision)
    }

    private static func problem(_ d: ModelDecision, _ job: ScoringJob) -> String? {
        if d.decisionID != job.decisionID { return "decision id \(d.decisionID) answers another job (expected \(job.decisionID))" }
        if d.modelID != job.model.id { return "model \(d.modelID) answered the job of \(job.model.id)" }
        if d.configHash != job.model.configHash { return "config hash \(d.configHash.prefix(12)) is not the job's" }
        if d.tick != job.snapshot.tick { return "tick \(d.tick) is not the job's tick \(job.snapshot.tick)" }
        if d.snapshotHash != job.snapshotHash { return "snapshot hash \(d.snapshotHash.prefix(12)) is not the job's" }
        if d.outcome == .timeout { return "a scorer cannot report a timeout; the arena decides timeouts" }
        if d.outcome != .decided && d.action != .hold { return "outcome \(d.outcome.rawValue) must come with HOLD" }
        if d.action != .hold {
            guard let symbol = d.symbol else { return "\(d.action.rawValue) without a symbol" }
            guard job.snapshot.entry(for: symbol) != nil else { return "symbol \(symbol) is not in the snapshot" }
            guard d.positionSizePct.isPositive else { return "\(d.action.rawValue) with position_size_pct \(d.positionSizePct)" }
        } else if let symbol = d.symbol, job.snapshot.entry(for: symbol) == nil {
            return "symbol \(symbol) is not in the snapshot"
        }
        if d.positionSizePct.isNegative || d.positionSizePct > FixedDecimal(1) {
            return "position_size_pct \(d.positionSizePct) is outside 0…1"
        }
        if !(d.confidence >= 0 && d.confidence <= 1) { return "confidence \(d.confidence) is outside 0…1" }
        if d.rationale.count > maxRationale { return "rationale of \(d.rationale.count) characters (at most \(maxRationale))" }
        for (name, price) in [("take_profit", d.takeProfit), ("stop_loss", d.stopLoss)] {
            if let price, !price.isPositive { return "\(name) \(price) must be above 0" }
        }
        if let leverage = d.leverage, leverage < FixedDecimal(1) { return "leverage \(leverage) is below 1" }
        return nil
    }
}
