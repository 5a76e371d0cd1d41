import ArenaStore
import ArenaCore

extension Trade: TableRow {
    /// `gateway.md_trades`.
    public static var table: TableSpec { GatewayTables.trades }

    /// The row in column order.
    public var sqlValues: [SQLValue] {
        [
            .text(venue.value), .text(market.rawValue), .text(symbol.value), .integer(tradeID), price.sqlValue,
            quantity.sqlValue, .text(takerSide.rawValue), eventTime.sqlValue, receiveTime.sqlValue,
        ]
    }

    /// Reads a stored row back, validating identifiers and enums.
    public init(row: SQLRow) throws(StoreError) {
        self.init(
            venue: try row.identifier("venue"), symbol: try row.identifier("symbol"), market: try row.wireEnum("market"),
            tradeID: try row.decode("trade_id"), price: try row.decode("price"), quantity: try row.decode("quantity"),
            takerSide: try row.wireEnum("taker_side"), eventTime: try row.decode("event_time"),
            receiveTime: try row.decode("receive_time")
        )
    }
}

extension Bar: TableRow {
    /// `gateway.md_bars`.
    public static var table: TableSpec { GatewayTables.bars }

    /// The row in column order.
    public var sqlValues: [SQLValue] {
        [
            .text(venue.value), .text(symbol.value), .text(timeframe.rawValue), openTime.sqlValue, open.sqlValue,
            high.sqlValue, low.sqlValue, close.sqlValue, volume.sqlValue, quoteVolume.sqlValue, tradeCount.sqlValue,
            takerBuyVolume.sqlValue, isClosed.sqlValue,
        ]
    }

    /// Reads a stored row back, validating identifiers and enums.
    public init(row: SQLRow) throws(StoreError) {
        self.init(
            venue: try row.identifier("venue"), symbol: try row.identifier("symbol"), timeframe: try row.wireEnum("timeframe"),
            openTime: try row.decode("open_time"), open: try row.decode("open"), high: try row.decode("high"),
            low: try row.decode("low"), close: try row.decode("close"), volume: try row.decode("volume"),
            quoteVolume: try row.decode("quote_volume"), tradeCount: try row.decode("trade_count"),
            takerBuyVolume: try row.decode("taker_buy_volume"), isClosed: try row.decode("is_closed")
        )
    }
}

extension FundingRate: TableRow {
    /// `gateway.md_funding`.
    public static var table: TableSpec { GatewayTables.funding }

    /// The row in column order.
    public var sqlValues: [SQLValue] {
        [
            .text(venue.value), .text(symbol.value), rate.sqlValue, markPrice.sqlValue, indexPrice.sqlValue,
            nextFundingTime.sqlValue, eventTime.sqlValue,
        ]
    }

    /// Reads a stored row back, validating identifiers and enums.
    public init(row: SQLRow) throws(StoreError) {
        self.init(
            venue: try row.identifier("venue"), symbol: try row.identifier("symbol"), rate: try row.decode("rate"),
            markPrice: try row.decode("mark_price"), indexPrice: try row.decode("index_price"),
            nextFundingTime: try row.decode("next_funding_time"), eventTime: try row.decode("event_time")
        )
    }
}

extension Liquidation: TableRow {
    /// `gateway.md_liquidations`.
    public static var table: TableSpec { GatewayTables.liquidations }

    /// The row in column order.
    public var sqlValues: [SQLValue] {
        [
            .text(venue.value), .text(symbol.value), .text(side.rawValue), price.sqlValue, quantity.sqlValue,
            averagePrice.sqlValue, eventTime.sqlValue,
        ]
    }

    /// Reads a stored row back, validating identifiers and enums.
    public init(row: SQLRow) throws(StoreError) {
        self.init(
            venue: try row.identifier("venue"), symbol: try row.identifier("symbol"), side: try row.wireEnum("side"),
            price: try row.decode("price"), quantity: try row.decode("quantity"),
            averagePrice: try row.decode("average_price"), eventTime: try row.decode("event_time")
        )
    }
}

extension Positioning: TableRow {
    /// `gateway.md_positioning`.
    public static var table: TableSpec { GatewayTables.positioning }

    /// The row in column order.
    public var sqlValues: [SQLValue] {
        [
            .text(venue.value), .text(symbol.value), .text(period.rawValue), openInterest.sqlValue, openInterestValue.sqlValue,
            longShortRatio.sqlValue, topTraderLongShare.sqlValue, eventTime.sqlValue,
        ]
    }

    /// Reads a stored row back, validating identifiers and enums.
    public init(row: SQLRow) throws(StoreError) {
        self.init(
            venue: try row.identifier("venue"), symbol: try row.identifier("symbol"), period: try row.wireEnum("period"),
            openInterest: try row.decode("open_interest"), openInterestValue: try row.decode("open_interest_value"),
            longShortRatio: try row.decode("long_short_ratio"), topTraderLongShare: try row.decode("top_trader_long_share"),
            eventTime: try row.decode("event_time")
        )
    }
}
