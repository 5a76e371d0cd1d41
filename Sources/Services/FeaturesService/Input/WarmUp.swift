import ArenaBus
import ArenaCore
import Features
import ArenaRuntime
import Logging

/// Loads the engine's history from the gateway on start (spec §4: "warm-up
/// from history on start, 24 h for the P99 thresholds").
///
/// For each symbol the history ends where the gateway's data ends (the last
/// stored 1m bar or trade) and reaches back ``hours``. Bars, trades and the
/// latest funding come back merged in time order (a bar at its close, before
/// trades at that instant, which belong to the next bar), ready to be applied
/// like live events. ``Marks`` then tell which live events the history
/// already covered.
public struct WarmUp: Sendable {
    private let history: HistoryClient
    private let symbols: [Symbol]
    private let indicatorTimeframe: Timeframe
    private let hours: Int

    /// A warm-up over `history` for `symbols`.
    public init(history: HistoryClient, symbols: [Symbol], indicatorTimeframe: Timeframe, hours: Int) {
        self.history = history
        self.symbols = symbols
        self.indicatorTimeframe = indicatorTimeframe
        self.hours = hours
    }

    /// Up to when each symbol's history went: live events at or before it are repeats.
    public struct Marks: Sendable {
        public var end: [Symbol: Timestamp] = [:]

        /// Whether the history already held `input`. It never holds positioning
        /// statistics, which arrive minutes after their time: each is new.
        public func covers(_ input: MarketMessage) -> Bool {
            if case .positioning = input { return false }
            guard let end = end[input.symbol] else { return false }
            return input.time <= end
        }
    }

    /// The history in time order and its marks.
    public func load(logger: Logger) async throws(BusError) -> (inputs: [MarketMessage], marks: Marks) {
        let coverage = try await history.coverage(symbols, [.m1])
        let prices = try await history.latestPrices(symbols)
        var inputs: [MarketMessage] = []
        var marks = Marks()
        for symbol in symbols {
            let lastBarClose = coverage.first { $0.symbol == symbol }?.last.map { $0.advanced(by: .seconds(Timeframe.m1.seconds)) }
            let lastTrade = prices.first { $0.symbol == symbol }?.time
            guard let end = [lastBarClose, lastTrade].compactMap({ $0 }).max() else {
                logger.notice("the gateway has no history for the symbol yet; warming from the live stream", metadata: ["symbol": "\(symbol)"])
                continue
            }
            let range = TimeRange(from: end.advanced(by: .seconds(-Int64(hours) * 3_600)), to: end.advanced(by: .nanoseconds(1)))
            var rows: [MarketMessage] = []
            var timeframes: [Timeframe] = [.m1]
            if indicatorTimeframe != .m1 { timeframes.append(indicatorTimeframe) }
            for timeframe in timeframes {
                rows += try await history.bars(symbol, timeframe, in: Self.barRange(range, timeframe)).map(MarketMessage.bar)
            }
            rows += try await history.trades(symbol, in: range).map(MarketMessage.trade)
            rows += try await history.latestFunding([symbol]).filter { range.contains($0.eventTime) }.map(MarketMessage.funding)
            marks.end[symbol] = rows.map(\.time).max() ?? end
            inputs += rows
        }
        inputs.sort(by: Self.precedes)
        logger.info("warm-up history loaded", metadata: ["rows": "\(inputs.count)", "hours": "\(hours)"])
        return (inputs, marks)
    }

    /// ``load(logger:)``, tried again with back-off while the gateway does not
    /// answer (it may start after the engine), until the task is cancelled.
    public func loadRetrying(logger: Logger, backoff: Backoff = Backoff(initial: .milliseconds(500), maximum: .seconds(10))) async throws
        -> (inputs: [MarketMessage], marks: Marks)
    {
        var failures = 0
        var random = SystemRandomNumberGenerator()
        while true {
            do { return try await load(logger: logger) } catch {
                let delay = backoff.delay(attempt: failures, using: &random)
                failures += 1
                logger.warning("warm-up history unavailable; trying again", metadata: ["error": "\(error)", "after": "\(delay)"])
                try await Task.sleep(for: delay)
            }
        }
    }

    /// Bars whose close lies in `range`: opening one bar earlier.
    private static func barRange(_ range: TimeRange, _ timeframe: Timeframe) -> TimeRange {
        TimeRange(from: range.from.advanced(by: .seconds(-timeframe.seconds)), to: range.to.advanced(by: .seconds(-timeframe.seconds)))
    }

    /// Time order; at one instant bars (shorter first) come before other events.
    static func precedes(_ a: MarketMessage, _ b: MarketMessage) -> Bool {
        if a.time != b.time { return a.time < b.time }
        switch (a, b) {
        case let (.bar(x), .bar(y)): return x.timeframe < y.timeframe || (x.timeframe == y.timeframe && x.symbol.value < y.symbol.value)
        case (.bar, _): return true
        default: return false
        }
    }
}
