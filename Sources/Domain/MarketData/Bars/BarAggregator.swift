import ArenaCore

/// Builds bars of one longer timeframe (3m … 1d) from closed bars of a shorter
/// one (normally 1m), incrementally: one input in, zero or more closed bars out.
///
/// Buckets are aligned to the Unix epoch in UTC (``Timeframe/openTime(containing:)``).
/// A bucket's bar has the first input's open, the highest high, the lowest low,
/// the last input's close and the exact sum of volumes (and of quote volume,
/// trade count and taker-buy volume when every input has them).
///
/// **Closing on the clock.** A bucket closes as soon as time reaches its end,
/// not when the next bucket's first input arrives. Time advances in two ways:
/// an input bar's close time (a 1m bar opening at 12:04 means the clock is at
/// 12:05, so a 5m bucket closes with its last minute, even if that minute was
/// missing in the source), and ``advance(to:)`` from a live clock. What happens
/// to whole buckets with no input is the ``GapPolicy``.
///
/// **Ordering.** Input must be strictly increasing in open time; a duplicate,
/// an earlier bar, or a bar for a bucket already closed is refused with a
/// ``BarAggregatorError`` and leaves the state unchanged, so the caller (the
/// gateway's integrity checks) decides whether to count, alert or repair.
///
/// **The first bucket.** When the first input is not at its bucket's open (the
/// stream started mid-bar), that bucket's open and volume are unknown, so by
/// default it is not emitted; its close still seeds flat bars.
public struct BarAggregator: Sendable {
    /// The instrument and bar length produced.
    public let venue: VenueID
    public let symbol: Symbol
    public let timeframe: Timeframe
    /// The timeframe of the bars consumed.
    public let inputTimeframe: Timeframe
    /// What to emit for whole buckets without input.
    public let gapPolicy: GapPolicy
    /// Whether a first bucket that started before the first input is dropped.
    public let dropsLeadingPartial: Bool
    /// The most flat bars one step may emit; guards against a corrupt far-future time.
    public let maxFlatBars: Int64

    /// The bucket being built, and whether it will be published.
    private var forming: (bar: Bar, publish: Bool)?
    /// Buckets are closed up to here (exclusive); nothing earlier is accepted.
    private var closedThrough: Timestamp?
    /// Open time of the last accepted input.
    private var lastInput: Timestamp?
    /// Close of the last closed bucket, the price of flat bars.
    private var lastClose: FixedDecimal?

    /// Creates an aggregator; throws when `timeframe` is not a multiple of `inputTimeframe`.
    public init(
        venue: VenueID, symbol: Symbol, timeframe: Timeframe, inputTimeframe: Timeframe = .m1,
        gapPolicy: GapPolicy = .flatBars, dropsLeadingPartial: Bool = true, maxFlatBars: Int64 = 100_000
    ) throws(BarAggregatorError) {
        guard timeframe.seconds % inputTimeframe.seconds == 0 else {
            throw .incompatibleTimeframes(input: inputTimeframe, target: timeframe)
        }
        self.venue = venue
        self.symbol = symbol
        self.timeframe = timeframe
        self.inputTimeframe = inputTimeframe
        self.gapPolicy = gapPolicy
        self.dropsLeadingPartial = dropsLeadingPartial
        self.maxFlatBars = maxFlatBars
    }

    /// The bar still forming (``ArenaCore/Bar/isClosed`` false), if it will be published.
    public var formingBar: Bar? {
        guard let forming, forming.publish else { return nil }
        return forming.bar
    }

    /// Adds one closed input bar and returns the bars it closes, oldest first.
    public mutating func add(_ input: Bar) throws(BarAggregatorError) -> [Bar] {
        let merged = try prepare(input)
        var out = close(through: input.openTime)
        forming = merged
        lastInput = input.openTime
        out += close(through: input.closeTime)
        return out
    }

    /// Throws what ``add(_:)`` would throw for `input`, changing nothing, so that
    /// several aggregators fed the same bar accept it all or none. The one refusal
    /// it cannot foresee is a volume sum overflowing ``FixedDecimal`` (beyond 1.7e26).
    public func check(_ input: Bar) throws(BarAggregatorError) {
        try admit(input)
        try checkFlatBars(through: input.openTime)
    }

