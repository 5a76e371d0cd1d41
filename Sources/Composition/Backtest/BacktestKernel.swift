import ArenaCore
import ArenaWire
import Execution
import Features
import FeaturesService
import Models
import OMSService
import Risk

/// The arena in one loop: the kernels every service runs, composed in the order a lockstep replay
/// (ADR 0016) gives their inputs, on the market time of the data.
///
/// For each message the gateway would publish, in order:
/// 1. a decision tick whose minute is complete (the message is later than the tick) has its round:
///    the snapshot is sealed, every model decides in the arena clock's phases on its job (its
///    account, its history, an ensemble's members), each answer is checked as the arena clock checks
///    it, judged by the risk guard's engine on the model's account, and its orders go to the OMS kernel;
/// 2. the OMS kernel takes the message (fills, triggers, funding, liquidations, marks); the risk
///    guard's engine hears the fills and accounts (continuous rules, forced exits);
/// 3. the feature engine takes the message.
///
/// So a decision at tick t sees only data up to t and its orders fill on data after t, as in the
/// services. No code here knows it is in a backtest: the clock is the data's, the transport is a
/// function call, the venue is the paper venue.
public struct BacktestKernel {
    public let setup: BacktestSetup
    private var features: FeatureEngine
    private var risk: RiskEngine
    private var execution: ExecutionKernel
    private var attribution = FillAttribution()
    /// Each model's recent decisions, kept as the arena clock keeps them.
    private let history = ModelHistory()
    /// The roster's built models by id (looked up for every job).
    private let models: [ModelID: any TradingModel]
    private var pendingTick: Timestamp?
    private var sink: any BacktestSink
    /// Decision rounds run.
    public private(set) var rounds = 0

    /// A kernel for `setup` whose records go to `sink`.
    public init(_ setup: BacktestSetup, sink: any BacktestSink) throws {
        self.setup = setup
        features = try FeatureEngine(configuration: setup.features)
        risk = RiskEngine(limits: setup.limits, models: setup.models, venue: setup.execution.venue)
        execution = ExecutionKernel(configuration: setup.execution, models: setup.models)
        models = Dictionary(setup.plan.roster.models.map { ($0.spec.id, $0.model) }, uniquingKeysWith: { first, _ in first })
        self.sink = sink
    }

    /// Takes one message of the market, in the gateway's order.
    public mutating func take(_ message: MarketMessage) async throws {
        let time = message.time
        if let tick = pendingTick, time > tick {
            pendingTick = nil
            try await round(at: tick)
        }
        try sink.market(message)
        if let input = Self.fillInput(message, fillOn: setup.fillOn) { try apply(execution.handle(input).records) }
        if Self.featuresTake(message, indicatorTimeframe: setup.features.indicatorTimeframe) { try features.apply(message) }
        if case .bar(let bar) = message, bar.timeframe == .m1, bar.isClosed, features.schedule.isTick(time) { pendingTick = time }
    }

    /// Runs the round still due after the last message (its orders never fill: no data follows),
    /// and returns the final ledgers.
    public mutating func finish() async throws -> [ModelLedger] {
        if let tick = pendingTick {
            pendingTick = nil
            try await round(at: tick)
        }
        try sink.finish()
        return setup.models.compactMap { execution.ledger(of: $0) }
    }

    /// What the feature engine subscribes to: every market message but bars of timeframes other than
    /// 1m and the indicators' (``FeaturesService/FeaturesComponent``'s topics).
    static func featuresTake(_ message: MarketMessage, indicatorTimeframe: Timeframe) -> Bool {
        guard case .bar(let bar) = message else { return true }
        return bar.timeframe == .m1 || bar.timeframe == indicatorTimeframe
    }

    /// What the OMS fills on, as its market feed selects it.
    static func fillInput(_ message: MarketMessage, fillOn: ExecutionConfig.FillSource) -> MarketInput? {
        switch message {
        case .bar(let bar) where fillOn == .bars && bar.timeframe == .m1 && bar.isClosed: .bar(bar)
        case .trade(let trade) where fillOn == .trades: .trade(trade)
        case .depth(let depth): .depth(depth)
        case .funding(let rate): .funding(rate)
        default: nil
        }
    }

