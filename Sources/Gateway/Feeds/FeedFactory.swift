import ArenaCore
import ArenaRuntime
import Logging
import MarketData

/// Builds the configured ``MarketFeed``.
enum FeedFactory {
    static func feed(market: MarketConfig, logger: Logger) throws -> any MarketFeed {
        switch market.source {
        case .replay, .binance, .okx:
            throw ConfigError.invalid(key: "market.source", value: market.source.rawValue, reason: "not wired yet")
        }
    }
}
