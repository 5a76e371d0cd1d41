import ArenaCore
import Foundation

/// Decodes Binance spot and USDⓈ-M WebSocket frames into ``MarketEvent``s.
///
/// One frame is either a combined-stream message `{"stream":"btcusdt@trade","data":{…}}`
/// or a raw payload; the capture files also hold the REST depth snapshot as a
/// line, which decodes to ``MarketEvent/depthSnapshot(_:)``. Control replies
/// (`{"result":null,"id":1}`) decode to no events. Anything else that cannot be
/// read exactly throws a ``VenueMessageError``; the decoder never guesses.
///
/// Pure and `Sendable`: the receive time is a parameter, not read from a clock.
public struct BinanceStreamDecoder: Sendable {
    /// The venue stamped on every event (`binance`, `binance-usdm`).
    public let venue: VenueID
    /// Spot or USDⓈ-M perpetual: decides which fields a depth diff must have.
    public let market: MarketKind

    /// Creates a decoder for one venue and market.
    public init(venue: VenueID, market: MarketKind) {
        self.venue = venue
        self.market = market
    }

    /// Decodes one text frame.
    ///
    /// - Parameters:
    ///   - frame: the frame's text.
    ///   - receivedAt: when this process received it (kept on trades; the time of spot book tickers and
    ///     spot snapshots, which carry none of their own).
    ///   - snapshotSymbol: the symbol of a REST depth snapshot line, which names none itself.
    public func decode(
        _ frame: String, receivedAt: Timestamp, snapshotSymbol: Symbol? = nil
    ) throws(VenueMessageError) -> [MarketEvent] {
        try decode(Data(frame.utf8), receivedAt: receivedAt, snapshotSymbol: snapshotSymbol)
    }

    /// Decodes one frame's bytes (garbage that is not UTF-8 is a ``VenueMessageError/Problem/notJSON``).
    public func decode(
        _ frame: Data, receivedAt: Timestamp, snapshotSymbol: Symbol? = nil
    ) throws(VenueMessageError) -> [MarketEvent] {
        do {
            let parsed = try VenueJSON.decode(BinanceFrame.self, from: frame)
            return try events(parsed, receivedAt: receivedAt, snapshotSymbol: snapshotSymbol)
        } catch {
            var problem = error
            // Fields are named within the payload, whether or not it came wrapped in a combined-stream message.
            if let field = problem.field, field.hasPrefix("data.") { problem.field = String(field.dropFirst(5)) }
            throw problem.error(venue: venue, frame: String(decoding: frame, as: UTF8.self), defaultKind: "frame")
        }
    }

    private func events(
        _ frame: BinanceFrame, receivedAt: Timestamp, snapshotSymbol: Symbol?
    ) throws(FieldProblem) -> [MarketEvent] {
        let convert = BinanceConversion(venue: venue, market: market)
        switch frame {
        case .aggTrade(let p):
            return [.trade(try convert.trade(p, receivedAt: receivedAt))]
        case .trade(let p):
            return [.trade(try convert.trade(
                symbol: p.symbol, id: p.tradeID, price: p.price, quantity: p.quantity,
                time: p.tradeTime, buyerIsMaker: p.buyerIsMaker, receivedAt: receivedAt, kind: "trade"
            ))]
        case .kline(let p):
            return [.kline(try convert.bar(p))]
        case .bookTicker(let p):
            return [.bookTop(try convert.bookTop(p, receivedAt: receivedAt))]
        case .depthUpdate(let p):
            return [.depthUpdate(try convert.depthUpdate(p))]
        case .depthSnapshot(let p):
            guard let snapshotSymbol else {
                throw FieldProblem(
                    kind: "depthSnapshot", field: "symbol", .missingField,
                    "a REST depth snapshot names no symbol; pass snapshotSymbol"
                )
            }
            return [.depthSnapshot(try convert.snapshot(p, symbol: snapshotSymbol, receivedAt: receivedAt))]
        case .forceOrder(let p):
            return [.liquidation(try convert.liquidation(p))]
        case .markPrice(let p):
            return [.funding(try convert.funding(p))]
        case .control:
            return []
        case .venueError(let e):
            throw FieldProblem(kind: "error", field: nil, .venueError, e.description)
        }
    }
}