    // MARK: The round

    private mutating func round(at tick: Timestamp) async throws {
        guard features.isWarm else { return }
        let snapshot = try features.snapshot(at: tick)
        let sealed = try SealedSnapshot(sealing: snapshot)
        try apply(execution.accountsAtTick(tick).records)
        rounds += 1
        var decided: [ModelID: ModelDecision] = [:]
        var entries: [RoundEntry] = []
        for phase in setup.plan.phases {
            for spec in phase {
                let decision = try await decide(spec, sealed: sealed, members: setup.plan.members(of: spec.id).compactMap { decided[$0] })
                decided[spec.id] = decision
                entries.append(RoundEntry(decision))
                try record(decision, snapshot: snapshot)
            }
        }
        try sink.round(RoundRecord(tick: tick, snapshotHash: sealed.hash, startedAt: tick, finishedAt: tick, entries: entries, number: Int64(rounds)))
    }

    /// One model's decision on its job, checked as the arena clock checks a scorer's answer.
    private func decide(_ spec: ModelSpec, sealed: SealedSnapshot, members: [ModelDecision]) async throws -> ModelDecision {
        let tick = sealed.snapshot.tick
        let job = ScoringJob(
            decisionID: ScoringJob.decisionID(model: spec.id, tick: tick), model: spec, sealed: sealed,
            account: account(of: spec.id, at: tick), deadline: tick, history: history.recent(spec.id), members: members
        )
        guard let model = models[spec.id] else {
            return .hold(for: job, outcome: .failed, reason: "\(spec.id) is not in the roster", latencyMilliseconds: 0, worker: Self.worker)
        }
        let answer: ModelDecision
        do { answer = try await model.decide(ModelInput(job)).decision(for: job) } catch {
            return .hold(for: job, outcome: .failed, reason: "\(spec.kind) failed: \(error)", latencyMilliseconds: 0, worker: Self.worker)
        }
        switch DecisionValidator.accept(answer, for: job, latencyMilliseconds: 0, worker: Self.worker) {
        case .success(let decision): return decision
        case .failure(let violation):
            return .hold(for: job, outcome: .invalid, reason: violation.description, latencyMilliseconds: 0, worker: Self.worker)
        }
    }

    /// Records `decision`, has it judged, and sends its orders.
    private mutating func record(_ decision: ModelDecision, snapshot: MarketSnapshot) throws {
        try sink.decision(decision)
        history.record(decision, snapshot: snapshot)
        let evaluation = risk.evaluate(decision, snapshot: snapshot, account: account(of: decision.modelID, at: decision.tick), now: decision.tick)
        try sink.verdict(evaluation.verdict)
        for change in evaluation.stateChanges { try sink.stateChange(change) }
        try send(evaluation.commands)
    }

    // MARK: OMS and risk

    private mutating func send(_ commands: [OrderCommand]) throws {
        for command in commands { try apply(execution.handle(command).records) }
    }

    /// Records the OMS kernel's output and lets the risk guard's engine hear its fills and accounts,
    /// sending what it reacts with (a reaction's own reaction within the same call is not waited for,
    /// as in a lockstep replay).
    private mutating func apply(_ records: [ExecutionRecord], reacting: Bool = true) throws {
        var reactions: [OrderCommand] = []
        for record in records {
            try sink.execution(record)
            switch record {
            case .fill(let fill): attribution.hold(fill)
            case .account(let account):
                for (fill, pnl) in attribution.attribute(account) { _ = risk.observe(fill, realizedPnL: pnl) }
                let reaction = risk.observe(account, now: account.asOf)
                for change in reaction.stateChanges { try sink.stateChange(change) }
                reactions += reaction.commands
            default: break
            }
        }
        guard reacting else { return }
        for command in reactions { try apply(execution.handle(command).records, reacting: false) }
    }

    private func account(of model: ModelID, at time: Timestamp) -> AccountState {
        execution.account(of: model) ?? .opening(model: model, capital: setup.execution.startingCapital, at: time)
    }

    /// The worker named on every decision of a backtest.
    static let worker = "backtest"
}
