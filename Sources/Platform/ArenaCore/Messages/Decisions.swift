/// What a model is: its id, kind, version and parameters (spec §5). The
/// config hash covers all of them, so a changed parameter is a different
/// model configuration on every decision it makes.
public struct ModelSpec: Sendable, Hashable, Codable {
    public var id: ModelID
    /// The model kind: `ema_trend`, `orderflow`, `llm`, `ensemble`, `buy_and_hold`, …
    public var kind: String
    /// The configuration's version, as the operator names it.
    public var version: String
    /// Parameters as flattened `key.path = value` pairs, sorted by key.
    public var parameters: [ModelParameter]
    /// Lower-case hex SHA-256 of the canonical bytes of the fields above.
    public var configHash: String

    public init(id: ModelID, kind: String, version: String, parameters: [ModelParameter], configHash: String) {
        self.id = id
        self.kind = kind
        self.version = version
        self.parameters = parameters
        self.configHash = configHash
    }

    /// The value of parameter `key`.
    public func parameter(_ key: String) -> String? { parameters.first { $0.key == key }?.value }
}

/// One model parameter.
public struct ModelParameter: Sendable, Hashable, Codable {
    /// Dotted key path: `ema_fast`, `provider.base_url`.
    public var key: String
    /// The value as written in the configuration.
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A scoring job: one model, one tick (sent by the arena clock to the scorer pool).
public struct ScoringJob: Sendable, Hashable {
    /// The id the decision must carry: `<model>@<tick in ms>`, one per model per tick.
    public var decisionID: String
    public var model: ModelSpec
    /// The tick's snapshot with its canonical bytes and hash: the same bytes in every job of the round.
    public var sealed: SealedSnapshot
    /// The model's own account at the tick.
    public var account: AccountState
    /// When the arena stops waiting and records a HOLD (timeout).
    public var deadline: Timestamp
    /// The model's own recent decisions, oldest first (at most ``historyLimit``):
    /// what a stateless model knows of its past (cooldowns, flips).
    public var history: [DecisionSummary]
    /// For an ensemble: the decisions its members made for this same tick, in
    /// the order of its `members` parameter. Empty for every other kind.
    public var members: [ModelDecision]

    /// What the model's LLM calls have cost since 00:00 UTC of the tick's day, before this tick, in USD
    /// (since 2.1): how an agent keeps its daily budget on any scorer replica. Nil when the arena
    /// clock does not know (an older sender).
    public var spentToday: FixedDecimal?

    /// How many recent decisions a job carries.
    public static let historyLimit = 48

    public init(
        decisionID: String, model: ModelSpec, sealed: SealedSnapshot, account: AccountState, deadline: Timestamp,
        history: [DecisionSummary] = [], members: [ModelDecision] = [], spentToday: FixedDecimal? = nil
    ) {
        self.decisionID = decisionID
        self.model = model
        self.sealed = sealed
        self.account = account
        self.deadline = deadline
        self.history = history
        self.members = members
        self.spentToday = spentToday
    }

    /// The snapshot.
    public var snapshot: MarketSnapshot { sealed.snapshot }
    /// Lower-case hex SHA-256 of the snapshot's canonical bytes.
    public var snapshotHash: String { sealed.hash }

    /// The decision id of `model` at `tick`.
    public static func decisionID(model: ModelID, tick: Timestamp) -> String {
        "\(model.value)@\(tick.nanoseconds / 1_000_000)"
    }
}

/// What a model wants to do (spec §14).
public enum TradeAction: String, WireEnum {
    case buy = "BUY"
    case sell = "SELL"
    case hold = "HOLD"
}

/// How a decision came about.
public enum DecisionOutcome: String, WireEnum {
    /// The model answered in time with a valid decision.
    case decided = "DECIDED"
    /// No answer before the deadline: recorded as HOLD.
    case timeout = "TIMEOUT"
    /// The model or its worker failed: recorded as HOLD.
    case failed = "FAILED"
    /// The answer broke the contract (wrong id, tick, snapshot or values): recorded as HOLD.
    case invalid = "INVALID"
}

/// One model's decision at one tick, with what it was made from. A scorer
/// answers a ``ScoringJob`` with one; the arena clock records it (or a HOLD
/// in its place), forwards it to the risk guard and publishes it on
/// `decision.<model>`.
public struct ModelDecision: Sendable, Hashable, Codable {
    /// `<model>@<tick in ms>` (``ScoringJob/decisionID(model:tick:)``).
    public var decisionID: String
    public var modelID: ModelID
    public var configHash: String
    public var tick: Timestamp
    public var snapshotHash: String
    public var outcome: DecisionOutcome
    public var action: TradeAction
    /// The symbol to trade; nil for a HOLD on nothing.
    public var symbol: Symbol?
    /// Fraction of NAV, 0…1.
    public var positionSizePct: FixedDecimal
    /// Absolute prices.
    public var takeProfit: FixedDecimal?
    public var stopLoss: FixedDecimal?
    /// Leverage asked for (perpetual profile).
    public var leverage: FixedDecimal?
    /// 0…1.
    public var confidence: Double
    /// At most 200 characters from the model; for a HOLD in place of a decision, why.
    public var rationale: String
    /// From dispatch to the answer (or to the deadline), in milliseconds.
    public var latencyMilliseconds: Int64
    /// The worker that answered, when one did.
    public var worker: String?
    /// LLM details (prompt, raw reply, validation, tokens, cost); nil for other kinds.
    public var trace: DecisionTrace?
    /// Whether the order opens, adds, reduces, closes or flips (``PositionIntent/none`` for a HOLD).
    public var intent: PositionIntent
    /// The exit plan of an entry, when the model sets one beyond `take_profit` and `stop_loss`.
    public var bracket: Bracket?
    /// The numbers behind the decision: inputs, layer scores, weights, votes.
    public var details: DecisionDetails?
    /// An LLM agent's calls, one per sample, with each raw and parsed reply (since 2.1); nil for other kinds.
    public var exchange: LLMExchange?
    /// A learned model's file: its path and SHA-256 (since 2.2); nil for other kinds.
    public var modelFile: ModelFileStamp?

