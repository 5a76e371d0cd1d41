/// What a model (or the whole arena) may do (spec §6).
public enum TradingState: String, WireEnum {
    /// Anything the rules allow.
    case active = "ACTIVE"
    /// Only orders that reduce or close.
    case reducing = "REDUCING"
    /// No new risk; closing and reducing orders still pass.
    case halted = "HALTED"

    /// The stricter of two states (a model's own and the arena's).
    public func stricter(_ other: TradingState) -> TradingState {
        func rank(_ s: TradingState) -> Int { s == .active ? 0 : s == .reducing ? 1 : 2 }
        return rank(self) >= rank(other) ? self : other
    }
}

/// What the risk guard made of a decision.
public enum VerdictOutcome: String, WireEnum {
    case approved = "APPROVED"
    /// Approved with changes (``RiskVerdict/changes`` says which and why).
    case resized = "RESIZED"
    case rejected = "REJECTED"
    /// The decision asked for no order (a HOLD): nothing to check.
    case noOrder = "NO_ORDER"
}

/// One change the risk guard made to a decision.
public struct VerdictChange: Sendable, Hashable, Codable {
    /// What changed: `quantity`, `stop_loss`, `take_profit`, `leverage`.
    public var field: String
    public var from: String
    public var to: String
    /// The rule's reason code.
    public var rule: String

    public init(field: String, from: String, to: String, rule: String) {
        self.field = field
        self.from = from
        self.to = to
        self.rule = rule
    }
}

/// The risk guard's verdict on one decision, recorded and published on
/// `risk.verdict.<model>`: with the decision and the order, the audit shows
/// intent → risk edit → order.
public struct RiskVerdict: Sendable, Hashable, Codable {
    public var decisionID: String
    public var modelID: ModelID
    public var tick: Timestamp
    public var outcome: VerdictOutcome
    /// Reason codes of the rules that rejected or resized it (`max_order_pct`, `halted`, …).
    public var reasons: [String]
    public var changes: [VerdictChange]
    /// What goes to the OMS (approved or resized), in order: a flip closes, then opens.
    public var plans: [OrderPlan]
    /// The state it was judged under (the stricter of the model's and the arena's).
    public var state: TradingState
    /// The model's NAV it was sized against.
    public var nav: FixedDecimal
    /// Words for a reader.
    public var message: String

    public init(
        decisionID: String, modelID: ModelID, tick: Timestamp, outcome: VerdictOutcome, reasons: [String], changes: [VerdictChange],
        plans: [OrderPlan], state: TradingState, nav: FixedDecimal, message: String
    ) {
        self.decisionID = decisionID
        self.modelID = modelID
        self.tick = tick
        self.outcome = outcome
        self.reasons = reasons
        self.changes = changes
        self.plans = plans
        self.state = state
        self.nav = nav
        self.message = message
    }
}

/// A change of a trading state, published on `risk.state.<model>` (`risk.state.arena` for the global one) and audited.
public struct TradingStateChange: Sendable, Hashable, Codable {
    /// The model, or nil for the arena as a whole.
    public var modelID: ModelID?
    public var from: TradingState
    public var to: TradingState
    /// A reason code (`kill_switch`, `daily_drawdown`, `operator`), then words.
    public var reason: String
    /// `rule:<code>` or `operator:<name>`.
    public var by: String
    /// Until when (a daily-drawdown halt lifts at the next UTC day); nil for until changed.
    public var until: Timestamp?
    public var time: Timestamp

    public init(modelID: ModelID?, from: TradingState, to: TradingState, reason: String, by: String, until: Timestamp?, time: Timestamp) {
        self.modelID = modelID
        self.from = from
        self.to = to
        self.reason = reason
        self.by = by
        self.until = until
        self.time = time
    }
}

/// An operator's command to the risk guard (request/reply), audited.
public struct TradingControl: Sendable, Hashable, Codable {
    public enum Command: String, WireEnum {
        /// Set `state` for `modelID` (or the arena).
        case setState = "SET_STATE"
        /// Flatten and halt `modelID`, or every model and the arena when it is nil.
        case killSwitch = "KILL_SWITCH"
        /// Close positions without changing the state.
        case flatten = "FLATTEN"
        /// Answer with the current states only.
        case status = "STATUS"
    }

    /// Idempotency: a repeated request id is answered and not applied again.
    public var requestID: String
    public var command: Command
    public var modelID: ModelID?
    public var state: TradingState?
    /// Who asks (an operator name or token subject).
    public var operatorName: String
    public var reason: String

    public init(requestID: String, command: Command, modelID: ModelID?, state: TradingState? = nil, operatorName: String, reason: String) {
        self.requestID = requestID
        self.command = command
        self.modelID = modelID
        self.state = state
        self.operatorName = operatorName
        self.reason = reason
    }
}

/// One model's (or the arena's) trading state.
public struct TradingStateEntry: Sendable, Hashable, Codable {
    /// The model, or nil for the arena.
    public var modelID: ModelID?
    public var state: TradingState
    public var reason: String
    public var until: Timestamp?

    public init(modelID: ModelID?, state: TradingState, reason: String, until: Timestamp?) {
        self.modelID = modelID
        self.state = state
        self.reason = reason
        self.until = until
    }
}

/// The risk guard's answer to a ``TradingControl``.
public struct TradingControlReply: Sendable, Hashable, Codable {
    public var requestID: String
    /// False when refused (`message` says why) or already applied under this id (`firstReceipt` false).
    public var applied: Bool
    public var firstReceipt: Bool
    public var message: String
    /// Every state after the command: the arena's first, then each model's.
    public var states: [TradingStateEntry]

    public init(requestID: String, applied: Bool, firstReceipt: Bool, message: String, states: [TradingStateEntry]) {
        self.requestID = requestID
        self.applied = applied
        self.firstReceipt = firstReceipt
        self.message = message
        self.states = states
    }
}
