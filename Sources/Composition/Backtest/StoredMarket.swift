import ArenaCore
import ArenaStore
import GatewayService
import MarketData

/// Where a backtest's market comes from.
public enum BacktestInput: Sendable, Hashable {
    /// The configuration's `market.replay.files`.
    case files
    /// What a gateway stored (`gateway_md_*` of the store at `url`) in `range`.
    case store(url: String, range: TimeRange)
}

/// The market a gateway stored, read back as the replay sources a backtest's tape merges: for each
/// symbol of the universe, what the gateway fed its kernel from the venue: the closed 1m klines
/// (and the trades, when the universe has a trade feed), or only the trades when bars were built
/// from them; and for a perpetual, the funding rates. The kernel then gives the backtest the bars
/// of every timeframe, as it gave the live arena.
public enum StoredMarket {
    /// Why a store cannot serve a backtest.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The sources of `market`'s universe in `range` from `database`; a symbol with no stored data
    /// in the range is an error naming it (a backtest of nothing would look like a flat market).
    public static func sources(_ database: any SQLDatabase, market: MarketConfig, range: TimeRange) async throws -> [any ReplaySource] {
        let history = HistoryStore(database: database, venue: market.venue)
        var sources: [any ReplaySource] = []
        for symbol in market.symbols {
            var events: [MarketEvent] = []
            if market.barsFrom == .klines { events += try await bars(history, symbol, range).map(MarketEvent.kline) }
            if market.barsFrom == .trades || market.universe.tradeFeed { events += try await trades(history, symbol, range).map(MarketEvent.trade) }
            if market.kind == .perpetual { events += try await funding(database, market.venue, symbol, range).map(MarketEvent.funding) }
            guard !events.isEmpty else {
                throw Failure(description: "the store holds no \(market.barsFrom == .klines ? "closed 1m bars" : "trades") of \(symbol) on \(market.venue) in \(range.from) ..< \(range.to)")
            }
            // One source per symbol in time order (stable: a kline before a trade of the same time, as the tables were read).
            let ordered = events.enumerated().sorted { ($0.element.eventTime, $0.offset) < ($1.element.eventTime, $1.offset) }.map(\.element)
            sources.append(ArrayReplaySource(name: "store:\(symbol)", events: ordered))
        }
        return sources
    }

    static func bars(_ history: HistoryStore, _ symbol: Symbol, _ range: TimeRange) async throws -> [Bar] {
        var bars: [Bar] = [], from = range.from
        while from < range.to {
            let page = try await history.bars(BarsQuery(symbol: symbol, timeframe: .m1, range: TimeRange(from: from, to: range.to)))
            bars += page.bars
            guard page.truncated, let last = page.bars.last else { break }
            from = last.openTime.advanced(by: .nanoseconds(1))
        }
        return bars
    }

    static func trades(_ history: HistoryStore, _ symbol: Symbol, _ range: TimeRange) async throws -> [Trade] {
        var trades: [Trade] = [], query = TradesQuery(symbol: symbol, range: range)
        while true {
            let page = try await history.trades(query)
            trades += page.trades
            guard page.truncated, let last = page.trades.last else { break }
            query = TradesQuery(symbol: symbol, range: TimeRange(from: last.eventTime, to: range.to), afterTradeID: last.tradeID)
        }
        return trades
    }

    static func funding(_ database: any SQLDatabase, _ venue: VenueID, _ symbol: Symbol, _ range: TimeRange) async throws -> [FundingRate] {
        let table = GatewayTables.funding
        let rows = try await database.query(
            "SELECT \(table.columnNames.map { "\"\($0)\"" }.joined(separator: ", ")) FROM \(table.ref.sql) "
                + "WHERE venue = $1 AND symbol = $2 AND event_time >= $3 AND event_time < $4 ORDER BY event_time",
            [.text(venue.value), .text(symbol.value), range.from.sqlValue, range.to.sqlValue]
        )
        return try rows.map { row throws(StoreError) in try FundingRate(row: row) }
    }
}
