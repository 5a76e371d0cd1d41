import ArenaCore
import ArenaStore
import ArenaWire

/// A model's latest account state, as `reporter_accounts` keeps it.
struct AccountRow: TableRow {
    static let table = ReporterTables.accounts
    var account: AccountState
    private var body: [UInt8]

    init(_ account: AccountState) throws {
        self.account = account
        body = try BinaryEncoder().encode(account)
    }

    var sqlValues: [SQLValue] { [.text(account.modelID.value), .integer(account.sequence), .blob(body)] }

    init(row: SQLRow) throws(StoreError) {
        let body = try row.decode("body", as: [UInt8].self)
        do { try self.init(BinaryDecoder().decode(AccountState.self, from: body)) } catch {
            throw .decoding(column: "body", reason: "not an account state: \(error)")
        }
    }
}

/// Writes the latest of each model's accounts in a batch: one row per model, overwritten.
struct LatestAccountSink: BatchSink {
    let table: TableSink<AccountRow>

    func write(_ rows: [AccountRow]) async throws(StoreError) {
        var latest: [ModelID: AccountRow] = [:]
        for row in rows where latest[row.account.modelID].map({ row.account.sequence > $0.account.sequence }) ?? true {
            latest[row.account.modelID] = row
        }
        try await table.write(latest.values.sorted { $0.account.modelID.value < $1.account.modelID.value })
    }

    /// Every model's latest account, as stored.
    static func load(from database: any SQLDatabase) async throws -> [AccountState] {
        try await database.query("SELECT model, sequence, body FROM \(ReporterTables.accounts.ref.sql) ORDER BY model", []).map { try AccountRow(row: $0).account }
    }
}
