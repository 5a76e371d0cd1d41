import ArenaCore
import ArenaWire
import Models

/// Scoring jobs for model tests: a snapshot sealed as the arena seals it, a
/// model spec hashed as the roster hashes it, and an account.
enum Jobs {
    /// The spec of `kind` with `parameters`, hashed like a roster entry.
    static func spec(_ id: String, kind: String, _ parameters: [String: String] = [:]) throws -> ModelSpec {
        var spec = ModelSpec(
            id: try ModelID(id), kind: kind, version: "1",
            parameters: parameters.map { ModelParameter(key: $0.key, value: $0.value) }.sorted { $0.key < $1.key }, configHash: ""
        )
        spec.configHash = try CanonicalHash.hex(of: spec)
        return spec
    }

    /// A flat account of 10,000 USDT, or holding `positions`.
    static func account(_ model: ModelID, at tick: Timestamp, cash: FixedDecimal = 10_000, positions: [PositionState] = []) -> AccountState {
        AccountState(
            modelID: model, source: .ledger, asOf: tick, sequence: 1, cash: cash, positions: positions, nav: cash, realizedPnL: .zero,
            fees: .zero
        )
    }

    /// The job of `spec` on `snapshot`.
    static func job(
        _ spec: ModelSpec, _ snapshot: MarketSnapshot, account: AccountState? = nil, history: [DecisionSummary] = [],
        members: [ModelDecision] = []
    ) throws -> ScoringJob {
        ScoringJob(
            decisionID: ScoringJob.decisionID(model: spec.id, tick: snapshot.tick), model: spec,
            sealed: try SealedSnapshot(sealing: snapshot), account: account ?? Self.account(spec.id, at: snapshot.tick),
            deadline: snapshot.tick.advanced(by: .seconds(8)), history: history, members: members
        )
    }

    /// The decision `catalog`'s model for `spec` makes on `job`.
    static func decide(_ job: ScoringJob, catalog: ModelCatalog) async throws -> ModelDecision {
        let model = try catalog.model(job.model)
        return try await model.decide(ModelInput(job)).decision(for: job)
    }
}
