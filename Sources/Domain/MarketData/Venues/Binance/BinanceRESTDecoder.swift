import ArenaCore
import Foundation

/// Decodes Binance REST response bodies (spot `/api/v3/…`, USDⓈ-M `/fapi/v1/…`):
/// aggTrades and klines pages, depth snapshots and the `{"code","msg"}` error body.
///
/// Pure, like ``BinanceStreamDecoder``; every failure is a ``VenueMessageError``.
public struct BinanceRESTDecoder: Sendable {
    /// The venue stamped on every result.
    public let venue: VenueID
    /// Spot or USDⓈ-M perpetual.
    public let market: MarketKind

    /// Creates a decoder for one venue and market.
    public init(venue: VenueID, market: MarketKind) {
        self.venue = venue
        self.market = market
    }

    /// A `GET aggTrades` page: `[{"a","p","q","f","l","T","m","M"}, …]`, trade id = `a`.
    public func aggTrades(_ body: Data, symbol: Symbol, receivedAt: Timestamp) throws(VenueMessageError) -> [Trade] {
        try run(body, kind: "aggTrades") { () throws(FieldProblem) in
            let rows = try VenueJSON.decode([BinanceAggTradePayload].self, from: body)
            let convert = BinanceConversion(venue: venue, market: market)
            var out: [Trade] = []
            out.reserveCapacity(rows.count)
            for (i, r) in rows.enumerated() {
                do throws(FieldProblem) {
                    out.append(try convert.trade(
                        symbol: symbol.value, id: r.aggregateID, price: r.price, quantity: r.quantity, time: r.tradeTime,
                        buyerIsMaker: r.buyerIsMaker, receivedAt: receivedAt, kind: "aggTrades"
                    ))
                } catch {
                    throw error.at(row: i)
                }
            }
            return out
        }
    }

    /// A `GET klines` page: 12-element arrays
    /// `[openTime, o, h, l, c, volume, closeTime, quoteVolume, trades, takerBuyBase, takerBuyQuote, ignore]`.
    ///
    /// A kline whose close time is not yet past `receivedAt` (the venue's current one) is still forming.
    public func klines(
        _ body: Data, symbol: Symbol, timeframe: Timeframe, receivedAt: Timestamp
    ) throws(VenueMessageError) -> [Bar] {
        try run(body, kind: "klines") { () throws(FieldProblem) in
            let rows = try VenueJSON.decode([BinanceRESTKline].self, from: body)
            var out: [Bar] = []
            out.reserveCapacity(rows.count)
            for (i, r) in rows.enumerated() {
                do throws(FieldProblem) { out.append(try r.bar(venue: venue, symbol: symbol, timeframe: timeframe, now: receivedAt)) } catch {
                    throw error.at(row: i)
                }
            }
            return out
        }
    }

    /// A `GET depth` body: `{"lastUpdateId","bids","asks"}` (USDⓈ-M adds `E`, `T`).
    public func depth(_ body: Data, symbol: Symbol, receivedAt: Timestamp) throws(VenueMessageError) -> DepthSnapshot {
        try run(body, kind: "depth") { () throws(FieldProblem) in
            let payload = try VenueJSON.decode(BinanceDepthSnapshotPayload.self, from: body)
            return try BinanceConversion(venue: venue, market: market).snapshot(payload, symbol: symbol, receivedAt: receivedAt)
        }
    }

    /// The `{"code":-1121,"msg":"Invalid symbol."}` body of a failed request, or nil when `body` is not one.
    public func apiError(_ body: Data) -> BinanceAPIError? {
        try? JSONDecoder().decode(BinanceAPIError.self, from: body)
    }

    func run<T>(_ body: Data, kind: String, _ work: () throws(FieldProblem) -> T) throws(VenueMessageError) -> T {
        do { return try work() } catch {
            // A page that is really an error body says so, rather than "expected an array".
            if let api = apiError(body) {
                throw VenueMessageError(
                    venue: venue, kind: kind, field: nil, problem: .venueError, reason: api.description,
                    frame: String(decoding: body, as: UTF8.self)
                )
            }
            var e = error
            e.kind = kind
            throw e.error(venue: venue, frame: String(decoding: body, as: UTF8.self), defaultKind: kind)
        }
    }
}

extension FieldProblem {
    /// The same problem with the field placed in row `row` of a page.
    func at(row: Int) -> FieldProblem {
        var e = self
        e.field = "[\(row)]" + (field.map { "." + $0 } ?? "")
        return e
    }
}

/// One REST kline row: a JSON array mixing integers and decimal strings.
struct BinanceRESTKline: Decodable {
    let openTime: Int64
    let open: String, high: String, low: String, close: String, volume: String
    let closeTime: Int64
    let quoteVolume: String
    let tradeCount: Int64
    let takerBuyVolume: String

    init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        guard c.count.map({ $0 >= 11 }) ?? false else {
            throw FieldProblem(field: nil, .invalidValue, "a kline row has \(c.count ?? 0) elements, not 12")
        }
        openTime = try c.decode(Int64.self)
        open = try c.decode(String.self)
        high = try c.decode(String.self)
        low = try c.decode(String.self)
        close = try c.decode(String.self)
        volume = try c.decode(String.self)
        closeTime = try c.decode(Int64.self)
        quoteVolume = try c.decode(String.self)
        tradeCount = try c.decode(Int64.self)
        takerBuyVolume = try c.decode(String.self)
    }

    func bar(venue: VenueID, symbol: Symbol, timeframe: Timeframe, now: Timestamp) throws(FieldProblem) -> Bar {
        let openAt = try VenueFields.millis(openTime, "openTime")
        let closeAt = try VenueFields.millis(closeTime, "closeTime")
        // Binance's close time is the bar's last millisecond.
        guard closeAt.nanoseconds + 1_000_000 - openAt.nanoseconds == timeframe.nanoseconds else {
            throw FieldProblem(field: "closeTime", .invalidValue, "\(closeTime) does not end a \(timeframe.rawValue) bar opened at \(openTime)")
        }
        guard tradeCount >= 0 else { throw FieldProblem(field: "trades", .invalidValue, "negative count \(tradeCount)") }
        return Bar(
            venue: venue, symbol: symbol, timeframe: timeframe, openTime: openAt,
            open: try VenueFields.amount(open, "open"), high: try VenueFields.amount(high, "high"),
            low: try VenueFields.amount(low, "low"), close: try VenueFields.amount(close, "close"),
            volume: try VenueFields.amount(volume, "volume"), quoteVolume: try VenueFields.amount(quoteVolume, "quoteVolume"),
            tradeCount: tradeCount, takerBuyVolume: try VenueFields.amount(takerBuyVolume, "takerBuyVolume"),
            isClosed: closeAt < now
        )
    }
}
