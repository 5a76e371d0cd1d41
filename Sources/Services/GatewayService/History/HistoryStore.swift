import ArenaCore
import ArenaStore
import MarketData

/// Reads stored market data back for history requests, so an answer is
/// exactly what was persisted. Every query binds its parameters and is
/// bounded by a limit; one row more than asked tells whether it was truncated.
public struct HistoryStore: Sendable {
    public let database: any SQLDatabase
    /// The venue this gateway stores (history requests do not name one).
    public let venue: VenueID

    public init(database: any SQLDatabase, venue: VenueID) {
        self.database = database
        self.venue = venue
    }

    /// Bars of a symbol and timeframe by open time.
    public func bars(_ q: BarsQuery) async throws -> BarsReply {
        let limit = try Self.limit(q.limit)
        try Self.check(q.range)
        let table = GatewayTables.bars
        let sql = """
            SELECT \(Self.columns(table)) FROM \(table.ref.sql)
            WHERE venue = $1 AND symbol = $2 AND timeframe = $3 AND open_time >= $4 AND open_time < $5\(q.closedOnly ? " AND is_closed = $7" : "")
            ORDER BY open_time LIMIT $6
            """
        var params: [SQLValue] = [
            .text(venue.value), .text(q.symbol.value), .text(q.timeframe.rawValue), q.range.from.sqlValue, q.range.to.sqlValue,
            .integer(limit + 1),
        ]
        if q.closedOnly { params.append(true.sqlValue) }
        let rows = try await database.query(sql, params)
        let bars = try rows.prefix(Int(limit)).map { row throws(StoreError) in try Bar(row: row) }
        return BarsReply(bars: bars, truncated: rows.count > limit)
    }

    /// Trades of a symbol by (time, id), from a cursor.
    public func trades(_ q: TradesQuery) async throws -> TradesReply {
        let limit = try Self.limit(q.limit)
        try Self.check(q.range)
        let table = GatewayTables.trades
        // Trades sharing the cursor's millisecond are skipped up to its id, so pages neither lose nor repeat them.
        let cursor = q.afterTradeID == nil ? "" : " AND (event_time > $3 OR trade_id > $6)"
        let sql = """
            SELECT \(Self.columns(table)) FROM \(table.ref.sql)
            WHERE venue = $1 AND symbol = $2 AND event_time >= $3 AND event_time < $4\(cursor)
            ORDER BY event_time, trade_id LIMIT $5
            """
        var params: [SQLValue] = [.text(venue.value), .text(q.symbol.value), q.range.from.sqlValue, q.range.to.sqlValue, .integer(limit + 1)]
        if let after = q.afterTradeID { params.append(.integer(after)) }
        let rows = try await database.query(sql, params)
        let trades = try rows.prefix(Int(limit)).map { row throws(StoreError) in try Trade(row: row) }
        return TradesReply(trades: trades, truncated: rows.count > limit)
    }

    /// The last stored trade price of each symbol.
    public func latestPrices(_ symbols: [Symbol]) async throws -> [LatestPrice] {
        try await latestRow(symbols, GatewayTables.trades, columns: "price, event_time", order: "event_time DESC, trade_id DESC") { s, r in
            LatestPrice(symbol: s, price: try r.decode("price"), time: try r.decode("event_time"))
        }
    }

    /// The last stored funding rate of each symbol.
    public func latestFunding(_ symbols: [Symbol]) async throws -> [FundingRate] {
        try await latestRow(symbols, GatewayTables.funding, columns: Self.columns(GatewayTables.funding), order: "event_time DESC") { _, r in
            try FundingRate(row: r)
        }
    }

    /// The newest row of `table` for each symbol that has one, made into a value by `make`.
    private func latestRow<Value>(
        _ symbols: [Symbol], _ table: TableSpec, columns: String, order: String, make: (Symbol, SQLRow) throws -> Value
    ) async throws -> [Value] {
        var out: [Value] = []
        for s in symbols {
            let rows = try await database.query(
                "SELECT \(columns) FROM \(table.ref.sql) WHERE venue = $1 AND symbol = $2 ORDER BY \(order) LIMIT 1",
                [.text(venue.value), .text(s.value)]
            )
            if let r = rows.first { out.append(try make(s, r)) }
        }
        return out
    }

    /// The coverage of stored closed bars for a symbol and timeframe.
    public func coverage(_ symbol: Symbol, _ timeframe: Timeframe) async throws -> CoverageEntry {
        let table = GatewayTables.bars
        let rows = try await database.query(
            "SELECT open_time FROM \(table.ref.sql) WHERE venue = $1 AND symbol = $2 AND timeframe = $3 AND is_closed = $4 ORDER BY open_time",
            [.text(venue.value), .text(symbol.value), .text(timeframe.rawValue), true.sqlValue]
        )
        var tracker = CoverageTracker(symbol: symbol, timeframe: timeframe)
        for r in rows { tracker.record(openTime: try r.decode("open_time")) }
        return tracker.entry
    }

    private static func columns(_ table: TableSpec) -> String {
        table.columnNames.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    private static func limit(_ asked: Int64) throws(HistoryError) -> Int64 {
        guard asked > 0 else { throw .badRequest("limit must be positive, got \(asked)") }
        return min(asked, HistoryLimits.maxRows)
    }

    private static func check(_ range: TimeRange) throws(HistoryError) {
        guard range.from < range.to else { throw .badRequest("empty range: from \(range.from) is not before to \(range.to)") }
    }
}

/// Why a history request was refused.
public enum HistoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request itself is invalid (empty range, bad limit, unknown symbol).
    case badRequest(String)

    public var description: String {
        switch self {
        case .badRequest(let why): why
        }
    }
}
