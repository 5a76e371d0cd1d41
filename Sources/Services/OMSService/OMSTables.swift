import ArenaRuntime
import ArenaStore

/// The OMS's tables (prefix `oms_`): its journal, the records every order,
/// fill, funding payment, account state and command receipt is the fold of
/// (``Journal``), written before anything that follows from them is
/// acknowledged or published.
public enum OMSTables {
    static let service = "oms"

    /// `oms_journal`.
    public static let journal = JournalTables.journal(service: service)
}

extension ServiceSchema {
    /// The OMS: its journal.
    public static let oms = ServiceSchema(
        name: OMSTables.service, migrations: [Migration(version: 1, name: "journal", steps: [.createTable(OMSTables.journal)])]
    )
}
