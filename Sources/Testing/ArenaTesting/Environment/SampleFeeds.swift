import ArenaCore
import Foundation
import MarketData

/// The committed samples of `data/samples` as market events, decoded by the
/// project's own parsers, for tests that feed a feature engine real data.
public enum SampleFeeds {
    /// Binance, the venue of every sample.
    public static let binance = VenueID(unchecked: "binance")

    /// The 4,320 1m klines of 2023-04-01 … 04-03 of `symbol` (BTCUSDT or ETHUSDT), via the project's kline parser.
    public static func minuteBars(_ symbol: Symbol) throws -> [Bar] {
        let file = symbol.value == "BTCUSDT" ? "BTC_USDT-1m-20230401-20230403.json" : "ETH_USDT-1m-20230401-20230403.json"
        return try KlineFile.bars(atPath: TestData.samples.appendingPathComponent(file).path, venue: binance, symbol: symbol, timeframe: .m1)
    }

    /// `minutes` with their 5m bars (built by `BarAggregator`), as events ordered by close time:
    /// each 1m bar, then the 5m bar it closes, if any.
    public static func barEvents(_ minutes: [Bar]) throws -> [(time: Timestamp, event: MarketMessage)] {
        try BarAggregator.feed(minutes, timeframe: .m5)
    }

    /// The trades and best bid/asks of a sample spot capture (`spot_btcusdt_20240808-first12000`), decoded by
    /// `CaptureSource` and `BinanceStreamDecoder`, in time order (stable), as a replay merger delivers them.
    /// Spot book tickers carry no venue time, so theirs is the recorder's receive time.
    public static func captureEvents(_ name: String) throws -> [(time: Timestamp, event: MarketMessage)] {
        let decoder = BinanceStreamDecoder(venue: binance, market: .spot)
        let trade = Array("@trade\"".utf8), ticker = Array("@bookTicker\"".utf8)
        var source = CaptureSource(lines: try ByteLines(path: TestData.samples.appendingPathComponent("\(name).gz").path)) { frame, at in
            let head = frame.prefix(64)
            guard head.firstRange(of: trade) != nil || head.firstRange(of: ticker) != nil else { return [] }
            return try decoder.decode(Data(buffer: frame), receivedAt: at)
        }
        var out: [(time: Timestamp, event: MarketMessage)] = []
        while let event = try source.next() {
            switch event {
            case .market(.trade(let t)): out.append((t.eventTime, .trade(t)))
            case .market(.bookTop(let b)): out.append((b.eventTime, .bookTop(b)))
            default: break
            }
        }
        return out.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }
}
