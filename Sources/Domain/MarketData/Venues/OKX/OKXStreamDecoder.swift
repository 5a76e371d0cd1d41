import ArenaCore
import Foundation

/// Decodes OKX v5 public WebSocket frames into ``MarketEvent``s.
///
/// Handles the `trades`, `candle1m`, `tickers` and `funding-rate` channels;
/// subscribe acknowledgements and the text `pong` decode to no events. Sizes of
/// swaps are in contracts and are converted to the base asset with the
/// instrument's contract value, so a `BTC-USDT-SWAP` trade of `sz` 3 is 0.03 BTC.
/// Instruments missing from the table, other channels, OKX error events and
/// malformed frames throw a ``VenueMessageError``.
public struct OKXStreamDecoder: Sendable {
    /// The venue stamped on every event (`okx`).
    public let venue: VenueID
    /// The instruments this decoder maps.
    public let instruments: OKXInstrumentTable

    /// Creates a decoder for `instruments`.
    public init(venue: VenueID, instruments: OKXInstrumentTable = .standard) {
        self.venue = venue
        self.instruments = instruments
    }

    /// Decodes one text frame received at `receivedAt`.
    public func decode(_ frame: String, receivedAt: Timestamp) throws(VenueMessageError) -> [MarketEvent] {
        try decode(Data(frame.utf8), receivedAt: receivedAt)
    }

    /// Decodes one frame's bytes.
    public func decode(_ frame: Data, receivedAt: Timestamp) throws(VenueMessageError) -> [MarketEvent] {
        // OKX answers the keep-alive `ping` with the bare text `pong`.
        if frame.elementsEqual("pong".utf8) { return [] }
        do {
            return try events(try VenueJSON.decode(OKXFrame.self, from: frame), receivedAt: receivedAt)
        } catch {
            throw error.error(venue: venue, frame: String(decoding: frame, as: UTF8.self), defaultKind: "frame")
        }
    }

    private func events(_ frame: OKXFrame, receivedAt: Timestamp) throws(FieldProblem) -> [MarketEvent] {
        switch frame {
        case .control:
            return []
        case .venueError(let code, let message):
            throw FieldProblem(kind: "error", field: nil, .venueError, "OKX error \(code): \(message.prefix(100))")
        case .trades(_, let rows):
            return try each(rows, kind: "trades") { (r, i) throws(FieldProblem) in
                let inst = try instrument(r.instId, field: "data[\(i)].instId")
                return .trade(Trade(
                    venue: venue, symbol: inst.symbol, market: inst.market,
                    tradeID: try VenueFields.integer(r.tradeId, "tradeId"),
                    price: try VenueFields.amount(r.px, "px"),
                    quantity: inst.baseQuantity(try VenueFields.amount(r.sz, "sz")),
                    takerSide: try VenueFields.side(r.side, "side"),
                    eventTime: try VenueFields.millis(r.ts, "ts"), receiveTime: receivedAt
                ))
            }
        case .tickers(_, let rows):
            return try each(rows, kind: "tickers") { (r, i) throws(FieldProblem) in
                let inst = try instrument(r.instId, field: "data[\(i)].instId")
                return .bookTop(BookTop(
                    venue: venue, symbol: inst.symbol,
                    bidPrice: try VenueFields.amount(r.bidPx, "bidPx"),
                    bidQuantity: inst.baseQuantity(try VenueFields.amount(r.bidSz, "bidSz")),
                    askPrice: try VenueFields.amount(r.askPx, "askPx"),
                    askQuantity: inst.baseQuantity(try VenueFields.amount(r.askSz, "askSz")),
                    eventTime: try VenueFields.millis(r.ts, "ts")
                ))
            }
        case .funding(_, let rows):
            return try each(rows, kind: "funding-rate") { (r, i) throws(FieldProblem) in
                let inst = try instrument(r.instId, field: "data[\(i)].instId")
                guard inst.market == .perpetual else {
                    throw FieldProblem(field: "instId", .invalidValue, "\(r.instId) is spot and has no funding")
                }
                // OKX `fundingTime` is when the current rate settles: Binance's "next funding time".
                let settles = try VenueFields.millis(r.fundingTime, "fundingTime")
                return .funding(FundingRate(
                    venue: venue, symbol: inst.symbol, rate: try VenueFields.decimal(r.fundingRate, "fundingRate"),
                    nextFundingTime: settles,
                    eventTime: try r.ts.map { t throws(FieldProblem) in try VenueFields.millis(t, "ts") } ?? receivedAt
                ))
            }
        case .candles(let instID, let rows):
            let inst = try instrument(instID, field: "arg.instId", kind: "candle1m")
            return try each(rows, kind: "candle1m") { (r, _) throws(FieldProblem) in
                .kline(try bar(r.fields, inst))
            }
        }
    }

    /// Converts every row of a push, naming the row of a failure.
    private func each<Row>(
        _ rows: [Row], kind: String, _ convert: (Row, Int) throws(FieldProblem) -> MarketEvent
    ) throws(FieldProblem) -> [MarketEvent] {
        var out: [MarketEvent] = []
        out.reserveCapacity(rows.count)
        for (i, row) in rows.enumerated() {
            do throws(FieldProblem) { out.append(try convert(row, i)) } catch {
                var e = error
                e.kind = e.kind ?? kind
                if let f = e.field, !f.hasPrefix("data[") { e.field = "data[\(i)].\(f)" }
                throw e
            }
        }
        return out
    }

    private func instrument(_ instID: String?, field: String, kind: String? = nil) throws(FieldProblem) -> OKXInstrument {
        guard let instID, !instID.isEmpty else { throw FieldProblem(kind: kind, field: field, .missingField, "no instId") }
        guard let inst = instruments[instID] else {
            throw FieldProblem(kind: kind, field: field, .unknownInstrument, "instId \"\(instID.prefix(40))\" is not in the instrument table")
        }
        return inst
    }

    /// A `candle1m` row. Spot `vol` is base; swap `vol` is contracts, so the base volume is
    /// `vol × ctVal` there. `volCcyQuote` is the quote volume for both; `confirm` "1" = closed.
    private func bar(_ f: [String], _ inst: OKXInstrument) throws(FieldProblem) -> Bar {
        guard f.count >= 9 else {
            throw FieldProblem(field: nil, .invalidValue, "a candle has \(f.count) elements, not 9")
        }
        guard f[8] == "0" || f[8] == "1" else {
            throw FieldProblem(field: "[8]", .invalidValue, "confirm \"\(f[8].prefix(10))\" is not 0 or 1")
        }
        return Bar(
            venue: venue, symbol: inst.symbol, timeframe: .m1, openTime: try VenueFields.millis(f[0], "[0]"),
            open: try VenueFields.amount(f[1], "[1]"), high: try VenueFields.amount(f[2], "[2]"),
            low: try VenueFields.amount(f[3], "[3]"), close: try VenueFields.amount(f[4], "[4]"),
            volume: inst.baseQuantity(try VenueFields.amount(f[5], "[5]")),
            quoteVolume: try VenueFields.amount(f[7], "[7]"), isClosed: f[8] == "1"
        )
    }
}
