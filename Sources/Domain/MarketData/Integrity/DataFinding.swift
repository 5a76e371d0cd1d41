import ArenaCore

/// Something the integrity checks found in the market data (spec §3). Each
/// finding becomes a data alert on the bus (``alert(source:time:)``) and, for
/// holes, a row in the gateway's gap table.
public enum DataFinding: Sendable, Hashable {
    /// Trade ids `missing` were skipped on a stream.
    case tradeGap(venue: VenueID, symbol: Symbol, missing: ClosedRange<Int64>)
    /// A gap was filled from the venue's REST history with `trades` trades.
    case gapRepaired(venue: VenueID, symbol: Symbol, ids: ClosedRange<Int64>, trades: Int)
    /// Trades of `minutes` were taken (stored and published) after their 1m
    /// bars had been published, which stay as they were, short of these trades
    /// (`trades` since the last report): a gap found only after its first
    /// minute closed, then repaired.
    case tradesAfterBarClose(venue: VenueID, symbol: Symbol, minutes: TimeRange, trades: Int)
    /// A gap could not be filled; the data stays incomplete.
    case gapUnrepaired(venue: VenueID, symbol: Symbol, ids: ClosedRange<Int64>, reason: String)
    /// Events already seen were dropped (`count` since the last report).
    case duplicates(venue: VenueID, symbol: Symbol, stream: String, count: Int)
    /// Events older than ones already processed were dropped (`count` since the last report).
    case outOfOrder(venue: VenueID, symbol: Symbol, stream: String, count: Int)
    /// No event on `stream` for `silence`.
    case staleFeed(venue: VenueID, symbol: Symbol, stream: String, silence: Duration)
    /// Data flows again on a stream that was stale for `silence`.
    case feedRecovered(venue: VenueID, symbol: Symbol, stream: String, silence: Duration)
    /// A bar's return was `jump.sigmas` standard deviations from the recent mean.
    case priceJump(venue: VenueID, symbol: Symbol, timeframe: Timeframe, openTime: Timestamp, jump: PriceJumpDetector.Jump)
    /// Venue klines missing from the stream were filled from its REST history.
    case barsRepaired(venue: VenueID, symbol: Symbol, timeframe: Timeframe, hole: TimeRange, bars: Int)
    /// Bars of `hole` are missing for a symbol and timeframe.
    case missingBars(venue: VenueID, symbol: Symbol, timeframe: Timeframe, hole: TimeRange)
    /// The local order book broke its update-id chain and is being rebuilt from a new snapshot.
    case bookOutOfSync(venue: VenueID, symbol: Symbol, reason: String)
    /// Frames that could not be decoded were skipped (`count` since the last report).
    case malformed(venue: VenueID, count: Int, example: String)

    /// The stable machine key of the alert (`Alert.kind`).
    public var kind: String {
        switch self {
        case .tradeGap: "data_gap"
        case .gapRepaired: "data_gap_repaired"
        case .gapUnrepaired: "data_gap_unrepaired"
        case .tradesAfterBarClose: "bars_short_of_trades"
        case .duplicates: "data_duplicates"
        case .outOfOrder: "data_out_of_order"
        case .staleFeed: "stale_feed"
        case .feedRecovered: "feed_recovered"
        case .priceJump: "price_jump"
        case .missingBars: "missing_bars"
        case .barsRepaired: "missing_bars_repaired"
        case .malformed: "malformed_data"
        case .bookOutOfSync: "book_out_of_sync"
        }
    }

    /// How serious it is: an unrepaired hole or a stale feed can mislead every model.
    public var severity: AlertSeverity {
        switch self {
        case .gapRepaired, .barsRepaired, .feedRecovered, .duplicates, .outOfOrder: .info
        case .tradeGap, .missingBars, .priceJump, .malformed, .bookOutOfSync, .tradesAfterBarClose: .warning
        case .gapUnrepaired, .staleFeed: .error
        }
    }

