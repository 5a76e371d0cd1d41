/// History requests: the one entry point other services use for stored market
/// data (spec §3). The gateway answers them on its REP endpoint from the store,
/// so an answer is exactly what was persisted.
///
/// Ranges are half-open, `[from, to)`. A reply holds at most `limit` rows (the
/// gateway also caps it at ``HistoryLimits/maxRows``); when more exist it says
/// `truncated`, and the caller asks again from where the page ended.

/// Limits every history reply honours.
public enum HistoryLimits {
    /// The most rows one reply carries; bounded so a reply stays far below the frame limit.
    public static let maxRows: Int64 = 50_000
}

/// A half-open time range `[from, to)`.
public struct TimeRange: Sendable, Hashable, Codable {
    public var from: Timestamp
    public var to: Timestamp

    public init(from: Timestamp, to: Timestamp) {
        self.from = from
        self.to = to
    }

    /// Whether `time` lies in the range.
    public func contains(_ time: Timestamp) -> Bool { from <= time && time < to }
}

/// Bars of one symbol and timeframe whose open time lies in `range`, oldest first.
public struct BarsQuery: Sendable, Hashable, Codable {
    public var symbol: Symbol
    public var timeframe: Timeframe
    public var range: TimeRange
    public var limit: Int64
    /// Only closed bars (the default); a forming bar is also stored while it forms.
    public var closedOnly: Bool

    public init(symbol: Symbol, timeframe: Timeframe, range: TimeRange, limit: Int64 = HistoryLimits.maxRows, closedOnly: Bool = true) {
        self.symbol = symbol
        self.timeframe = timeframe
        self.range = range
        self.limit = limit
        self.closedOnly = closedOnly
    }
}

/// The answer to a ``BarsQuery``.
public struct BarsReply: Sendable, Hashable, Codable {
    public var bars: [Bar]
    /// More bars exist in the range after the last one returned.
    public var truncated: Bool

    public init(bars: [Bar], truncated: Bool) {
        self.bars = bars
        self.truncated = truncated
    }
}

/// Trades of one symbol whose event time lies in `range`, in (time, trade id) order.
///
/// To read the next page of a truncated reply, ask again with `range.from` set to
/// the last trade's time and `afterTradeID` to its id: trades that share a
/// millisecond are not lost or repeated at a page boundary.
public struct TradesQuery: Sendable, Hashable, Codable {
    public var symbol: Symbol
    public var range: TimeRange
    /// Skips trades at exactly `range.from` with an id at or below this.
    public var afterTradeID: Int64?
    public var limit: Int64

    public init(symbol: Symbol, range: TimeRange, afterTradeID: Int64? = nil, limit: Int64 = HistoryLimits.maxRows) {
        self.symbol = symbol
        self.range = range
        self.afterTradeID = afterTradeID
        self.limit = limit
    }
}

/// The answer to a ``TradesQuery``.
public struct TradesReply: Sendable, Hashable, Codable {
    public var trades: [Trade]
    /// More trades exist in the range after the last one returned.
    public var truncated: Bool

    public init(trades: [Trade], truncated: Bool) {
        self.trades = trades
        self.truncated = truncated
    }
}

/// The latest trade price of each symbol asked for (all known symbols when empty).
public struct LatestPricesQuery: Sendable, Hashable, Codable {
    public var symbols: [Symbol]

    public init(symbols: [Symbol] = []) { self.symbols = symbols }
}

/// One symbol's last traded price.
public struct LatestPrice: Sendable, Hashable, Codable {
    public var symbol: Symbol
    public var price: FixedDecimal
    /// The time of the trade that set it.
    public var time: Timestamp

    public init(symbol: Symbol, price: FixedDecimal, time: Timestamp) {
        self.symbol = symbol
        self.price = price
        self.time = time
    }
}

/// The answer to a ``LatestPricesQuery``; a symbol with no trade yet is absent.
public struct LatestPricesReply: Sendable, Hashable, Codable {
    public var prices: [LatestPrice]

    public init(prices: [LatestPrice]) { self.prices = prices }
}

/// The latest funding rate of each symbol asked for (all known symbols when empty).
public struct LatestFundingQuery: Sendable, Hashable, Codable {
    public var symbols: [Symbol]

    public init(symbols: [Symbol] = []) { self.symbols = symbols }
}

/// The answer to a ``LatestFundingQuery``; a symbol with no funding yet is absent.
public struct LatestFundingReply: Sendable, Hashable, Codable {
    public var rates: [FundingRate]

    public init(rates: [FundingRate]) { self.rates = rates }
}

/// The coverage report: for each symbol and timeframe, which bars exist and
/// which are missing (all configured symbols and timeframes when empty).
public struct CoverageQuery: Sendable, Hashable, Codable {
    public var symbols: [Symbol]
    public var timeframes: [Timeframe]

    public init(symbols: [Symbol] = [], timeframes: [Timeframe] = []) {
        self.symbols = symbols
        self.timeframes = timeframes
    }
}

/// What exists and what is missing for one symbol and timeframe.
public struct CoverageEntry: Sendable, Hashable, Codable {
    public var symbol: Symbol
    public var timeframe: Timeframe
    /// Open time of the first and last bar seen; nil when none.
    public var first: Timestamp?
    public var last: Timestamp?
    /// Closed bars seen.
    public var bars: Int64
    /// Bars the span `[first, last]` should hold but does not (flat bars count as present).
    public var missingBars: Int64
    /// The holes, oldest first (the most recent ones when there are very many).
    public var missing: [TimeRange]

    public init(
        symbol: Symbol, timeframe: Timeframe, first: Timestamp?, last: Timestamp?, bars: Int64,
        missingBars: Int64, missing: [TimeRange]
    ) {
        self.symbol = symbol
        self.timeframe = timeframe
        self.first = first
        self.last = last
        self.bars = bars
        self.missingBars = missingBars
        self.missing = missing
    }
}

/// The answer to a ``CoverageQuery``.
public struct CoverageReply: Sendable, Hashable, Codable {
    public var entries: [CoverageEntry]

    public init(entries: [CoverageEntry]) { self.entries = entries }
}
