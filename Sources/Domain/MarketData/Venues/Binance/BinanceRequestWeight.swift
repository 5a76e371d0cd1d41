import ArenaCore

/// Binance's documented REST weights for the market-data calls the gateway makes
/// (developers.binance.com: spot `rest-api/market-data-endpoints`, USDⓈ-M `rest-api/market-data`).
public enum BinanceRequestWeight {
    /// `aggTrades`: 4 on spot, 20 on USDⓈ-M, at any limit.
    public static func aggTrades(_ market: MarketKind) -> Int { market == .spot ? 4 : 20 }

    /// `klines`: 2 on spot; on USDⓈ-M by limit (under 100: 1, under 500: 2, up to 1000: 5, more: 10).
    public static func klines(_ market: MarketKind, limit: Int) -> Int {
        guard market == .perpetual else { return 2 }
        switch limit {
        case ..<100: return 1
        case ..<500: return 2
        case ...1_000: return 5
        default: return 10
        }
    }

    /// The USDⓈ-M positioning statistics (`/futures/data/openInterestHist`,
    /// `globalLongShortAccountRatio`, `topLongShortAccountRatio`): weight 0
    /// (documented for the first two; the third's page states none and its
    /// siblings are 0). The venue limits them by number instead, per IP (see
    /// ``statisticsRequestBudget``).
    public static let statistics = 0

    /// Requests to the `/futures/data` statistics the client allows itself per
    /// ``statisticsWindow``: 80 % of the 1,000 per 5 minutes per IP that
    /// Binance's pages for these endpoints have stated.
    public static let statisticsRequestBudget = 800

    /// The window of ``statisticsRequestBudget``.
    public static let statisticsWindow: Duration = .seconds(300)

    /// `depth` by limit. Spot: up to 100: 5, 500: 25, 1000: 50, 5000: 250.
    /// USDⓈ-M: up to 50: 2, 100: 5, 500: 10, 1000: 20.
    public static func depth(_ market: MarketKind, limit: Int) -> Int {
        switch (market, limit) {
        case (.spot, ...100): 5
        case (.spot, ...500): 25
        case (.spot, ...1_000): 50
        case (.spot, _): 250
        case (.perpetual, ...50): 2
        case (.perpetual, ...100): 5
        case (.perpetual, ...500): 10
        case (.perpetual, _): 20
        }
    }
}
