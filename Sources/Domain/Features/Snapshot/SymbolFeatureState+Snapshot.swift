import ArenaCore

extension SymbolFeatureState {
    /// How far the symbol is from a snapshot: ``snapshotBars1m`` closed 1m bars (60 by default), a value in
    /// every indicator column and a regime reading are all required.
    public var warmth: SymbolWarmth {
        let warming = indicators.columns.indices.filter { indicators.value(at: $0) == nil }.map { indicators.columns[$0] }
        return SymbolWarmth(
            symbol: symbol, bars1m: bars1m.count, bars1mNeeded: snapshotBars1m, indicatorBars: indicatorBarCount,
            warmingColumns: warming, hasRegime: regime != nil, indicatorBarsNeeded: barHistory
        )
    }

    /// The live quote from what has been fed: bid and ask from the newest
    /// best bid/ask; last from the newest trade, or the newest 1m close
    /// without one; time the newest of the observations used.
    ///
    /// When the 1m close is newer than the newest trade (its close time is
    /// later), the close is the last price: a trade feed that stopped must not
    /// pin the ticker to an old price while bars move on. While trades flow
    /// this is the same price, since a minute's close is its last trade.
    /// Nil before the first trade or 1m bar.
    public var ticker: Ticker? {
        var last: Stamped<FixedDecimal>?
        if let bar = bars1m.newest { last = Stamped(bar.close, at: bar.closeTime) }
        if let trade = lastTrade, trade.time >= (last?.time ?? trade.time) { last = trade }
        guard let last else { return nil }
        var time = last.time
        if let top = bookTop, top.eventTime > time { time = top.eventTime }
        return Ticker(bid: bookTop?.bidPrice, ask: bookTop?.askPrice, last: last.value, time: time)
    }

    /// The order flow at `tick` (nil when the symbol never had a trade).
    ///
    /// This moves the book's clock to `tick`, expiring what left each window,
    /// as ``OrderFlowBook/features(at:)`` does. When the book's clock is
    /// already past the tick (events after the tick arrived before the
    /// snapshot was built), the features are taken at the book's clock: a
    /// book cannot go back, and refusing would lose the tick. Every model
    /// still sees the same bytes, because one snapshot is built per tick.
    public mutating func orderFlowSnapshot(at tick: Timestamp) throws(SnapshotError) -> OrderFlowSnapshot? {
        guard hasSeenTrade else { return nil }
        if let clock = orderFlow.clock, clock >= tick { return OrderFlowSnapshot(orderFlow.features) }
        do { return OrderFlowSnapshot(try orderFlow.features(at: tick)) } catch { throw .orderFlow(symbol: symbol, error) }
    }

    /// The symbol's entry in the snapshot at `tick`; throws ``SnapshotError/notWarm(_:)`` when not warm.
    ///
    /// The entry shows the state as fed: the caller feeds the events up to the
    /// tick and then asks (the state keeps no history to rewind). Indicator
    /// and regime values are made canonical (−0 becomes +0, a non-finite value
    /// becomes nil) so that equal markets always hash to the same bytes.
    public mutating func snapshot(at tick: Timestamp) throws(SnapshotError) -> SymbolSnapshot {
        let warmth = self.warmth
        guard warmth.isWarm, let regime, let ticker else { throw .notWarm(NotWarm(cold: [warmth])) }
        let values = indicators.columns.indices.map { IndicatorValue(name: indicators.columns[$0], value: canonical(indicators.value(at: $0))) }
        return SymbolSnapshot(
            symbol: symbol, venue: venue, market: market, bars1m: bars1m.elements.map(SnapshotBar.init), ticker: ticker,
            indicatorTimeframe: indicatorTimeframe, indicators: values, orderFlow: try orderFlowSnapshot(at: tick),
            regime: canonical(regime), bars: indicatorBars.elements.map(SnapshotBar.init), fundingHistory: funding.points
        )
    }
}

/// `x` with −0 as +0 and NaN or ±∞ as nil: equal doubles with different bit
/// patterns would give different canonical bytes (and hashes).
func canonical(_ x: Double?) -> Double? {
    guard let x, x.isFinite else { return nil }
    return x == 0 ? 0 : x
}

/// A reading with canonical inputs (see ``canonical(_:)``).
func canonical(_ reading: RegimeReading) -> RegimeReading {
    var r = reading
    r.inputs.adx = canonical(r.inputs.adx)
    r.inputs.bollingerWidth = canonical(r.inputs.bollingerWidth)
    r.inputs.atrPercentile = canonical(r.inputs.atrPercentile)
    r.inputs.efficiency = canonical(r.inputs.efficiency)
    r.inputs.volumeTrend = canonical(r.inputs.volumeTrend)
    return r
}

extension OrderFlowSnapshot {
    /// The wire form of `features`: exact sums as they are, each nil where the
    /// feature is nil (cold or never fed), and the warm groups by name.
    public init(_ features: OrderFlowFeatures) {
        let w = features.warm
        let groups: [(String, Bool)] = [
            ("flow30m", w.flow30m), ("flow4h", w.flow4h), ("flow24h", w.flow24h), ("slope", w.slope),
            ("acceleration", w.acceleration), ("thresholds", w.thresholds), ("whales", w.whales), ("liquidations", w.liquidations),
        ]
        self.init(warmGroups: groups.filter(\.1).map(\.0))
        cvd30m = features.cvd30m
        cvd4h = features.cvd4h
        cvd24h = features.cvd24h
        cvd30mSlope = features.cvd30mSlope
        cvd30mAcceleration = features.cvd30mAcceleration
        vwap30m = features.vwap30m
        p95Notional = features.p95Notional
        p99Notional = features.p99Notional
        largeBuyCount = features.largeBuys?.count
        largeBuyNotional = features.largeBuys?.notional
        largeSellCount = features.largeSells?.count
        largeSellNotional = features.largeSells?.notional
        whaleBuyNotional = features.whaleFlow?.buy
        whaleSellNotional = features.whaleFlow?.sell
        whaleBuyRatio = canonical(features.whaleBuyRatio)
        // SELL forced orders close longs; BUY forced orders close shorts.
        liquidatedLongs5m = features.liquidations?.sell
        liquidatedShorts5m = features.liquidations?.buy
        liquidationImbalance = canonical(features.liquidationImbalance)
        fundingRate = features.fundingRate?.value
        openInterest = features.openInterest?.value
        openInterestChange5m = features.openInterestChange5m
        longShortRatio = features.longShortRatio?.value
        topTraderLongShare = features.topTraderLongShare?.value
        bookImbalance = canonical(features.bookImbalance?.value)
    }
}
