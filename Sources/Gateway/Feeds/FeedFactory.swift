import ArenaCore
import ArenaRuntime
import Logging
import MarketData

/// Builds the configured ``MarketFeed``.
enum FeedFactory {
    static func feed(market: MarketConfig, logger: Logger) throws -> any MarketFeed {
        switch market.source {
        case .replay:
            return try ReplayFeed(market: market)
        case .binance, .okx:
            // The live venue connections (MarketDataLive) are not wired into the gateway yet.
            throw ConfigError.invalid(
                key: "market.source", value: market.source.rawValue, reason: "live sources are not available in this build; use replay"
            )
        }
    }
}
