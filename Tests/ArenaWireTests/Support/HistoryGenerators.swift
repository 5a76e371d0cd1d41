import ArenaCore
import PropertyBased

/// Random history queries and replies, for property-based tests.
extension Arbitrary {
    static let timeframe = pick(Timeframe.allCases)
    static let timeRange = zip(timestamp, timestamp).map { TimeRange(from: $0, to: $1) }
    static let symbols = symbol.array(of: 0...4)

    static let priceLevels = zip(decimal, decimal).map { PriceLevel(price: $0, quantity: $1) }.array(of: 0...5)
    static let bookDepth = zip(venue, symbol, priceLevels, priceLevels, int64, timestamp)
        .map { BookDepth(venue: $0, symbol: $1, bids: $2, asks: $3, updateID: $4, eventTime: $5) }
    static let barsQuery = zip(symbol, timeframe, timeRange, int64, Gen<Bool>.bool)
        .map { BarsQuery(symbol: $0, timeframe: $1, range: $2, limit: $3, closedOnly: $4) }
    static let barsReply = zip(bar.array(of: 0...5), Gen<Bool>.bool).map { BarsReply(bars: $0, truncated: $1) }
    static let tradesQuery = zip(symbol, timeRange, optionalInt64, int64)
        .map { TradesQuery(symbol: $0, range: $1, afterTradeID: $2, limit: $3) }
    static let tradesReply = zip(trade.array(of: 0...5), Gen<Bool>.bool).map { TradesReply(trades: $0, truncated: $1) }
    static let latestPricesQuery = symbols.map { LatestPricesQuery(symbols: $0) }
    static let latestPricesReply = zip(symbol, decimal, timestamp).map { LatestPrice(symbol: $0, price: $1, time: $2) }
        .array(of: 0...4).map { LatestPricesReply(prices: $0) }
    static let latestFundingQuery = symbols.map { LatestFundingQuery(symbols: $0) }
    static let latestFundingReply = funding.array(of: 0...4).map { LatestFundingReply(rates: $0) }
    static let coverageQuery = zip(symbols, timeframe.array(of: 0...3)).map { CoverageQuery(symbols: $0, timeframes: $1) }
    static let coverageEntry = zip(
        zip(symbol, timeframe, optionalTimestamp, optionalTimestamp), zip(int64, int64, timeRange.array(of: 0...3))
    ).map { a, b in
        CoverageEntry(symbol: a.0, timeframe: a.1, first: a.2, last: a.3, bars: b.0, missingBars: b.1, missing: b.2)
    }
    static let coverageReply = coverageEntry.array(of: 0...3).map { CoverageReply(entries: $0) }
}
