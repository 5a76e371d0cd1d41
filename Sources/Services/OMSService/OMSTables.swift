import ArenaCore
import ArenaRuntime
import ArenaStore

/// The OMS's tables (prefix `oms_`): its journal, the records every order,
/// fill, funding payment, account state and command receipt is the fold of
/// (``Journal``), written before anything that follows from them is
/// acknowledged or published; and, at a live venue, what the account holds
/// beside the arena's trading.
public enum OMSTables {
    static let service = "oms"

    /// `oms_journal`.
    public static let journal = JournalTables.journal(service: service)

    /// `oms_venue_outside`: per asset, the live account's balance less what the arena's trading
    /// accounts for (the models' net positions, and their cash less their capital for the quote
    /// asset), as the last reconciliation found it. A change is money that came or went outside
    /// the arena (a deposit, a manual trade, a commission in another asset): recorded and alerted.
    public static let venueOutside = TableSpec(
        TableRef(service: service, name: "venue_outside"),
        columns: [Column("asset", .text), Column("amount", .decimal), Column("updated_at", .timestamp)],
        primaryKey: ["asset"],
        conflictPolicy: .update
    )
}

/// One asset's outside holding (``OMSTables/venueOutside``).
struct VenueOutsideRow: TableRow {
    static let table = OMSTables.venueOutside
    var asset: String
    var amount: FixedDecimal
    var updatedAt: Timestamp

    var sqlValues: [SQLValue] { [.text(asset), amount.sqlValue, updatedAt.sqlValue] }

    init(asset: String, amount: FixedDecimal, updatedAt: Timestamp) {
        self.asset = asset
        self.amount = amount
        self.updatedAt = updatedAt
    }

    init(row: SQLRow) throws(StoreError) {
        self.init(asset: try row.decode("asset"), amount: try row.decode("amount"), updatedAt: try row.decode("updated_at"))
    }
}

extension ServiceSchema {
    /// The OMS: its journal, and a live account's outside holdings.
    public static let oms = ServiceSchema(
        name: OMSTables.service,
        migrations: [
            Migration(version: 1, name: "journal", steps: [.createTable(OMSTables.journal)]),
            Migration(version: 2, name: "live venue outside holdings", steps: [.createTable(OMSTables.venueOutside)]),
        ]
    )
}
