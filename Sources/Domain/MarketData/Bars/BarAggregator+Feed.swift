import ArenaCore

extension BarAggregator {
    /// 1m klines with the `timeframe` bars they close, as market events in close-time
    /// order: each 1m bar, then the bar it closes, if any. What a replay of kline
    /// files delivers to a feature engine.
    public static func feed(_ minutes: [Bar], timeframe: Timeframe) throws(BarAggregatorError) -> [(time: Timestamp, event: MarketMessage)] {
        guard let first = minutes.first else { return [] }
        var aggregator = try BarAggregator(venue: first.venue, symbol: first.symbol, timeframe: timeframe)
        var out: [(time: Timestamp, event: MarketMessage)] = []
        for minute in minutes {
            out.append((minute.closeTime, .bar(minute)))
            for bar in try aggregator.add(minute) { out.append((bar.closeTime, .bar(bar))) }
        }
        return out
    }

    /// Several symbols' feeds merged by time; equal times keep the order of `feeds`.
    public static func merge(_ feeds: [[(time: Timestamp, event: MarketMessage)]]) -> [(time: Timestamp, event: MarketMessage)] {
        feeds.joined().enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }
}
