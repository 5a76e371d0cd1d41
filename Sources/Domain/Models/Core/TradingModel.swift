import ArenaCore

/// A model of any kind (spec §5): built from its checked parameters, it
/// declares what it reads and turns one job's input into a proposal.
///
/// Models are stateless: a decision depends only on the ``ModelInput`` (the
/// tick's snapshot, the model's account, its own recent decisions and, for
/// an ensemble, its members' decisions at the same tick). Any scorer replica
/// can answer any job, and the same input always gives the same proposal.
public protocol TradingModel: Sendable {
    /// The kind's name, parameters and workload.
    static var schema: ModelSchema { get }
    /// Builds the model; parameters that do not fit together are an error naming the key.
    init(parameters: ModelParameters) throws(ModelConfigError)
    /// What the model reads from the snapshot.
    var needs: MarketNeeds { get }
    /// Members whose decisions this model needs at the same tick (ensembles); empty for every other kind.
    var members: [ModelID] { get }
    /// The proposal for one job. Throwing records a HOLD with outcome FAILED and the error's description.
    func decide(_ input: ModelInput) async throws -> ModelProposal
}

extension TradingModel {
    public var members: [ModelID] { [] }
}

/// What a model proposes; the scorer stamps it with the job's ids and hashes
/// to make the ``ArenaCore/ModelDecision``, so a model cannot answer another job.
public struct ModelProposal: Sendable, Hashable {
    public var action: TradeAction
    public var intent: PositionIntent
    public var symbol: Symbol?
    /// For OPEN, ADD and FLIP: the fraction of NAV; for REDUCE: the fraction of the position; 1 for CLOSE.
    public var positionSizePct: FixedDecimal
    public var takeProfit: FixedDecimal?
    public var stopLoss: FixedDecimal?
    public var leverage: FixedDecimal?
    public var confidence: Double
    /// ≤ 200 characters, naming the values behind the decision.
    public var rationale: String
    public var bracket: Bracket?
    public var details: DecisionDetails?
    public var trace: DecisionTrace?
    /// An LLM agent's calls and replies.
    public var exchange: LLMExchange?
    /// A learned model's file.
    public var modelFile: ModelFileStamp?

    public init(
        action: TradeAction, intent: PositionIntent, symbol: Symbol?, positionSizePct: FixedDecimal, takeProfit: FixedDecimal? = nil,
        stopLoss: FixedDecimal? = nil, leverage: FixedDecimal? = nil, confidence: Double, rationale: String, bracket: Bracket? = nil,
        details: DecisionDetails? = nil, trace: DecisionTrace? = nil, exchange: LLMExchange? = nil, modelFile: ModelFileStamp? = nil
    ) {
        self.action = action
        self.intent = intent
        self.symbol = symbol
        self.positionSizePct = positionSizePct
        self.takeProfit = takeProfit
        self.stopLoss = stopLoss
        self.leverage = leverage
        self.confidence = confidence
        self.rationale = rationale
        self.bracket = bracket
        self.details = details
        self.trace = trace
        self.exchange = exchange
        self.modelFile = modelFile
    }

    /// A HOLD saying why, with the values behind it.
    public static func hold(_ rationale: String, symbol: Symbol? = nil, confidence: Double = 0, details: DecisionDetails? = nil) -> ModelProposal {
        ModelProposal(action: .hold, intent: .none, symbol: symbol, positionSizePct: .zero, confidence: confidence, rationale: rationale, details: details)
    }

    /// Closes the whole position `position` (a SELL for a long, a BUY for a short).
    public static func close(_ position: PositionState, confidence: Double, rationale: String, details: DecisionDetails? = nil) -> ModelProposal {
        ModelProposal(
            action: position.quantity.isNegative ? .buy : .sell, intent: .close, symbol: position.symbol, positionSizePct: .one,
            confidence: confidence, rationale: rationale, details: details
        )
    }
}

extension ModelProposal {
    /// The decision for `job` made of this proposal (rationale cut to 200 characters).
    public func decision(for job: ScoringJob, latencyMilliseconds: Int64 = 0) -> ModelDecision {
        ModelDecision(
            decisionID: job.decisionID, modelID: job.model.id, configHash: job.model.configHash, tick: job.snapshot.tick,
            snapshotHash: job.snapshotHash, outcome: .decided, action: action, symbol: symbol, positionSizePct: positionSizePct,
            takeProfit: takeProfit, stopLoss: stopLoss, leverage: leverage, confidence: confidence, rationale: String(rationale.prefix(200)),
            latencyMilliseconds: latencyMilliseconds, worker: nil, trace: trace, intent: intent, bracket: bracket, details: details,
            exchange: exchange, modelFile: modelFile
        )
    }
}
