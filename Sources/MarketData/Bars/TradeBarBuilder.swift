import ArenaCore

/// Builds 1m bars from trades, closing them on the clock.
///
/// A minute's bar has the first trade's price as open, the extremes, the last
/// trade's price as close, and the exact sums of base volume, quote volume
/// (price × quantity), trades and taker-buy base volume. It closes when time
/// reaches its end: the first trade of a later minute, or ``advance(to:)`` from
/// the clock. A quiet minute still closes, as a flat bar at the previous close
/// with zero volume (spec §3).
///
/// **The first minute.** A stream that starts mid-minute has missed that
/// minute's earlier trades, so by default its first bar is not emitted
/// (`dropsLeadingPartial`); a file known to start at a minute's beginning can
/// keep it.
///
/// **Ordering.** A trade for a minute already closed is refused with
/// ``BarAggregatorError/late(openTime:closedThrough:)`` and changes nothing:
/// a published bar is never rewritten.
public struct TradeBarBuilder: Sendable {
    public let venue: VenueID
    public let symbol: Symbol
    public let dropsLeadingPartial: Bool
    /// The most flat bars one step may emit; guards against a corrupt far-future time.
    public let maxFlatBars: Int64

    private var forming: Bar?
    private var formingIsPublished = true
    /// Minutes before this are closed.
    private var closedThrough: Timestamp?
    private var lastClose: FixedDecimal?

    public init(venue: VenueID, symbol: Symbol, dropsLeadingPartial: Bool = true, maxFlatBars: Int64 = 100_000) {
        self.venue = venue
        self.symbol = symbol
        self.dropsLeadingPartial = dropsLeadingPartial
        self.maxFlatBars = maxFlatBars
    }

    /// The minute still forming, if it will be published.
    public var formingBar: Bar? { formingIsPublished ? forming : nil }

    /// Adds a trade; returns the bars it closes (earlier minutes, quiet ones included), oldest first.
    public mutating func add(_ trade: Trade) throws(BarAggregatorError) -> [Bar] {
        guard trade.venue == venue, trade.symbol == symbol else { throw .wrongInstrument(venue: trade.venue, symbol: trade.symbol) }
        let minute = Timeframe.m1.openTime(containing: trade.eventTime)
        if let closedThrough, minute < closedThrough { throw .late(openTime: minute, closedThrough: closedThrough) }
        if let f = forming, f.openTime == minute {
            forming = try Self.fold(trade, into: f)
            return []
        }
        try checkFlatBars(through: minute)
        let out = close(through: minute)
        let isFirst = forming == nil && closedThrough == nil
        forming = try Self.fold(trade, into: nil, minute: minute, venue: venue, symbol: symbol)
        formingIsPublished = !(isFirst && dropsLeadingPartial)
        return out
    }

    /// Moves the clock to `time`; returns the bars that closes, oldest first.
    /// Before the first trade there is no price, so nothing closes.
    public mutating func advance(to time: Timestamp) throws(BarAggregatorError) -> [Bar] {
        try checkFlatBars(through: time)
        return close(through: time)
    }

    private func checkFlatBars(through time: Timestamp) throws(BarAggregatorError) {
        guard let from = forming?.closeTime ?? closedThrough, time > from else { return }
        let count = (time.nanoseconds - from.nanoseconds) / Timeframe.m1.nanoseconds
        if count > maxFlatBars { throw .gapTooLong(from: from, to: time, bars: count) }
    }

    /// Closes the forming minute if it ends by `time`, then every whole quiet minute up to `time`.
    private mutating func close(through time: Timestamp) -> [Bar] {
        var out: [Bar] = []
        if let f = forming, f.closeTime <= time {
            var bar = f
            bar.isClosed = true
            if formingIsPublished { out.append(bar) }
            lastClose = bar.close
            closedThrough = bar.closeTime
            forming = nil
            formingIsPublished = true
        }
        guard forming == nil, var open = closedThrough, let price = lastClose else { return out }
        let step = Timeframe.m1.nanoseconds
        while open.nanoseconds + step <= time.nanoseconds {
            out.append(Bar(
                venue: venue, symbol: symbol, timeframe: .m1, openTime: open, open: price, high: price, low: price,
                close: price, volume: .zero, quoteVolume: .zero, tradeCount: 0, takerBuyVolume: .zero, isClosed: true
            ))
            open = Timestamp(nanoseconds: open.nanoseconds + step)
        }
        closedThrough = open
        return out
    }

    /// `bar` extended by `trade`, or a new minute's bar when `bar` is nil.
    private static func fold(
        _ trade: Trade, into bar: Bar?, minute: Timestamp? = nil, venue: VenueID? = nil, symbol: Symbol? = nil
    ) throws(BarAggregatorError) -> Bar {
        let p = trade.price, q = trade.quantity
        let openTime = bar?.openTime ?? minute!
        func checked(_ op: () throws -> FixedDecimal) throws(BarAggregatorError) -> FixedDecimal {
            do { return try op() } catch { throw .overflow(openTime: openTime) }
        }
        // Rounded to 1e-12 only when price and quantity together carry more than 12 decimals.
        let notional = try checked { try p.multiplied(by: q) }
        let buy: FixedDecimal = trade.takerSide == .buy ? q : .zero
        guard var b = bar else {
            return Bar(
                venue: venue!, symbol: symbol!, timeframe: .m1, openTime: openTime, open: p, high: p, low: p, close: p,
                volume: q, quoteVolume: notional, tradeCount: 1, takerBuyVolume: buy, isClosed: false
            )
        }
        b.high = max(b.high, p)
        b.low = min(b.low, p)
        b.close = p
        b.volume = try checked { try b.volume.adding(q) }
        b.quoteVolume = try checked { try (b.quoteVolume ?? .zero).adding(notional) }
        b.takerBuyVolume = try checked { try (b.takerBuyVolume ?? .zero).adding(buy) }
        b.tradeCount = (b.tradeCount ?? 0) + 1
        return b
    }
}
