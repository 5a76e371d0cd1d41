import ArenaCore

/// What a ``BarAggregator`` emits for an interval with no input for a whole bar.
public enum GapPolicy: String, Sendable, CaseIterable {
    /// Emit a flat bar: open = high = low = close = the previous close, volume zero.
    ///
    /// This is the live rule (SPEC §3: a bar closes on the clock, and a quiet
    /// minute still closes), so consumers see an unbroken series.
    case flatBars = "flat"
    /// Emit nothing; the series has a hole where the source has one.
    ///
    /// This is what exchange and freqtrade kline files do across a trading halt
    /// (for example Binance spot on 2023-03-24 12:39 → 14:00), so file replay uses
    /// it when its output is compared with those files.
    case skip
}

extension GapPolicy {
    /// Moves a bar series' clock from `closed` (the end of its last closed bar,
    /// with no bar forming) to `time`: under ``flatBars`` appends one flat bar at
    /// `price` for every whole quiet bar; under ``skip`` appends nothing. Returns
    /// the new end of the closed bars: later input for a quiet bar is late either way.
    func closeQuietBars(
        from closed: Timestamp, through time: Timestamp, price: FixedDecimal,
        venue: VenueID, symbol: Symbol, timeframe: Timeframe, into out: inout [Bar]
    ) -> Timestamp {
        guard time > closed else { return closed }
        switch self {
        case .skip:
            return timeframe.openTime(containing: time)
        case .flatBars:
            var open = closed
            while open.nanoseconds + timeframe.nanoseconds <= time.nanoseconds {
                out.append(Bar(
                    venue: venue, symbol: symbol, timeframe: timeframe, openTime: open,
                    open: price, high: price, low: price, close: price, volume: .zero,
                    quoteVolume: .zero, tradeCount: 0, takerBuyVolume: .zero, isClosed: true
                ))
                open = Timestamp(nanoseconds: open.nanoseconds + timeframe.nanoseconds)
            }
            return open
        }
    }

    /// How many flat bars closing from `from` to `time` would emit (0 under ``skip``).
    func flatBarCount(from: Timestamp, to time: Timestamp, timeframe: Timeframe) -> Int64 {
        guard self == .flatBars, time > from else { return 0 }
        return (time.nanoseconds - from.nanoseconds) / timeframe.nanoseconds
    }
}
