import ArenaBus
import ArenaCore
import ArenaWire
import Foundation
import MarketData
import Synchronization

/// The gateway's side of the feature engine's tests, in the test process: a
/// real PUB socket on the gateway's `pub` endpoint for `md.*`, and a real REP
/// endpoint answering the history requests the engine warms up with, from
/// bars the test chooses.
final class StandInGateway: Sendable {
    let publisher: any MessagePublisher
    let replier: any RequestServer
    /// Warm-up requests answered so far (the engine asks for coverage, prices, bars, trades and funding).
    private let requests = Collected<String>()

    /// Binds `pub` and `rep` on `transport`, answering history from `history` (closed bars of any timeframe).
    init(transport: any BusTransport, pub: String, rep: String, history: [Bar]) throws {
        publisher = try transport.publisher(service: ServiceName(unchecked: "gateway"), bind: pub)
        var router = RequestRouter()
        let log = requests
        router.on(CoverageQuery.self) { q, _ in
            log.append("coverage")
            return CoverageReply(entries: q.symbols.flatMap { symbol in
                q.timeframes.map { tf in
                    let bars = history.filter { $0.symbol == symbol && $0.timeframe == tf }
                    return CoverageEntry(
                        symbol: symbol, timeframe: tf, first: bars.first?.openTime, last: bars.last?.openTime,
                        bars: Int64(bars.count), missingBars: 0, missing: []
                    )
                }
            })
        }
        router.on(LatestPricesQuery.self) { _, _ in
            log.append("prices")
            return LatestPricesReply(prices: [])
        }
        router.on(BarsQuery.self) { q, _ in
            log.append("bars.\(q.symbol).\(q.timeframe.rawValue)")
            let bars = history.filter { $0.symbol == q.symbol && $0.timeframe == q.timeframe && q.range.contains($0.openTime) }
            return BarsReply(bars: Array(bars.prefix(Int(q.limit))), truncated: bars.count > Int(q.limit))
        }
        router.on(TradesQuery.self) { _, _ in
            log.append("trades")
            return TradesReply(trades: [], truncated: false)
        }
        router.on(LatestFundingQuery.self) { _, _ in
            log.append("funding")
            return LatestFundingReply(rates: [])
        }
        replier = try transport.replier(service: ServiceName(unchecked: "gateway"), bind: rep, handler: router.handler)
    }

    /// How many funding queries were answered: the last step of each symbol's warm-up.
    var fundingQueries: Int { requests.all.filter { $0 == "funding" }.count }

    /// Publishes `bar` on its `md.bar.*` topic.
    func publish(_ bar: Bar) throws {
        try publisher.publish(bar, topic: MarketTopics.bar(bar.timeframe, bar.symbol))
    }

    func close() async {
        publisher.close()
        await replier.close()
    }
}

/// Real 1m bars from data/samples (freqtrade's Binance BTC/USDT and ETH/USDT, April 2023).
enum SampleBars {
    static let repo = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The sample's 1m bars of `symbol`, oldest first.
    static func minutes(_ symbol: String) throws -> [Bar] {
        let base = symbol.replacingOccurrences(of: "USDT", with: "")
        let path = repo.appendingPathComponent("data/samples/\(base)_USDT-1m-20230401-20230403.json").path
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        return try KlineFile.bars(
            from: bytes, source: path, venue: VenueID(unchecked: "binance"), symbol: Symbol(unchecked: symbol), timeframe: .m1
        )
    }
}

