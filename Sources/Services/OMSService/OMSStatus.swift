import ArenaRuntime

/// What the OMS counts (status replies and metrics).
public enum OMSCounter: String, CaseIterable, Sendable {
    case commands = "commands"
    case commandsRepeated = "commands_repeated"
    case commandsRefused = "commands_refused"
    /// Risk-increasing commands refused because the store could not take them.
    case refusedStoreDown = "refused_store_down"
    case orderEvents = "order_events"
    case fills = "fills"
    case fundingPayments = "funding_payments"
    case accountStates = "account_states"
    /// Messages on the market subscription (heartbeats included): the first proves the subscription works.
    case streamMessages = "stream_messages"
    case marketEvents = "market_events"
    case marketEventsSkipped = "market_events_skipped"
    case caughtUp = "caught_up_events"
    case journalRecords = "journal_records"
    case journalFailures = "journal_failures"
    /// Records applied but not yet persisted (the store is down).
    case unpersisted = "unpersisted_records"
    case replayedRecords = "replayed_records"
    /// At a live venue: instructions sent, reports applied, orders refused by the trading switch,
    /// reconciliations run and the differences they found.
    case venueInstructions = "venue_instructions"
    case venueReports = "venue_reports"
    case refusedBySwitch = "refused_by_switch"
    case reconciliations = "reconciliations"
    case reconciliationDifferences = "reconciliation_differences"
}

/// The OMS's counters.
public typealias OMSStatus = ServiceCounters<OMSCounter>