    public init(
        decisionID: String, modelID: ModelID, configHash: String, tick: Timestamp, snapshotHash: String,
        outcome: DecisionOutcome, action: TradeAction, symbol: Symbol?, positionSizePct: FixedDecimal,
        takeProfit: FixedDecimal?, stopLoss: FixedDecimal?, leverage: FixedDecimal?, confidence: Double,
        rationale: String, latencyMilliseconds: Int64, worker: String?, trace: DecisionTrace?,
        intent: PositionIntent? = nil, bracket: Bracket? = nil, details: DecisionDetails? = nil, exchange: LLMExchange? = nil,
        modelFile: ModelFileStamp? = nil
    ) {
        self.decisionID = decisionID
        self.modelID = modelID
        self.configHash = configHash
        self.tick = tick
        self.snapshotHash = snapshotHash
        self.outcome = outcome
        self.action = action
        self.symbol = symbol
        self.positionSizePct = positionSizePct
        self.takeProfit = takeProfit
        self.stopLoss = stopLoss
        self.leverage = leverage
        self.confidence = confidence
        self.rationale = rationale
        self.latencyMilliseconds = latencyMilliseconds
        self.worker = worker
        self.trace = trace
        // A decision made before intents existed: BUY opens, SELL closes (the spot profile's reading).
        self.intent = intent ?? (action == .hold ? .none : action == .buy ? .open : .close)
        self.bracket = bracket
        self.details = details
        self.exchange = exchange
        self.modelFile = modelFile
    }

    /// The HOLD recorded for `job` when no valid decision came: `outcome` says why, `reason` in words.
    public static func hold(for job: ScoringJob, outcome: DecisionOutcome, reason: String, latencyMilliseconds: Int64, worker: String?) -> ModelDecision {
        ModelDecision(
            decisionID: job.decisionID, modelID: job.model.id, configHash: job.model.configHash, tick: job.snapshot.tick,
            snapshotHash: job.snapshotHash, outcome: outcome, action: .hold, symbol: nil, positionSizePct: .zero,
            takeProfit: nil, stopLoss: nil, leverage: nil, confidence: 0, rationale: String(reason.prefix(200)),
            latencyMilliseconds: latencyMilliseconds, worker: worker, trace: nil
        )
    }
}

/// What an LLM agent sent and got back, for tracing a decision to its prompt.
public struct DecisionTrace: Sendable, Hashable, Codable {
    public var promptTemplateVersion: String
    /// Lower-case hex SHA-256 of `prompt`.
    public var promptHash: String
    public var prompt: String
    public var rawReply: String
    /// Why the reply was rejected, if it was.
    public var validationErrors: [String]
    public var inputTokens: Int64
    public var outputTokens: Int64
    /// In USD.
    public var cost: FixedDecimal

    public init(
        promptTemplateVersion: String, promptHash: String, prompt: String, rawReply: String, validationErrors: [String],
        inputTokens: Int64, outputTokens: Int64, cost: FixedDecimal
    ) {
        self.promptTemplateVersion = promptTemplateVersion
        self.promptHash = promptHash
        self.prompt = prompt
        self.rawReply = rawReply
        self.validationErrors = validationErrors
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cost = cost
    }
}

/// The risk guard's receipt for a forwarded decision (request/reply).
public struct DecisionAck: Sendable, Hashable, Codable {
    public var decisionID: String
    /// False when the decision id was already known: the resend was ignored.
    public var firstReceipt: Bool

    public init(decisionID: String, firstReceipt: Bool) {
        self.decisionID = decisionID
        self.firstReceipt = firstReceipt
    }
}

/// One decision round: the tick, the snapshot every model saw, and what became
/// of each model. Published on `round.completed` and recorded.
public struct RoundRecord: Sendable, Hashable, Codable {
    public var tick: Timestamp
    public var snapshotHash: String
    /// When dispatch began and when the last model's outcome was known.
    public var startedAt: Timestamp
    public var finishedAt: Timestamp
    /// One entry per model of the roster, in roster order.
    public var entries: [RoundEntry]
    /// The round's ordinal among the arena's recorded rounds (1 for the first tick), the same
    /// after any restart; nil when the ledger could not say (since 1.1).
    public var number: Int64?

    public init(tick: Timestamp, snapshotHash: String, startedAt: Timestamp, finishedAt: Timestamp, entries: [RoundEntry], number: Int64? = nil) {
        self.tick = tick
        self.snapshotHash = snapshotHash
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.entries = entries
        self.number = number
    }
}

/// One model's line in a ``RoundRecord``.
public struct RoundEntry: Sendable, Hashable, Codable {
    public var modelID: ModelID
    public var decisionID: String
    public var outcome: DecisionOutcome
    public var action: TradeAction
    public var latencyMilliseconds: Int64

    public init(modelID: ModelID, decisionID: String, outcome: DecisionOutcome, action: TradeAction, latencyMilliseconds: Int64) {
        self.modelID = modelID
        self.decisionID = decisionID
        self.outcome = outcome
        self.action = action
        self.latencyMilliseconds = latencyMilliseconds
    }
}
