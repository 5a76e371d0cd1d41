import ArenaBus
import ArenaCore
import ArenaWire
import Foundation
import MarketData

/// Replay throughput: aggTrades CSV → trades → 1m/5m/1h bars (→ PUB), and 1m klines → 3m…1d bars → PUB,
/// each against a baseline measured in the same run.
///
/// The trades are the real XRP/ETH aggTrades of `data/samples`, repeated with
/// shifted ids and times to the benchmark's size, held in memory.
enum ReplayBench {
    static let symbol = Symbol(unchecked: "XRPETH")
    static let instrument = ReplayInstrument(venue: VenueID(unchecked: "binance"), symbol: symbol, market: .spot)
    static let samples = "data/samples"

    static func run(quick: Bool) async throws -> [BenchResult] {
        let rows = quick ? 200_000 : 2_000_000
        let rounds = quick ? 1 : 3
        let csv = try ReplayInput.aggTrades(rows: rows, from: "\(samples)/XRPETH-aggTrades-20191011-20191013.csv")
        var parse = 0.0, pipeline = 0.0, scan = 0.0, published = 0.0, raw = 0.0
        for _ in 0..<rounds {
            scan = max(scan, try rate(rows) { ReplayInput.naiveScan(csv) })
            parse = max(parse, try rate(rows) { try parseOnly(csv) })
            pipeline = max(pipeline, try rate(rows) { try parseAggregate(csv, publisher: nil) })
        }
        // Publishing: every trade and every closed bar through a Publisher to a subscriber on tcp.
        let frame = try Envelope.frame(WireSamples.trade, metadata: WireSamples.metadata).count
        for _ in 0..<rounds {
            published = max(published, try await ReplayPublish.rate(csv: csv, rows: rows))
            raw = max(raw, try RawZMQ.pubSubRate(count: rows, topic: "md.trade.XRPETH", payloadSize: frame, highWaterMark: rows + 1000))
        }
        let scanName = "byte scan + Double parse of price and quantity, same buffer"
        return [
            BenchResult(name: "replay aggTrades CSV → Trade (parse + normalise, exact)", value: parse, unit: "trades/s",
                        baseline: scanName, baselineValue: scan, ratio: parse / scan),
            BenchResult(name: "replay aggTrades CSV → Trade → 1m/5m/1h bars, one core", value: pipeline, unit: "trades/s",
                        baseline: scanName, baselineValue: scan, ratio: pipeline / scan),
            BenchResult(name: "replay aggTrades CSV → bars → PUB (every trade and bar), tcp to a subscriber", value: published,
                        unit: "trades/s", baseline: "raw libzmq PUB/SUB, same count, \(frame) B frames", baselineValue: raw, ratio: published / raw),
        ] + (try await klineFigure(quick: quick, rounds: rounds))
    }

    /// 1m klines → 3m…1d → PUB.
    static func klineFigure(quick: Bool, rounds: Int) async throws -> [BenchResult] {
        let klines = try ReplayInput.klines(copies: quick ? 20 : 200, from: "\(samples)/BTC_USDT-1m-20230401-20230403.json")
        var barRate = 0.0, foundation = 0.0
        for _ in 0..<rounds {
            barRate = max(barRate, try await ReplayPublish.klineRate(klines.bytes, bars: klines.count))
            foundation = max(foundation, try rate(klines.count) { try ReplayInput.foundationParse(klines.bytes) })
        }
        return [BenchResult(
            name: "replay 1m klines (freqtrade JSON) → 3m…1d bars → PUB", value: barRate, unit: "1m bars/s",
            baseline: "Foundation JSONSerialization of the same file (no bars)", baselineValue: foundation, ratio: barRate / foundation
        )]
    }

    /// Items per second of one run of `body` over `count` items.
    static func rate(_ count: Int, _ body: () throws -> Int) throws -> Double {
        let start = MonotonicClock.nanoseconds()
        let seen = try body()
        let elapsed = Double(MonotonicClock.nanoseconds() - start) / 1e9
        guard seen == count else { throw BenchError.failed("replay bench saw \(seen) items, expected \(count)") }
        return Double(count) / elapsed
    }

    static func parseOnly(_ csv: [UInt8]) throws -> Int {
        var source = try TradeCSVSource(lines: ByteLines(bytes: csv, source: "bench"), instrument: instrument)
        var count = 0
        while try source.nextTrade() != nil { count += 1 }
        return count
    }

    /// Parses, aggregates to 1m/5m/1h, and hands each trade and bar to `publish`; returns the trade count.
    static func parseAggregate(_ csv: [UInt8], publisher: Publisher?) throws -> Int {
        var source = try TradeCSVSource(lines: ByteLines(bytes: csv, source: "bench"), instrument: instrument)
        var pipeline = try TradeBarPipeline(venue: instrument.venue, symbol: symbol, timeframes: [.m1, .m5, .h1])
        var bars: [Bar] = []
        bars.reserveCapacity(16)
        var count = 0
        while let trade = try source.nextTrade() {
            try pipeline.add(trade, into: &bars)
            count += 1
            guard let publisher else { bars.removeAll(keepingCapacity: true); continue }
            try publisher.publish(trade, topic: "md.trade.XRPETH")
            for bar in bars { try publisher.publish(bar, topic: "md.bar.\(bar.timeframe.rawValue).XRPETH") }
            bars.removeAll(keepingCapacity: true)
        }
        return count
    }
}