    /// The finding as a bus alert from `source`; the id is stable for the same
    /// finding, so a redelivered alert is recognised as such.
    public func alert(source: ServiceName, time: Timestamp) -> Alert {
        let (venue, symbol, title, message, fields, key) = describe(at: time)
        var all = fields
        all["venue"] = venue.value
        return Alert(
            id: "\(kind)-\(venue)-\(symbol.map(\.value) ?? "all")-\(key)", severity: severity, kind: kind, source: source,
            title: title, message: message, symbol: symbol, fields: all, time: time
        )
    }

    /// `at` keys the findings that can repeat with the same content (counts, silences).
    private func describe(at time: Timestamp) -> (VenueID, Symbol?, String, String, [String: String], String) {
        func ids(_ r: ClosedRange<Int64>) -> String { "\(r.lowerBound)-\(r.upperBound)" }
        switch self {
        case let .tradeGap(v, s, r):
            return (v, s, "Gap in \(s) trades", "trade ids \(ids(r)) missing (\(r.count))", ["missing": "\(r.count)"], ids(r))
        case let .gapRepaired(v, s, r, n):
            return (v, s, "Gap in \(s) trades repaired", "trade ids \(ids(r)) filled from REST (\(n) trades)", ["trades": "\(n)"], ids(r))
        case let .gapUnrepaired(v, s, r, why):
            return (v, s, "Gap in \(s) trades NOT repaired", "trade ids \(ids(r)) stay missing: \(why)", ["missing": "\(r.count)"], ids(r))
        case let .tradesAfterBarClose(v, s, m, n):
            return (
                v, s, "\(s) 1m bars short of late trades",
                "\(n) trades from \(m.from) to \(m.to) came after their bars were published; kept as trades, the bars stay as published",
                ["trades": "\(n)"], "\(m.from.milliseconds)-\(time.milliseconds)"
            )
        case let .duplicates(v, s, stream, n):
            return (v, s, "Duplicate \(stream) events for \(s)", "\(n) duplicate \(stream) events dropped", ["count": "\(n)"], "\(stream)-\(time.milliseconds)")
        case let .outOfOrder(v, s, stream, n):
            return (v, s, "Out-of-order \(stream) events for \(s)", "\(n) late \(stream) events dropped", ["count": "\(n)"], "\(stream)-\(time.milliseconds)")
        case let .staleFeed(v, s, stream, d):
            return (v, s, "Stale \(stream) feed for \(s)", "no \(stream) event for \(d)", ["silence": "\(d)"], "\(stream)-\(time.milliseconds)")
        case let .feedRecovered(v, s, stream, d):
            return (v, s, "\(s) \(stream) feed recovered", "\(stream) events flow again after \(d)", ["silence": "\(d)"], "\(stream)-\(time.milliseconds)")
        case let .priceJump(v, s, tf, t, j):
            let sig = j.sigmas.isFinite ? String(format: "%.1f", j.sigmas) : "∞"
            return (
                v, s, "Price jump in \(s)", "\(tf) bar at \(t): \(j.previousClose) → \(j.close), \(sig) σ",
                ["timeframe": tf.rawValue, "sigmas": sig], "\(tf.rawValue)-\(t.milliseconds)"
            )
        case let .barsRepaired(v, s, tf, h, n):
            return (
                v, s, "Missing \(tf) bars for \(s) repaired", "\(n) bars from \(h.from) to \(h.to) filled from REST",
                ["timeframe": tf.rawValue, "bars": "\(n)"], "\(tf.rawValue)-\(h.from.milliseconds)"
            )
        case let .missingBars(v, s, tf, h):
            let n = (h.to.nanoseconds - h.from.nanoseconds) / tf.nanoseconds
            return (
                v, s, "Missing \(tf) bars for \(s)", "\(n) bars missing from \(h.from) to \(h.to)",
                ["timeframe": tf.rawValue, "missing": "\(n)"], "\(tf.rawValue)-\(h.from.milliseconds)"
            )
        case let .bookOutOfSync(v, s, why):
            return (v, s, "\(s) order book out of sync", "rebuilding from a new snapshot: \(why)", [:], "\(time.milliseconds)")
        case let .malformed(v, n, example):
            return (v, nil, "Malformed data from \(v)", "\(n) frames skipped; e.g. \(example.prefix(200))", ["count": "\(n)"], "\(time.milliseconds)")
        }
    }
}
