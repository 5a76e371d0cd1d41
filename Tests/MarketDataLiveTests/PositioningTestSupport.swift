import ArenaCore
import ArenaTesting
import Foundation
import Logging
import MarketData
import MarketDataLive
import Synchronization

/// Points, a poller against a fake exchange, and what it delivered and logged.
enum PositioningFixture {
    static let usdm = VenueID(unchecked: "binance-usdm")
    static let btc = Symbol(unchecked: "BTCUSDT")
    static let eth = Symbol(unchecked: "ETHUSDT")
    /// 2024-08-08 23:50:00 UTC, a 5-minute boundary.
    static let t0 = Timestamp(milliseconds: 1_723_161_000_000)

    static func at(_ seconds: Int64) -> Timestamp { t0.advanced(by: .seconds(seconds)) }
    static func d(_ text: String) -> FixedDecimal { FixedDecimal(text)! }

    static func openInterest(_ time: Timestamp, _ value: String = "150570784.07809979", symbol: Symbol = btc) -> BinanceOpenInterestPoint {
        BinanceOpenInterestPoint(symbol: symbol, openInterest: d("20403.637"), openInterestValue: d(value), time: time)
    }

    static func ratio(_ time: Timestamp, long: String = "0.6617", symbol: Symbol = btc) -> BinanceAccountRatioPoint {
        let longShare = d(long), shortShare = FixedDecimal.one - d(long)
        return BinanceAccountRatioPoint(
            symbol: symbol, longShortRatio: try! longShare.divided(by: shortShare), longAccount: longShare, shortAccount: shortShare, time: time
        )
    }

    /// Serves all three statistics of `symbol` at `time` from `exchange`.
    static func publish(_ exchange: FakeExchange, at time: Timestamp, symbol: Symbol = btc) {
        exchange.statistics.add(openInterest: openInterest(time, symbol: symbol))
        exchange.statistics.add(accountRatio: ratio(time, symbol: symbol), top: false)
        exchange.statistics.add(accountRatio: ratio(time, long: "0.6442", symbol: symbol), top: true)
    }

    /// The message the poller makes of `publish(_:at:symbol:)`'s points, with the statistics `without` absent.
    static func expected(at time: Timestamp, symbol: Symbol = btc, without: Set<PositioningStatistic> = []) -> Positioning {
        let oi = openInterest(time, symbol: symbol)
        return Positioning(
            venue: usdm, symbol: symbol, period: .m5,
            openInterest: without.contains(.openInterest) ? nil : oi.openInterest,
            openInterestValue: without.contains(.openInterest) ? nil : oi.openInterestValue,
            longShortRatio: without.contains(.longShortRatio) ? nil : ratio(time, symbol: symbol).longShortRatio,
            topTraderLongShare: without.contains(.topTraderLongShare) ? nil : d("0.6442"), eventTime: time
        )
    }

    static func client(_ exchange: FakeExchange, maxAttempts: Int = 6) -> BinanceRESTClient {
        BinanceRESTClient(venue: usdm, market: .perpetual, baseURL: "http://127.0.0.1:\(exchange.port)", maxAttempts: maxAttempts)
    }
}

/// Positioning messages a poller delivered, in order.
final class Delivered: Sendable {
    private let items = Mutex<[Positioning]>([])
    func append(_ p: Positioning) { items.withLock { $0.append(p) } }
    var all: [Positioning] { items.withLock { $0 } }
}

