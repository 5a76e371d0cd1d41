import ArenaCore

/// Inputs that are not trades: kept as their latest value with its time.
/// They do not move the book's clock (their sources run on their own
/// schedules); an update older than the value held is refused.
extension OrderFlowBook {
    /// Takes a funding rate update.
    public mutating func update(_ funding: FundingRate) throws(OrderFlowError) {
        guard funding.symbol == symbol else { throw .wrongSymbol(expected: symbol, got: funding.symbol) }
        guard funding.rate.magnitude <= .one else { throw .invalidValue(field: "funding rate", value: funding.rate) }
        try Self.replace(&fundingRate, with: Stamped(funding.rate, at: funding.eventTime), field: "funding rate")
    }

    /// Takes an open-interest sample (base units or notional, as long as the series is consistent).
    public mutating func update(openInterest value: FixedDecimal, at time: Timestamp) throws(OrderFlowError) {
        try checkOpenInterest(value, at: time)
        try openInterest.update(value, at: time)
    }

    /// Takes a long/short account ratio (longs / shorts, > 0).
    public mutating func update(longShortRatio ratio: FixedDecimal, at time: Timestamp) throws(OrderFlowError) {
        try checkLongShortRatio(ratio, at: time)
        longShortRatio = Stamped(ratio, at: time)
    }

    /// Takes the top traders' long share (0…1).
    public mutating func update(topTraderLongShare share: FixedDecimal, at time: Timestamp) throws(OrderFlowError) {
        try checkTopTraderLongShare(share, at: time)
        topTraderLongShare = Stamped(share, at: time)
    }

    /// Takes a venue's positioning statistics: open interest as its quote
    /// (USD) value, the long/short ratio and the top-trader long share,
    /// whichever are present, at the message's time. Every present value is
    /// checked before any is taken, so a refused message changes nothing.
    public mutating func update(_ positioning: Positioning) throws(OrderFlowError) {
        guard positioning.symbol == symbol else { throw .wrongSymbol(expected: symbol, got: positioning.symbol) }
        let time = positioning.eventTime
        let (oi, ratio, share) = (positioning.openInterestValue, positioning.longShortRatio, positioning.topTraderLongShare)
        if let oi { try checkOpenInterest(oi, at: time) }
        if let ratio { try checkLongShortRatio(ratio, at: time) }
        if let share { try checkTopTraderLongShare(share, at: time) }
        if let oi { try update(openInterest: oi, at: time) }
        if let ratio { try update(longShortRatio: ratio, at: time) }
        if let share { try update(topTraderLongShare: share, at: time) }
    }

    private func checkOpenInterest(_ value: FixedDecimal, at time: Timestamp) throws(OrderFlowError) {
        guard value <= Self.maxNotional else { throw .invalidValue(field: "open interest", value: value) }
        try openInterest.check(value, at: time)
    }

    private func checkLongShortRatio(_ ratio: FixedDecimal, at time: Timestamp) throws(OrderFlowError) {
        guard ratio.isPositive, ratio <= Self.maxAmount else { throw .invalidValue(field: "long/short ratio", value: ratio) }
        try Self.checkNewer(time, than: longShortRatio, field: "long/short ratio")
    }

    private func checkTopTraderLongShare(_ share: FixedDecimal, at time: Timestamp) throws(OrderFlowError) {
        guard !share.isNegative, share <= .one else { throw .invalidValue(field: "top-trader long share", value: share) }
        try Self.checkNewer(time, than: topTraderLongShare, field: "top-trader long share")
    }

    /// Takes the top levels of the book: the imbalance over the top 10 levels is kept.
    public mutating func update(_ depth: BookDepth) throws(OrderFlowError) {
        guard depth.symbol == symbol else { throw .wrongSymbol(expected: symbol, got: depth.symbol) }
        for level in depth.bids.prefix(10) + depth.asks.prefix(10) where level.quantity > Self.maxAmount {
            throw .invalidValue(field: "book quantity", value: level.quantity)
        }
        guard let value = try Features.bookImbalance(depth, levels: 10) else {
            if let held = bookImbalance, depth.eventTime < held.time {
                throw .staleInput(field: "book imbalance", time: depth.eventTime, held: held.time)
            }
            bookImbalance = nil  // an empty book has no imbalance; an older value would mislead
            return
        }
        try Self.replace(&bookImbalance, with: Stamped(value, at: depth.eventTime), field: "book imbalance")
    }

    private static func replace<V>(_ held: inout Stamped<V>?, with new: Stamped<V>, field: String) throws(OrderFlowError) {
        try checkNewer(new.time, than: held, field: field)
        held = new
    }

    /// Refuses a value for `time` older than the one held.
    private static func checkNewer<V>(_ time: Timestamp, than held: Stamped<V>?, field: String) throws(OrderFlowError) {
        if let old = held, time < old.time { throw .staleInput(field: field, time: time, held: old.time) }
    }
}

extension OrderFlowBook {
    /// Moves the clock to `time` and returns the features there.
    public mutating func features(at time: Timestamp) throws(OrderFlowError) -> OrderFlowFeatures {
        try advance(to: time)
        return features
    }

    /// The features at the book's clock (see ``OrderFlowFeatures``).
    public var features: OrderFlowFeatures {
        var f = OrderFlowFeatures(symbol: symbol, time: clock ?? Timestamp(nanoseconds: 0))
        f.fundingRate = fundingRate
        f.openInterest = openInterest.latest
        f.openInterestChange5m = openInterest.change
        f.longShortRatio = longShortRatio
        f.topTraderLongShare = topTraderLongShare
        f.bookImbalance = bookImbalance
        guard clock != nil else { return f }
        var w = OrderFlowWarmUp()
        w.flow30m = isWarm(span: 1800, width: 1)
        w.flow4h = isWarm(span: 240, width: 60)
        w.flow24h = isWarm(span: 1440, width: 60)
        w.whales = isWarm(span: 900, width: 1)
        w.liquidations = isWarm(span: 300, width: 1)
        w.thresholds = isWarm(span: 24, width: 3600)
        f.warm = w
        if w.flow30m { f.flow30m = flow30m.total }
        if w.flow4h { f.flow4h = flow4h.total }
        if w.flow24h { f.flow24h = flow24h.total }
        if w.whales { f.whaleFlow = whales.total }
        if w.liquidations { f.liquidations = liquidated.total }
        if let sample = trend.latest {
            f.cvd30mSlope = trend.slope
            f.cvd30mAcceleration = trend.acceleration
            f.trendTime = Timestamp(nanoseconds: (sample.minute + 1) * 60_000_000_000)
        }
        f.warm.slope = f.cvd30mSlope != nil
        f.warm.acceleration = f.cvd30mAcceleration != nil
        if w.thresholds, let b95 = notionals.percentileBucket(95), let b99 = notionals.percentileBucket(99) {
            f.p95Notional = notionals.scale.lowerEdges[b95]
            f.p99Notional = notionals.scale.lowerEdges[b99]
            f.largeBuys = large.atOrAbove(bucket: b99, side: .buy)
            f.largeSells = large.atOrAbove(bucket: b99, side: .sell)
        }
        return f
    }

    /// Approximate bytes held by the book's windows (structure sizes × capacities).
    public var approximateBytes: Int {
        let flow = MemoryLayout<TakerFlow?>.stride, sided = MemoryLayout<SidedNotional?>.stride
        let scale = notionals.scale.count
        return (1800 + 240 + 1440) * flow + (900 + 300) * sided + (24 + 1) * scale * 4 + scale * 16
            + large.approximateBytes + MemoryLayout<Self>.size
    }
}
