import ArenaCore
import ArenaRuntime
import Logging
import MarketData
import MarketDataLive

/// Builds the configured ``MarketFeed``; what cannot be served is a
/// configuration error naming the key.
enum FeedFactory {
    static func feed(market: MarketConfig, pacer: ReplayPacer? = nil, logger: Logger) throws -> any MarketFeed {
        let ticker = WallClockTicker(grace: .milliseconds(market.integrity.closeGraceMs))
        var stale = ["trades", "book"]
        if market.kind == .perpetual { stale.append("funding") }
        if market.barsFrom == .klines { stale.append("klines") }
        switch market.source {
        case .replay:
            return try ReplayFeed(market: market, pacer: pacer)
        case .binance:
            let source = BinanceLiveSource(
                venue: market.venue, market: market.kind, symbols: market.symbols, baseURL: market.binance.wsURL, logger: logger
            )
            let rest = BinanceRESTClient(venue: market.venue, market: market.kind, baseURL: market.binance.restURL, logger: logger)
            // Validation allows polling only on a perpetual market from Binance, so `rest` is a USDⓈ-M client.
            let positioning = market.pollsPositioning
                ? PositioningPoller(venue: market.venue, symbols: market.symbols, rest: rest, schedule: market.positioning.schedule, logger: logger)
                : nil
            return LiveFeed(
                name: "binance \(market.kind.configName)", source: source, rest: rest, positioning: positioning, staleStreams: stale,
                ticker: ticker, logger: logger
            )
        case .okx:
            let instruments = try market.symbols.enumerated().map { i, symbol throws(ConfigError) in
                guard let found = OKXInstrumentTable.standard.instruments.first(where: { $0.symbol == symbol && $0.market == market.kind }) else {
                    throw ConfigError.invalid(
                        key: "market.symbols[\(i)]", value: symbol.value,
                        reason: "no OKX \(market.kind.configName) instrument is known for it (known: BTC, ETH, SOL, XRP against USDT)"
                    )
                }
                return found
            }
            // OKX's trade history is not fetched: a gap on OKX is reported, not repaired.
            let source = OKXLiveSource(venue: market.venue, instruments: instruments, url: market.okx.wsURL ?? OKXLiveSource.endpoint, logger: logger)
            return LiveFeed(name: "okx \(market.kind.configName)", source: source, rest: nil, staleStreams: stale, ticker: ticker, logger: logger)
        }
    }
}
