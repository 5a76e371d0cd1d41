import ArenaCore

/// Liquidations (Binance USDⓈ-M `forceOrder`) from a recorder's CSV without a
/// header: `symbol, side, order_type, time_in_force, original_quantity, price,
/// average_price, order_status, last_filled_quantity, filled_accumulated_quantity,
/// trade_time_ms, usd_size`.
///
/// ``ArenaCore/Liquidation/side`` is the liquidation order's side: SELL means a
/// long was liquidated. The recorder strips the `USDT` suffix from most
/// symbols (`BTC`), so a symbol not ending in `USDT` or `USDC` gets `USDT`
/// back. `usd_size` is the recorder's binary-float product of price and
/// quantity, not an exchange value, so it is not read.
public struct LiquidationCSVSource: ReplaySource {
    public var name: String { reader.source }
    private var reader: CSVRowReader
    private let venue: VenueID
    private var symbols: [String: Symbol] = [:]

    /// The number of fields in a record.
    static let width = 12

    /// Reads `lines` as liquidations on `venue`.
    public init(lines: ByteLines, venue: VenueID) {
        reader = CSVRowReader(lines: lines)
        self.venue = venue
    }

    /// The exchange symbol for a recorded one: `BTC` → `BTCUSDT`, `BTCUSDT` unchanged.
    public static func normalisedSymbol(_ text: String) throws(IdentifierError) -> Symbol {
        let upper = text.uppercased()
        return try Symbol(upper.hasSuffix("USDT") || upper.hasSuffix("USDC") ? upper : upper + "USDT")
    }

    public mutating func next() throws(ReplayError) -> MarketEvent? {
        let venue = venue
        return try reader.next { fields, field throws(ExactNumber.Problem) -> MarketEvent in
            guard fields.count == Self.width else {
                throw ExactNumber.Problem(reason: "expected \(Self.width) fields, found \(fields.count)")
            }
            field = "symbol"
            let text = fields.text(0)
            let symbol: Symbol
            if let known = symbols[text] { symbol = known } else {
                do { symbol = try Self.normalisedSymbol(text) } catch { throw ExactNumber.Problem(reason: "\(error)") }
                symbols[text] = symbol
            }
            field = "side"
            guard let side = Side(rawValue: fields.text(1).uppercased()) else { throw ASCIIField.problem(fields[1], "is not BUY or SELL") }
            field = "original_quantity"
            let quantity = try ASCIIField.positive(fields[4])
            field = "price"
            let price = try ASCIIField.positive(fields[5])
            field = "average_price"
            let average = try ASCIIField.positive(fields[6])
            field = "trade_time"
            let time = try ASCIIField.epochTime(fields[10])
            return .liquidation(Liquidation(
                venue: venue, symbol: symbol, side: side, price: price, quantity: quantity, averagePrice: average, eventTime: time
            ))
        }
    }
}
