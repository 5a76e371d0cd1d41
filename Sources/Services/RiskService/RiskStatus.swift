import ArenaRuntime

/// What the risk guard counts (status replies and metrics).
public enum RiskCounter: String, CaseIterable, Sendable {
    case decisions = "decisions"
    case decisionsRepeated = "decisions_repeated"
    case approved = "approved"
    case resized = "resized"
    case rejected = "rejected"
    case noOrder = "no_order"
    /// Decisions judged without their snapshot (entries rejected `no_market_context`).
    case withoutSnapshot = "without_snapshot"
    case controls = "controls"
    case stateChanges = "state_changes"
    case commandsSent = "commands_sent"
    case commandsAcknowledged = "commands_acknowledged"
    case commandsRefused = "commands_refused"
    case commandsPending = "commands_pending"
    case commandFailures = "command_failures"
    /// Snapshots taken from the arena clock.
    case snapshots = "snapshots"
    /// Messages from the OMS (its heartbeats included): the first proves the fills and accounts reach the guard.
    case omsMessages = "oms_messages"
    case accountUpdates = "account_updates"
    case fills = "fills"
    case journalFailures = "journal_failures"
    case replayedRecords = "replayed_records"
}

/// The risk guard's counters.
public typealias RiskStatus = ServiceCounters<RiskCounter>
