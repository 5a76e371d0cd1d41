import ArenaCore

/// One fact the risk engine emitted. Every change of the engine's state is
/// the application of a record, so the records of a run, replayed in order
/// into a fresh engine (``RiskEngine/replay(_:)``), rebuild it exactly.
public indirect enum RiskRecord: Sendable, Hashable, Codable {
    /// A decision was judged at `at` (market time of the evaluation).
    case verdict(RiskVerdict, at: Timestamp)
    /// A trading state changed (a rule, a halt's expiry or an operator).
    case stateChange(TradingStateChange)
    /// An operator request was received (idempotency: a repeat is not applied again).
    case control(requestID: String, at: Timestamp)
    /// A fill was observed, with the PnL it realised if the OMS said.
    case fill(Fill, realizedPnL: FixedDecimal?)
    /// A continuous reaction fired (kill switch, daily halt, a forced exit of one position); it fires once.
    case reactionFired(model: ModelID, key: String, at: Timestamp)
    /// The condition of a fired reaction no longer holds: it may fire again.
    case reactionReset(model: ModelID, key: String, at: Timestamp)
}

/// How urgent an alert is.
public enum RiskAlertSeverity: String, Sendable, Hashable, Codable {
    case info = "INFO"
    case warning = "WARNING"
    case critical = "CRITICAL"
}

/// Something an operator should hear of (spec §6: a halt or a kill switch raises an alert).
public struct RiskAlert: Sendable, Hashable, Codable {
    /// A stable code: `kill_switch`, `daily_drawdown`, `position_stop`, `max_holding_time`, `halted`, `unknown_model`.
    public var kind: String
    public var severity: RiskAlertSeverity
    public var message: String
    /// The model, or nil for the arena.
    public var model: ModelID?
    public var time: Timestamp

    public init(kind: String, severity: RiskAlertSeverity, message: String, model: ModelID?, time: Timestamp) {
        self.kind = kind
        self.severity = severity
        self.message = message
        self.model = model
        self.time = time
    }
}

/// What ``RiskEngine/evaluate(_:snapshot:account:now:)`` made of a decision.
public struct RiskEvaluation: Sendable, Hashable {
    public var verdict: RiskVerdict
    /// States that changed before the decision was judged (an expired halt).
    public var stateChanges: [TradingStateChange]
    /// The verdict's plans as `.place` commands, in order.
    public var commands: [OrderCommand]
    /// What to persist for a replay.
    public var records: [RiskRecord]
}

/// What ``RiskEngine/observe(_:now:)`` did about an account update.
public struct RiskReaction: Sendable, Hashable {
    public var commands: [OrderCommand] = []
    public var stateChanges: [TradingStateChange] = []
    public var alerts: [RiskAlert] = []
    public var records: [RiskRecord] = []

    /// Nothing to do.
    public var isEmpty: Bool { commands.isEmpty && stateChanges.isEmpty && alerts.isEmpty }
}

/// What ``RiskEngine/control(_:now:)`` did about an operator's request.
public struct ControlOutcome: Sendable, Hashable {
    public var reply: TradingControlReply
    public var stateChanges: [TradingStateChange]
    public var commands: [OrderCommand]
    public var alerts: [RiskAlert]
    public var records: [RiskRecord]
}
