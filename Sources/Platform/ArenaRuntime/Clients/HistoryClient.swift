import ArenaBus
import ArenaCore

/// The gateway's history requests from another service (the feature engine's
/// warm-up, the reporter): whole ranges, paged under the hood within
/// ``ArenaCore/HistoryLimits/maxRows`` per reply.
public struct HistoryClient: Sendable {
    private let requester: any RequestClient
    /// Rows asked for per page.
    public let pageSize: Int64

    /// A client over `requester` (connected to the gateway's REP endpoint).
    public init(requester: any RequestClient, pageSize: Int64 = HistoryLimits.maxRows) {
        self.requester = requester
        self.pageSize = pageSize
    }

    /// Every closed bar of `symbol` and `timeframe` opening in `range`, oldest first.
    public func bars(_ symbol: Symbol, _ timeframe: Timeframe, in range: TimeRange) async throws(BusError) -> [Bar] {
        var out: [Bar] = []
        var query = BarsQuery(symbol: symbol, timeframe: timeframe, range: range, limit: pageSize)
        while true {
            let page = try await requester.request(query, expecting: BarsReply.self)
            out += page.bars
            guard page.truncated, let last = page.bars.last else { return out }
            query.range.from = last.openTime.advanced(by: .nanoseconds(1))
        }
    }

    /// Every trade of `symbol` in `range`, in (time, id) order, paged on the (time, id) cursor.
    public func trades(_ symbol: Symbol, in range: TimeRange) async throws(BusError) -> [Trade] {
        var out: [Trade] = []
        var query = TradesQuery(symbol: symbol, range: range, limit: pageSize)
        while true {
            let page = try await requester.request(query, expecting: TradesReply.self)
            out += page.trades
            guard page.truncated, let last = page.trades.last else { return out }
            query.range.from = last.eventTime
            query.afterTradeID = last.tradeID
        }
    }

    /// The latest price of each symbol (all the gateway knows when empty).
    public func latestPrices(_ symbols: [Symbol] = []) async throws(BusError) -> [LatestPrice] {
        try await requester.request(LatestPricesQuery(symbols: symbols), expecting: LatestPricesReply.self).prices
    }

    /// The latest funding rate of each symbol (all the gateway knows when empty).
    public func latestFunding(_ symbols: [Symbol] = []) async throws(BusError) -> [FundingRate] {
        try await requester.request(LatestFundingQuery(symbols: symbols), expecting: LatestFundingReply.self).rates
    }

    /// The coverage report (every configured symbol and timeframe when empty).
    public func coverage(_ symbols: [Symbol] = [], _ timeframes: [Timeframe] = []) async throws(BusError) -> [CoverageEntry] {
        try await requester.request(CoverageQuery(symbols: symbols, timeframes: timeframes), expecting: CoverageReply.self).entries
    }
}