    /// The checks on the input itself and on its place in time.
    private func admit(_ input: Bar) throws(BarAggregatorError) {
        guard input.venue == venue, input.symbol == symbol else { throw .wrongInstrument(venue: input.venue, symbol: input.symbol) }
        guard input.timeframe == inputTimeframe else { throw .wrongTimeframe(input.timeframe) }
        guard inputTimeframe.openTime(containing: input.openTime) == input.openTime else { throw .misaligned(openTime: input.openTime) }
        guard input.isClosed else { throw .notClosed(openTime: input.openTime) }
        if let lastInput, input.openTime <= lastInput { throw .outOfOrder(openTime: input.openTime, previous: lastInput) }
        if let closedThrough, input.openTime < closedThrough { throw .late(openTime: input.openTime, closedThrough: closedThrough) }
    }

    /// Every check of an input, and the bucket it makes; computed before any state changes.
    private func prepare(_ input: Bar) throws(BarAggregatorError) -> (bar: Bar, publish: Bool) {
        try admit(input)
        let bucketOpen = timeframe.openTime(containing: input.openTime)
        let merged: (bar: Bar, publish: Bool)
        if let forming, forming.bar.openTime == bucketOpen {
            merged = (try Self.merge(forming.bar, input), forming.publish)
        } else {
            var bar = input
            bar.timeframe = timeframe
            bar.openTime = bucketOpen
            bar.isClosed = false
            let isFirstBucket = lastInput == nil && closedThrough == nil
            merged = (bar, !(dropsLeadingPartial && isFirstBucket && bucketOpen != input.openTime))
        }
        try checkFlatBars(through: input.openTime)
        return merged
    }

    /// Moves the clock to `time` and returns the bars that closes, oldest first.
    ///
    /// Call it from a live clock so that a bar closes on time even when its last
    /// input (or all of its input) never comes. Times earlier than the clock are no-ops.
    public mutating func advance(to time: Timestamp) throws(BarAggregatorError) -> [Bar] {
        try checkFlatBars(through: time)
        return close(through: time)
    }

    /// Throws if closing through `time` would emit more than ``maxFlatBars`` flat bars
    /// (what ``advance(to:)`` would throw), changing nothing.
    public func checkFlatBars(through time: Timestamp) throws(BarAggregatorError) {
        guard let from = forming.map({ $0.bar.closeTime }) ?? closedThrough else { return }
        let count = gapPolicy.flatBarCount(from: from, to: time, timeframe: timeframe)
        if count > maxFlatBars { throw .gapTooLong(from: from, to: time, bars: count) }
    }

    /// Closes the forming bucket if it ends at or before `time`, then, under
    /// ``GapPolicy/flatBars``, every whole quiet bucket up to `time`.
    private mutating func close(through time: Timestamp) -> [Bar] {
        var out: [Bar] = []
        if let f = forming, f.bar.closeTime <= time {
            var bar = f.bar
            bar.isClosed = true
            if f.publish { out.append(bar) }
            lastClose = bar.close
            closedThrough = bar.closeTime
            forming = nil
        }
        guard forming == nil, let closed = closedThrough, let price = lastClose else { return out }
        closedThrough = gapPolicy.closeQuietBars(
            from: closed, through: time, price: price, venue: venue, symbol: symbol, timeframe: timeframe, into: &out
        )
        return out
    }

    /// `bucket` extended by the next input bar `next`.
    private static func merge(_ bucket: Bar, _ next: Bar) throws(BarAggregatorError) -> Bar {
        func sum(_ a: FixedDecimal, _ b: FixedDecimal) throws(BarAggregatorError) -> FixedDecimal {
            do { return try a.adding(b) } catch { throw .overflow(openTime: bucket.openTime) }
        }
        // An optional total is kept only while every input has it; one gap makes it unknown.
        func sum(_ a: FixedDecimal?, _ b: FixedDecimal?) throws(BarAggregatorError) -> FixedDecimal? {
            guard let a, let b else { return nil }
            return try sum(a, b)
        }
        var bar = bucket
        bar.high = max(bucket.high, next.high)
        bar.low = min(bucket.low, next.low)
        bar.close = next.close
        bar.volume = try sum(bucket.volume, next.volume)
        bar.quoteVolume = try sum(bucket.quoteVolume, next.quoteVolume)
        bar.takerBuyVolume = try sum(bucket.takerBuyVolume, next.takerBuyVolume)
        if let a = bucket.tradeCount, let b = next.tradeCount {
            let (s, o) = a.addingReportingOverflow(b)
            if o { throw .overflow(openTime: bucket.openTime) }
            bar.tradeCount = s
        } else {
            bar.tradeCount = nil
        }
        return bar
    }
}
