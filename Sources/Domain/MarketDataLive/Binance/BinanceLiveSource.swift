import ArenaCore
import Foundation
import Logging
import MarketData

/// Binance spot or USDⓈ-M combined-stream feed for a set of symbols.
///
/// Streams per symbol: `aggTrade`, `kline_1m`, `bookTicker`, `depth@100ms`, and
/// for USDⓈ-M also `forceOrder` and `markPrice@1s`. Binance pings every few
/// minutes and WSClient answers; connections are rotated before Binance's 24 h
/// cut-off, the new one opened before the old one closes (the integrity layer
/// drops the overlap's duplicates by id).
public struct BinanceLiveSource: VenueSource {
    /// Binance's public endpoints, replaceable (tests point them at the fake exchange).
    public enum Endpoint {
        /// `wss://stream.binance.com:9443`
        public static let spot = "wss://stream.binance.com:9443"
        /// `wss://fstream.binance.com`
        public static let usdm = "wss://fstream.binance.com"
    }

    public let venue: VenueID
    /// Spot or USDⓈ-M perpetual.
    public let market: MarketKind
    /// The symbols subscribed.
    public let symbols: [Symbol]
    /// The scheme, host and port; `/stream?streams=…` is appended.
    public let baseURL: String
    private let session: WebSocketSession

    /// Creates a source; `baseURL` defaults to Binance's endpoint for `market`.
    public init(
        venue: VenueID, market: MarketKind, symbols: [Symbol], baseURL: String? = nil,
        configuration: WebSocketSessionConfiguration = .init(maxConnectionAge: .seconds(23 * 3_600)),
        logger: Logger = Logger(label: "arena.marketdata.binance")
    ) {
        self.venue = venue
        self.market = market
        self.symbols = symbols
        self.baseURL = baseURL ?? (market == .spot ? Endpoint.spot : Endpoint.usdm)
        let decoder = BinanceStreamDecoder(venue: venue, market: market)
        session = WebSocketSession(
            url: self.baseURL + "/stream?streams=" + Self.streams(symbols, market: market).joined(separator: "/"),
            subscribe: [], configuration: configuration, logger: logger,
            decode: { data, at throws(VenueMessageError) in try decoder.decode(data, receivedAt: at) }
        )
    }

    /// The stream names for `symbols` on `market`, lower case as Binance requires.
    public static func streams(_ symbols: [Symbol], market: MarketKind) -> [String] {
        symbols.flatMap { symbol -> [String] in
            let s = symbol.value.lowercased()
            var names = ["\(s)@aggTrade", "\(s)@kline_1m", "\(s)@bookTicker", "\(s)@depth@100ms"]
            if market == .perpetual { names += ["\(s)@forceOrder", "\(s)@markPrice@1s"] }
            return names
        }
    }

    public func events() -> AsyncStream<SourceEvent> { session.events() }
}
