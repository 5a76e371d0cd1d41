import Analytics
import ArenaCore
import ArenaStore
import ArenaWire

/// A row the reporter keeps one of per key, the latest overwriting the one before (a model's
/// account, a symbol's marks): what a restarted reporter starts from.
protocol LatestRow: TableRow {
    associatedtype Key: Hashable & Comparable
    var key: Key { get }
    /// Rises with every newer row of the same key.
    var order: Int64 { get }
}

/// Writes the latest row of each key in a batch: one row per key, overwritten (the table's conflict policy updates).
struct LatestRowSink<Row: LatestRow>: BatchSink {
    let table: TableSink<Row>

    func write(_ rows: [Row]) async throws(StoreError) {
        var latest: [Row.Key: Row] = [:]
        for row in rows where latest[row.key].map({ row.order > $0.order }) ?? true { latest[row.key] = row }
        try await table.write(latest.values.sorted { $0.key < $1.key })
    }

    /// Every key's latest row, as stored.
    static func load(from database: any SQLDatabase) async throws -> [Row] {
        try await database.query(Row.selectAll(database.dialect) + " ORDER BY 1", []).map { try Row(row: $0) }
    }
}

/// A model's latest account state, as `reporter_accounts` keeps it.
struct AccountRow: LatestRow {
    static let table = ReporterTables.accounts
    var account: AccountState
    private var body: [UInt8]

    init(_ account: AccountState) throws {
        self.account = account
        body = try BinaryEncoder().encode(account)
    }

    var key: String { account.modelID.value }
    var order: Int64 { account.sequence }
    var sqlValues: [SQLValue] { [.text(account.modelID.value), .integer(account.sequence), .blob(body)] }

    init(row: SQLRow) throws(StoreError) {
        let body = try row.decode("body", as: [UInt8].self)
        do { try self.init(BinaryDecoder().decode(AccountState.self, from: body)) } catch {
            throw .decoding(column: "body", reason: "not an account state: \(error)")
        }
    }
}

/// A symbol's marks (coverage, first and latest close), as `reporter_symbols` keeps them.
struct SymbolRow: LatestRow {
    static let table = ReporterTables.symbols
    var marks: SymbolMarks

    init(_ marks: SymbolMarks) { self.marks = marks }

    var key: String { marks.symbol.value }
    var order: Int64 { marks.lastCloseTime.nanoseconds }
    var sqlValues: [SQLValue] {
        [
            .text(marks.symbol.value), marks.firstOpen.sqlValue, marks.firstClose.sqlValue, marks.lastCloseTime.sqlValue, marks.lastClose.sqlValue,
            .integer(Int64(marks.bars)),
        ]
    }

    init(row: SQLRow) throws(StoreError) {
        let text: String = try row.decode("symbol")
        guard let symbol = try? Symbol(text) else { throw .decoding(column: "symbol", reason: "not a symbol: \"\(text.prefix(64))\"") }
        marks = SymbolMarks(
            symbol: symbol, firstOpen: try row.decode("first_open"), firstClose: try row.decode("first_close"),
            lastCloseTime: try row.decode("last_close_time"), lastClose: try row.decode("last_close"), bars: Int(try row.decode("bars", as: Int64.self))
        )
    }
}
