import ArenaCore
import Foundation
import MarketData

/// Binance USDⓈ-M positioning statistics (developers.binance.com, USDⓈ-M
/// futures, market data: "Open Interest Statistics", "Long/Short Ratio",
/// "Top Trader Long/Short Ratio (Accounts)"). Public, unsigned; the latest
/// points when no time range is given; the last 30 days at most.
///
/// Only a USDⓈ-M client (`https://fapi.binance.com`) has them; on a spot
/// client they are ``BinanceRESTError/unsupported(_:)`` without a request.
extension BinanceRESTClient {
    /// The statistics' path on the USDⓈ-M host.
    public static let statisticsPath = "/futures/data"
    /// The statistics period asked for: 5 minutes, the shortest the venue has.
    public static let statisticsPeriod = Timeframe.m5
    /// The most points one statistics call returns.
    public static let maxStatisticsPoints = 500

    /// `GET /futures/data/openInterestHist`: the latest `limit` points of the
    /// 5-minute open interest, oldest first.
    public func openInterestHistory(symbol: Symbol, limit: Int = 1) async throws(BinanceRESTError) -> [BinanceOpenInterestPoint] {
        let body = try await statistic("openInterestHist", symbol: symbol, limit: limit)
        do { return try decoder.openInterestHistory(body, symbol: symbol) } catch { throw .decoding(error) }
    }

    /// `GET /futures/data/globalLongShortAccountRatio`: the latest `limit`
    /// points of the long/short account ratio over all accounts, oldest first.
    public func longShortAccountRatio(symbol: Symbol, limit: Int = 1) async throws(BinanceRESTError) -> [BinanceAccountRatioPoint] {
        try await accountRatios("globalLongShortAccountRatio", symbol: symbol, limit: limit)
    }

    /// `GET /futures/data/topLongShortAccountRatio`: the latest `limit` points
    /// of the top traders' (top 20 % by margin balance) account ratio, oldest first.
    public func topTraderAccountRatio(symbol: Symbol, limit: Int = 1) async throws(BinanceRESTError) -> [BinanceAccountRatioPoint] {
        try await accountRatios("topLongShortAccountRatio", symbol: symbol, limit: limit)
    }

    private func accountRatios(_ endpoint: String, symbol: Symbol, limit: Int) async throws(BinanceRESTError) -> [BinanceAccountRatioPoint] {
        let body = try await statistic(endpoint, symbol: symbol, limit: limit)
        do { return try decoder.accountRatios(body, symbol: symbol, kind: endpoint) } catch { throw .decoding(error) }
    }

    private func statistic(_ endpoint: String, symbol: Symbol, limit: Int) async throws(BinanceRESTError) -> Data {
        guard market == .perpetual else { throw .unsupported("\(endpoint) is a USDⓈ-M statistic; this client is for \(market.rawValue)") }
        let limit = Swift.min(Swift.max(limit, 1), Self.maxStatisticsPoints)
        return try await get(
            absolute: Self.statisticsPath + "/" + endpoint,
            ["symbol": symbol.value, "period": Self.statisticsPeriod.rawValue, "limit": "\(limit)"],
            weight: BinanceRequestWeight.statistics, statistics: true
        )
    }
}
