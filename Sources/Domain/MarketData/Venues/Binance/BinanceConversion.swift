import ArenaCore

/// Binance payloads to arena types, shared by the stream and REST decoders.
/// Each failure names the event kind and the field.
struct BinanceConversion {
    let venue: VenueID
    let market: MarketKind

    /// Runs `body`, stamping `kind` on a failure that has none.
    private func within<T>(_ kind: String, _ body: () throws(FieldProblem) -> T) throws(FieldProblem) -> T {
        do { return try body() } catch {
            var e = error
            e.kind = e.kind ?? kind
            throw e
        }
    }

    func trade(_ p: BinanceAggTradePayload, receivedAt: Timestamp) throws(FieldProblem) -> Trade {
        guard let symbol = p.symbol else { throw FieldProblem(kind: "aggTrade", field: "s", .missingField, "absent") }
        return try trade(
            symbol: symbol, id: p.aggregateID, price: p.price, quantity: p.quantity, time: p.tradeTime,
            buyerIsMaker: p.buyerIsMaker, receivedAt: receivedAt, kind: "aggTrade", symbolField: "s"
        )
    }

    func trade(
        symbol: String, id: Int64, price: String, quantity: String, time: Int64, buyerIsMaker: Bool,
        receivedAt: Timestamp, kind: String, symbolField: String = "s"
    ) throws(FieldProblem) -> Trade {
        try within(kind) { () throws(FieldProblem) in
            guard id >= 0 else { throw FieldProblem(field: kind == "trade" ? "t" : "a", .invalidValue, "negative id \(id)") }
            return Trade(
                venue: venue, symbol: try VenueFields.symbol(symbol, symbolField), market: market, tradeID: id,
                price: try VenueFields.amount(price, "p"), quantity: try VenueFields.amount(quantity, "q"),
                takerSide: VenueFields.takerSide(buyerIsMaker: buyerIsMaker),
                eventTime: try VenueFields.millis(time, "T"), receiveTime: receivedAt
            )
        }
    }

    func bar(_ p: BinanceKlinePayload) throws(FieldProblem) -> Bar {
        try within("kline") { () throws(FieldProblem) in
            let k = p.kline
            guard let timeframe = Timeframe(rawValue: k.interval) else {
                throw FieldProblem(field: "k.i", .invalidValue, "interval \"\(k.interval.prefix(10))\" is not an arena timeframe")
            }
            return Bar(
                venue: venue, symbol: try VenueFields.symbol(p.symbol, "s"), timeframe: timeframe,
                openTime: try VenueFields.millis(k.openTime, "k.t"),
                open: try VenueFields.amount(k.open, "k.o"), high: try VenueFields.amount(k.high, "k.h"),
                low: try VenueFields.amount(k.low, "k.l"), close: try VenueFields.amount(k.close, "k.c"),
                volume: try VenueFields.amount(k.volume, "k.v"), quoteVolume: try VenueFields.amount(k.quoteVolume, "k.q"),
                tradeCount: k.tradeCount, takerBuyVolume: try VenueFields.amount(k.takerBuyVolume, "k.V"),
                isClosed: k.isClosed
            )
        }
    }

    /// Spot book tickers carry no time: the receive time stands in.
    func bookTop(_ p: BinanceBookTickerPayload, receivedAt: Timestamp) throws(FieldProblem) -> BookTop {
        try within("bookTicker") { () throws(FieldProblem) in
            BookTop(
                venue: venue, symbol: try VenueFields.symbol(p.symbol, "s"),
                bidPrice: try VenueFields.amount(p.bidPrice, "b"), bidQuantity: try VenueFields.amount(p.bidQuantity, "B"),
                askPrice: try VenueFields.amount(p.askPrice, "a"), askQuantity: try VenueFields.amount(p.askQuantity, "A"),
                updateID: p.updateID, eventTime: try p.eventTime.map { ms throws(FieldProblem) in try VenueFields.millis(ms, "E") } ?? receivedAt
            )
        }
    }

    func levels(_ raw: [BinanceLevelPayload], _ field: String) throws(FieldProblem) -> [PriceLevel] {
        var out: [PriceLevel] = []
        out.reserveCapacity(raw.count)
        for (i, level) in raw.enumerated() {
            out.append(PriceLevel(
                price: try VenueFields.amount(level.price, "\(field)[\(i)][0]"),
                quantity: try VenueFields.amount(level.quantity, "\(field)[\(i)][1]")
            ))
        }
        return out
    }

    /// USDⓈ-M diffs must carry `pu`: the futures book procedure chains on it.
    func depthUpdate(_ p: BinanceDepthUpdatePayload) throws(FieldProblem) -> DepthUpdate {
        try within("depthUpdate") { () throws(FieldProblem) in
            if market == .perpetual && p.previousFinalUpdateID == nil {
                throw FieldProblem(field: "pu", .missingField, "a USDⓈ-M depth diff must carry pu")
            }
            guard p.firstUpdateID <= p.finalUpdateID else {
                throw FieldProblem(field: "U", .invalidValue, "U \(p.firstUpdateID) is after u \(p.finalUpdateID)")
            }
            return DepthUpdate(
                venue: venue, symbol: try VenueFields.symbol(p.symbol, "s"), market: market,
                firstUpdateID: p.firstUpdateID, finalUpdateID: p.finalUpdateID,
                previousFinalUpdateID: p.previousFinalUpdateID,
                bids: try levels(p.bids, "b"), asks: try levels(p.asks, "a"),
                eventTime: try VenueFields.millis(p.eventTime, "E")
            )
        }
    }

    /// Spot snapshots carry no time: the receive time stands in.
    func snapshot(_ p: BinanceDepthSnapshotPayload, symbol: Symbol, receivedAt: Timestamp) throws(FieldProblem) -> DepthSnapshot {
        try within("depthSnapshot") { () throws(FieldProblem) in
            DepthSnapshot(
                venue: venue, symbol: symbol, market: market, lastUpdateID: p.lastUpdateID,
                bids: try levels(p.bids, "bids"), asks: try levels(p.asks, "asks"),
                eventTime: try p.eventTime.map { ms throws(FieldProblem) in try VenueFields.millis(ms, "E") } ?? receivedAt
            )
        }
    }

    func liquidation(_ p: BinanceForceOrderPayload) throws(FieldProblem) -> Liquidation {
        try within("forceOrder") { () throws(FieldProblem) in
            let o = p.order
            return Liquidation(
                venue: venue, symbol: try VenueFields.symbol(o.symbol, "o.s"), side: try VenueFields.side(o.side, "o.S"),
                price: try VenueFields.amount(o.price, "o.p"), quantity: try VenueFields.amount(o.quantity, "o.q"),
                averagePrice: try o.averagePrice.map { t throws(FieldProblem) in try VenueFields.amount(t, "o.ap") },
                eventTime: try VenueFields.millis(o.tradeTime, "o.T")
            )
        }
    }

    func funding(_ p: BinanceMarkPricePayload) throws(FieldProblem) -> FundingRate {
        try within("markPriceUpdate") { () throws(FieldProblem) in
            FundingRate(
                venue: venue, symbol: try VenueFields.symbol(p.symbol, "s"), rate: try VenueFields.decimal(p.fundingRate, "r"),
                markPrice: try VenueFields.amount(p.markPrice, "p"), indexPrice: try VenueFields.amount(p.indexPrice, "i"),
                nextFundingTime: try VenueFields.millis(p.nextFundingTime, "T"), eventTime: try VenueFields.millis(p.eventTime, "E")
            )
        }
    }
}
