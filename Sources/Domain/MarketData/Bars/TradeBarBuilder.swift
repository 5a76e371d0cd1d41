import ArenaCore

/// Builds bars (normally 1m, which ``BarAggregator`` then turns into 3m … 1d)
/// from trades, closing them on the clock.
///
/// A bar holds the first trade's price as open, the highest and lowest
/// prices, the last trade's price as close, the exact sum of quantities as
/// volume, the number of trades, the taker-buy quantity and the quote volume
/// (the exact sum of `price × quantity`, rounded once per bar to 12 places).
/// Bars align to the Unix epoch in UTC; a trade exactly on a boundary opens
/// the next bar.
///
/// **Closing on the clock.** A bar closes as soon as time reaches its end:
/// when a later trade arrives, or when ``advance(to:)`` moves the clock (the
/// live gateway calls it on a timer; a replay calls it with each event's time).
/// A whole quiet bar becomes a flat bar (open = high = low = close = the
/// previous close, zero volume) under ``GapPolicy/flatBars``, the live rule,
/// or no bar under ``GapPolicy/skip``, which is what exchange and freqtrade
/// candle files do. Before the first trade there is no price, so no bar.
///
/// **The first bar.** A live stream starts mid-bar, having missed that bar's
/// earlier trades; with `dropsLeadingPartial` that first bar is not emitted
/// (its close still seeds the flat bars). Files that start at a bar's
/// beginning keep it (the default).
///
/// **Ordering.** Trades must come in time order (equal times are fine); an
/// earlier trade, or one for a bar the clock has closed, is refused with a
/// ``TradeBarError`` and changes nothing, so the caller decides what to do.
public struct TradeBarBuilder: Sendable {
    public let venue: VenueID
    public let symbol: Symbol
    /// The bar length built.
    public let timeframe: Timeframe
    /// What to emit for whole bars without trades.
    public let gapPolicy: GapPolicy
    /// The most flat bars one step may emit; guards against a corrupt far-future time.
    public let maxFlatBars: Int64
    /// Whether the first bar (the stream started inside it) is withheld.
    public let dropsLeadingPartial: Bool
    /// False while the forming bar is the withheld first one.
    private var publishesForming = true

    private var forming: Forming?
    /// Bars are closed up to here (exclusive); nothing earlier is accepted.
    private var closedThrough: Timestamp?
    private var lastTradeTime: Timestamp?
    /// Close of the last closed bar, the price of flat bars.
    private var lastClose: FixedDecimal?

    /// The running totals of the bar being built.
    private struct Forming: Sendable {
        var openTime: Timestamp
        var closeTime: Timestamp
        var open, high, low, close: FixedDecimal
        var volume: FixedDecimal
        var takerBuyVolume: FixedDecimal
        var quote = WideSum()
        var count: Int64 = 0
    }

    /// A builder of `timeframe` bars for one instrument.
    public init(
        venue: VenueID, symbol: Symbol, timeframe: Timeframe = .m1, gapPolicy: GapPolicy = .flatBars, maxFlatBars: Int64 = 100_000,
        dropsLeadingPartial: Bool = false
    ) {
        self.dropsLeadingPartial = dropsLeadingPartial
        self.venue = venue
        self.symbol = symbol
        self.timeframe = timeframe
        self.gapPolicy = gapPolicy
        self.maxFlatBars = maxFlatBars
    }

    /// The bar still forming (``ArenaCore/Bar/isClosed`` false), if a trade has opened one.
    public var formingBar: Bar? {
        guard let f = forming else { return nil }
        return Self.bar(f, quote: f.quote.value, venue: venue, symbol: symbol, timeframe: timeframe, closed: false)
    }

