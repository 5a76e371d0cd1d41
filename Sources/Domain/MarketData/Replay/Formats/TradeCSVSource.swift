import ArenaCore

/// Trades from a trade CSV of any ``TradeLayout``, read by a byte-level scanner.
///
/// The layout comes from the header when there is one (columns found by name,
/// so reordered or extra columns are fine), else from the shape of the first
/// record, unless the caller names it. Per line the scanner splits fields in
/// place and parses numbers straight from the bytes (``FixedDecimal/init(parsingASCII:)``):
/// no `String` per line and no Foundation, since replays push millions of
/// trades a second through here.
///
/// A Binance `is_buyer_maker` of true means the seller was the taker, so the
/// trade's ``ArenaCore/Trade/takerSide`` is SELL. Files have no receive time, so
/// it is the trade time.
public struct TradeCSVSource: ReplaySource {
    public var name: String { reader.source }
    /// The columns in use (detected or given).
    public let columns: TradeColumns
    private var reader: CSVRowReader
    private let instrument: ReplayInstrument
    /// The last symbol text seen and its identifier, so a symbol column costs one compare per row.
    private var symbolCache: (text: [UInt8], symbol: Symbol)?

    /// The records skipped under ``BadRowPolicy/skip``.
    public var skippedRows: SkippedRows { reader.skipped }

    /// Reads `lines`; `layout` overrides detection. `instrument.symbol` is required unless the layout has a symbol column.
    /// `badRows` says whether an unparsable record stops the replay (the default) or is skipped and reported.
    public init(lines: ByteLines, instrument: ReplayInstrument, layout: TradeLayout? = nil, badRows: BadRowPolicy = .fail) throws(ReplayError) {
        reader = CSVRowReader(lines: lines, badRows: badRows)
        self.instrument = instrument
        let source = lines.source
        let found = try reader.first { fields, line throws(ReplayError) -> (TradeColumns, consumed: Bool) in
            let isHeader = line.first.map(TradeLayout.isLetter) == true
            if let layout { return (layout.columns, isHeader) }
            if isHeader {
                guard let named = TradeColumns.named(fields.lowercasedTexts()) else {
                    throw ReplayError(source: source, line: 1, reason: "the header does not name \(TradeColumns.requiredNames)")
                }
                return (named, true)
            }
            guard let detected = TradeLayout.detect(fields) else {
                let known = TradeLayout.allCases.map(\.rawValue).joined(separator: ", ")
                throw ReplayError(source: source, line: 1, reason: "\(fields.count) fields match no trade layout (\(known)); give the layout")
            }
            return (detected.columns, false)
        }
        // An empty file is a valid, empty source.
        columns = found ?? (layout ?? .aggTrades).columns
        if columns.symbol == nil && instrument.symbol == nil {
            throw ReplayError(source: source, line: 0, reason: "the layout has no symbol column, so a symbol must be given")
        }
    }

    public mutating func next() throws(ReplayError) -> MarketEvent? {
        try nextTrade().map(MarketEvent.trade)
    }

    /// The next trade, or nil at the end of the file. Blank lines are skipped.
    @inline(__always)
    public mutating func nextTrade() throws(ReplayError) -> Trade? {
        let c = columns, instrument = instrument
        return try reader.next { fields, field throws(ExactNumber.Problem) -> Trade in
            guard c.widths.contains(fields.count) else {
                let expected = c.widths.count > 1 ? "\(c.widths.lowerBound)…\(c.widths.upperBound)" : "\(c.widths.lowerBound)"
                throw ExactNumber.Problem(reason: "expected \(expected) fields, found \(fields.count)")
            }
            field = "id"
            let id = try ASCIIField.integer(fields[c.id])
            field = "price"
            let price = try ASCIIField.positive(fields[c.price])
            field = "quantity"
            let quantity = try ASCIIField.positive(fields[c.quantity])
            field = "time"
            let time = try ASCIIField.epochTime(fields[c.time])
            let side: Side
            switch c.aggressor {
            case .buyerIsMaker(let i):
                field = "is_buyer_maker"
                side = try ASCIIField.bool(fields[i]) ? .sell : .buy
            case .takerSide(let i):
                field = "side"
                side = try Self.takerSide(fields[i])
            }
            var symbol = instrument.symbol
            if let s = c.symbol {
                field = "symbol"
                symbol = try Self.cachedSymbol(fields[s], &symbolCache)
            }
            guard let symbol else { throw ExactNumber.Problem(reason: "no symbol given for a layout without a symbol column") }
            return Trade(
                venue: instrument.venue, symbol: symbol, market: instrument.market, tradeID: id,
                price: price, quantity: quantity, takerSide: side, eventTime: time, receiveTime: time
            )
        }
    }

    private static func takerSide(_ b: UnsafeBufferPointer<UInt8>) throws(ExactNumber.Problem) -> Side {
        switch String(decoding: b, as: UTF8.self).lowercased() {
        case "buy": .buy
        case "sell": .sell
        default: throw ASCIIField.problem(b, "is not buy or sell")
        }
    }

    private static func cachedSymbol(
        _ b: UnsafeBufferPointer<UInt8>, _ cache: inout (text: [UInt8], symbol: Symbol)?
    ) throws(ExactNumber.Problem) -> Symbol {
        if let cache, cache.text.elementsEqual(b) { return cache.symbol }
        do {
            let symbol = try Symbol(String(decoding: b, as: UTF8.self))
            cache = (Array(b), symbol)
            return symbol
        } catch { throw ExactNumber.Problem(reason: error.description) }
    }
}
