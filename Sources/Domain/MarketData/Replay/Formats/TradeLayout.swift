/// The trade CSV layouts a replay reads.
public enum TradeLayout: String, Sendable, CaseIterable {
    /// data.binance.vision aggTrades: `agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker[,is_best_match]`.
    case aggTrades
    /// data.binance.vision trades: `id,price,qty,quote_qty,time,is_buyer_maker[,is_best_match]`.
    case trades
    /// freqtrade/ccxt trade CSV: `timestamp,id,type,side,price,amount,cost` (side is the taker's).
    case freqtrade
    /// A recorded aggTrade stream, no header: `event_time_ms, symbol, agg_trade_id, price, quantity, trade_time_ms, is_buyer_maker`.
    case aggTradeStream

    /// Where each field sits when the file has no header.
    public var columns: TradeColumns {
        switch self {
        case .aggTrades: TradeColumns(id: 0, price: 1, quantity: 2, time: 5, aggressor: .buyerIsMaker(6), widths: 7...8)
        case .trades: TradeColumns(id: 0, price: 1, quantity: 2, time: 4, aggressor: .buyerIsMaker(5), widths: 6...7)
        case .freqtrade: TradeColumns(id: 1, price: 4, quantity: 5, time: 0, aggressor: .takerSide(3), widths: 7...7)
        case .aggTradeStream:
            TradeColumns(id: 2, price: 3, quantity: 4, time: 5, aggressor: .buyerIsMaker(6), symbol: 1, widths: 7...7)
        }
    }

    /// The layout of a headerless file, from the shape of its first record.
    ///
    /// A symbol in the second field means a recorded stream; otherwise the
    /// field count and where the first boolean sits tell aggTrades (flag in
    /// field 7) from trades (flag in field 6).
    static func detect(_ fields: CSVFields) -> TradeLayout? {
        guard fields.count >= 2 else { return nil }
        let layout: TradeLayout
        if let c = fields[1].first, isLetter(c) {
            layout = .aggTradeStream
        } else {
            switch fields.count {
            case 8: layout = .aggTrades
            case 6: layout = .trades
            case 7: layout = (try? ASCIIField.bool(fields[5])) != nil ? .trades : .aggTrades
            default: return nil
            }
        }
        // The buyer-maker flag must be where the layout says (a 6-field kline row has a number there).
        guard layout.columns.widths.contains(fields.count), case .buyerIsMaker(let flag) = layout.columns.aggressor,
              (try? ASCIIField.bool(fields[flag])) != nil
        else { return nil }
        return layout
    }

    static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") }
}

/// Where the fields of a trade sit in a CSV record.
public struct TradeColumns: Sendable, Hashable {
    /// How the aggressor is written.
    public enum Aggressor: Sendable, Hashable {
        /// Binance's `is_buyer_maker`: true means the seller took liquidity.
        case buyerIsMaker(Int)
        /// The taker's side as `buy`/`sell`.
        case takerSide(Int)
    }

    public var id: Int
    public var price: Int
    public var quantity: Int
    public var time: Int
    public var aggressor: Aggressor
    /// The symbol column, for files mixing instruments.
    public var symbol: Int?
    /// The field counts a record may have.
    public var widths: ClosedRange<Int>

    public init(id: Int, price: Int, quantity: Int, time: Int, aggressor: Aggressor, symbol: Int? = nil, widths: ClosedRange<Int>) {
        self.id = id
        self.price = price
        self.quantity = quantity
        self.time = time
        self.aggressor = aggressor
        self.symbol = symbol
        self.widths = widths
    }

    /// Columns found by name in a header line (lower-cased); nil when a required one is missing.
    static func named(_ header: [String]) -> TradeColumns? {
        func find(_ names: [String]) -> Int? { header.firstIndex(where: names.contains) }
        guard let id = find(["agg_trade_id", "id", "trade_id", "a"]),
              let price = find(["price", "p"]),
              let quantity = find(["quantity", "qty", "amount", "q"]),
              let time = find(["transact_time", "time", "timestamp", "trade_time", "t"])
        else { return nil }
        let aggressor: Aggressor
        if let m = find(["is_buyer_maker", "buyer_maker", "m"]) { aggressor = .buyerIsMaker(m) }
        else if let s = find(["side", "taker_side"]) { aggressor = .takerSide(s) }
        else { return nil }
        return TradeColumns(
            id: id, price: price, quantity: quantity, time: time, aggressor: aggressor,
            symbol: find(["symbol", "s"]), widths: header.count...header.count
        )
    }

    /// The names the header must offer, for the error when it does not.
    static let requiredNames = "an id (agg_trade_id/id), price, quantity (qty/amount), time (transact_time/time/timestamp) and is_buyer_maker or side"
}
