import ArenaCore
import ArenaTesting
import Models

/// Scoring jobs for model tests: the shared builders of `SampleSnapshots`
/// (a snapshot sealed as the arena seals it, a spec hashed as the roster
/// hashes it, a flat account), and the decision a catalogue's model makes.
enum Jobs {
    static func spec(_ id: String, kind: String, _ parameters: [String: String] = [:]) throws -> ModelSpec {
        try SampleSnapshots.spec(id, kind: kind, parameters)
    }

    static func account(_ model: ModelID, at tick: Timestamp, cash: FixedDecimal = 10_000, positions: [PositionState] = []) -> AccountState {
        SampleSnapshots.account(model, at: tick, cash: cash, positions: positions)
    }

    static func job(
        _ spec: ModelSpec, _ snapshot: MarketSnapshot, account: AccountState? = nil, history: [DecisionSummary] = [],
        members: [ModelDecision] = []
    ) throws -> ScoringJob {
        try SampleSnapshots.job(spec, snapshot, account: account, history: history, members: members)
    }

    /// The decision `catalog`'s model for `spec` makes on `job`.
    static func decide(_ job: ScoringJob, catalog: ModelCatalog) async throws -> ModelDecision {
        let model = try catalog.model(job.model)
        return try await model.decide(ModelInput(job)).decision(for: job)
    }
}