    /// Adds one trade and returns the bars that time closes, oldest first.
    @inline(__always)
    public mutating func add(_ trade: Trade) throws(TradeBarError) -> [Bar] {
        guard trade.symbol == symbol, trade.venue == venue else { throw .wrongInstrument(venue: trade.venue, symbol: trade.symbol) }
        guard trade.price.raw > 0, trade.quantity.raw > 0 else {
            throw .invalidTrade(tradeID: trade.tradeID, reason: "price \(trade.price) and quantity \(trade.quantity) must be above zero")
        }
        let time = trade.eventTime
        if let lastTradeTime, time < lastTradeTime { throw .outOfOrder(tradeID: trade.tradeID, time: time, previous: lastTradeTime) }
        // The common case: another trade in the bar already forming.
        if var f = forming, time < f.closeTime {
            guard let volume = try? f.volume.adding(trade.quantity), f.quote.add(trade.price, times: trade.quantity) else {
                throw .overflow(openTime: f.openTime)
            }
            if trade.takerSide == .buy {
                guard let buy = try? f.takerBuyVolume.adding(trade.quantity) else { throw .overflow(openTime: f.openTime) }
                f.takerBuyVolume = buy
            }
            f.volume = volume
            if trade.price > f.high { f.high = trade.price }
            if trade.price < f.low { f.low = trade.price }
            f.close = trade.price
            f.count += 1
            forming = f
            lastTradeTime = time
            return []
        }
        if let closedThrough, time < closedThrough {
            throw .late(tradeID: trade.tradeID, time: time, closedThrough: closedThrough)
        }
        try checkFlatBars(through: time)
        let isFirst = forming == nil && closedThrough == nil
        let out = close(through: time)
        publishesForming = !(isFirst && dropsLeadingPartial)
        let open = timeframe.openTime(containing: time)
        var quote = WideSum()
        _ = quote.add(trade.price, times: trade.quantity)
        forming = Forming(
            openTime: open, closeTime: Timestamp(nanoseconds: open.nanoseconds + timeframe.nanoseconds),
            open: trade.price, high: trade.price, low: trade.price, close: trade.price, volume: trade.quantity,
            takerBuyVolume: trade.takerSide == .buy ? trade.quantity : .zero, quote: quote, count: 1
        )
        lastTradeTime = time
        return out
    }

    /// Moves the clock to `time` and returns the bars that closes, oldest first.
    /// Times at or before the clock are no-ops.
    public mutating func advance(to time: Timestamp) throws(TradeBarError) -> [Bar] {
        try checkFlatBars(through: time)
        return close(through: time)
    }

    private func checkFlatBars(through time: Timestamp) throws(TradeBarError) {
        guard let from = forming?.closeTime ?? closedThrough else { return }
        let count = gapPolicy.flatBarCount(from: from, to: time, timeframe: timeframe)
        if count > maxFlatBars { throw .gapTooLong(from: from, to: time, bars: count) }
    }

    /// Closes the forming bar if it ends at or before `time`, then the whole quiet bars up to `time`.
    private mutating func close(through time: Timestamp) -> [Bar] {
        var out: [Bar] = []
        if let f = forming, f.closeTime <= time {
            // A quote sum too large for a decimal is left unknown rather than wrong.
            if publishesForming {
                out.append(Self.bar(f, quote: f.quote.value, venue: venue, symbol: symbol, timeframe: timeframe, closed: true))
            }
            publishesForming = true
            lastClose = f.close
            closedThrough = f.closeTime
            forming = nil
        }
        guard forming == nil, let closed = closedThrough, let price = lastClose else { return out }
        closedThrough = gapPolicy.closeQuietBars(
            from: closed, through: time, price: price, venue: venue, symbol: symbol, timeframe: timeframe, into: &out
        )
        return out
    }

    private static func bar(_ f: Forming, quote: FixedDecimal?, venue: VenueID, symbol: Symbol, timeframe: Timeframe, closed: Bool) -> Bar {
        Bar(
            venue: venue, symbol: symbol, timeframe: timeframe, openTime: f.openTime,
            open: f.open, high: f.high, low: f.low, close: f.close, volume: f.volume,
            quoteVolume: quote, tradeCount: f.count, takerBuyVolume: f.takerBuyVolume, isClosed: closed
        )
    }
}
