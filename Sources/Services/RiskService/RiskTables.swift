import ArenaRuntime
import ArenaStore

/// The risk guard's tables (prefix `risk_`): its journal of verdicts, state
/// changes, operator requests, observed fills, fired reactions and the
/// commands sent to the OMS with their acknowledgements (``RiskJournalRecord``).
public enum RiskTables {
    static let service = "risk"

    /// `risk_journal`.
    public static let journal = JournalTables.journal(service: service)
}

extension ServiceSchema {
    /// The risk guard: its journal.
    public static let risk = ServiceSchema(
        name: RiskTables.service, migrations: [Migration(version: 1, name: "journal", steps: [.createTable(RiskTables.journal)])]
    )
}
