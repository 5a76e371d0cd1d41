import ArenaCore

// Hand-written binary forms of the market-data messages, the highest-rate
// traffic on the bus. Field order is declaration order, as in Codable.

extension Trade: BinaryRecord {
    public func writeBinary(to w: inout WireWriter) {
        w.write(venue); w.write(symbol); w.write(market); w.write(tradeID)
        w.write(price); w.write(quantity); w.write(takerSide); w.write(eventTime); w.write(receiveTime)
    }

    public init(readingBinary r: inout WireReader, limits: BinaryLimits) throws(WireError) {
        self.init(
            venue: try r.readIdentifier(VenueID.self, field: "venue", limits: limits),
            symbol: try r.readIdentifier(Symbol.self, field: "symbol", limits: limits),
            market: try r.readEnum(MarketKind.self, field: "market", limits: limits),
            tradeID: try r.readZigZag(),
            price: try r.readDecimal(),
            quantity: try r.readDecimal(),
            takerSide: try r.readEnum(Side.self, field: "takerSide", limits: limits),
            eventTime: try r.readTimestamp(),
            receiveTime: try r.readTimestamp()
        )
    }
}

extension Bar: BinaryRecord {
    public func writeBinary(to w: inout WireWriter) {
        w.write(venue); w.write(symbol); w.write(timeframe); w.write(openTime)
        w.write(open); w.write(high); w.write(low); w.write(close); w.write(volume)
        w.writeOptional(quoteVolume) { $0.write($1) }
        w.writeOptional(tradeCount) { $0.write($1) }
        w.writeOptional(takerBuyVolume) { $0.write($1) }
        w.write(isClosed)
    }

    public init(readingBinary r: inout WireReader, limits: BinaryLimits) throws(WireError) {
        self.init(
            venue: try r.readIdentifier(VenueID.self, field: "venue", limits: limits),
            symbol: try r.readIdentifier(Symbol.self, field: "symbol", limits: limits),
            timeframe: try r.readEnum(Timeframe.self, field: "timeframe", limits: limits),
            openTime: try r.readTimestamp(),
            open: try r.readDecimal(), high: try r.readDecimal(), low: try r.readDecimal(),
            close: try r.readDecimal(), volume: try r.readDecimal(),
            quoteVolume: try r.readOptional { r throws(WireError) in try r.readDecimal() },
            tradeCount: try r.readOptional { r throws(WireError) in try r.readZigZag() },
            takerBuyVolume: try r.readOptional { r throws(WireError) in try r.readDecimal() },
            isClosed: try r.readBool(field: "isClosed")
        )
    }
}

extension BookTop: BinaryRecord {
    public func writeBinary(to w: inout WireWriter) {
        w.write(venue); w.write(symbol)
        w.write(bidPrice); w.write(bidQuantity); w.write(askPrice); w.write(askQuantity)
        w.writeOptional(updateID) { $0.write($1) }
        w.write(eventTime)
    }

    public init(readingBinary r: inout WireReader, limits: BinaryLimits) throws(WireError) {
        self.init(
            venue: try r.readIdentifier(VenueID.self, field: "venue", limits: limits),
            symbol: try r.readIdentifier(Symbol.self, field: "symbol", limits: limits),
            bidPrice: try r.readDecimal(), bidQuantity: try r.readDecimal(),
            askPrice: try r.readDecimal(), askQuantity: try r.readDecimal(),
            updateID: try r.readOptional { r throws(WireError) in try r.readZigZag() },
            eventTime: try r.readTimestamp()
        )
    }
}

extension FundingRate: BinaryRecord {
    public func writeBinary(to w: inout WireWriter) {
        w.write(venue); w.write(symbol); w.write(rate)
        w.writeOptional(markPrice) { $0.write($1) }
        w.writeOptional(indexPrice) { $0.write($1) }
        w.writeOptional(nextFundingTime) { $0.write($1) }
        w.write(eventTime)
    }

    public init(readingBinary r: inout WireReader, limits: BinaryLimits) throws(WireError) {
        self.init(
            venue: try r.readIdentifier(VenueID.self, field: "venue", limits: limits),
            symbol: try r.readIdentifier(Symbol.self, field: "symbol", limits: limits),
            rate: try r.readDecimal(),
            markPrice: try r.readOptional { r throws(WireError) in try r.readDecimal() },
            indexPrice: try r.readOptional { r throws(WireError) in try r.readDecimal() },
            nextFundingTime: try r.readOptional { r throws(WireError) in try r.readTimestamp() },
            eventTime: try r.readTimestamp()
        )
    }
}

extension Liquidation: BinaryRecord {
    public func writeBinary(to w: inout WireWriter) {
        w.write(venue); w.write(symbol); w.write(side); w.write(price); w.write(quantity)
        w.writeOptional(averagePrice) { $0.write($1) }
        w.write(eventTime)
    }

    public init(readingBinary r: inout WireReader, limits: BinaryLimits) throws(WireError) {
        self.init(
            venue: try r.readIdentifier(VenueID.self, field: "venue", limits: limits),
            symbol: try r.readIdentifier(Symbol.self, field: "symbol", limits: limits),
            side: try r.readEnum(Side.self, field: "side", limits: limits),
            price: try r.readDecimal(), quantity: try r.readDecimal(),
            averagePrice: try r.readOptional { r throws(WireError) in try r.readDecimal() },
            eventTime: try r.readTimestamp()
        )
    }
}

extension Positioning: BinaryRecord {
    public func writeBinary(to w: inout WireWriter) {
        w.write(venue); w.write(symbol); w.write(period)
        w.writeOptional(openInterest) { $0.write($1) }
        w.writeOptional(openInterestValue) { $0.write($1) }
        w.writeOptional(longShortRatio) { $0.write($1) }
        w.writeOptional(topTraderLongShare) { $0.write($1) }
        w.write(eventTime)
    }

    public init(readingBinary r: inout WireReader, limits: BinaryLimits) throws(WireError) {
        self.init(
            venue: try r.readIdentifier(VenueID.self, field: "venue", limits: limits),
            symbol: try r.readIdentifier(Symbol.self, field: "symbol", limits: limits),
            period: try r.readEnum(Timeframe.self, field: "period", limits: limits),
            openInterest: try r.readOptional { r throws(WireError) in try r.readDecimal() },
            openInterestValue: try r.readOptional { r throws(WireError) in try r.readDecimal() },
            longShortRatio: try r.readOptional { r throws(WireError) in try r.readDecimal() },
            topTraderLongShare: try r.readOptional { r throws(WireError) in try r.readDecimal() },
            eventTime: try r.readTimestamp()
        )
    }
}
