import ArenaCore
import Features
import Foundation
import MarketData

/// Order-flow feature updates (``OrderFlowBook/add(_:)-(Trade)``) on real trades, against a plain
/// loop over the same trades in the same run, and the book's memory after 24 h of BTC-like flow.
///
/// The trades are a real USDⓈ-M BTCUSDT capture (`../shared/data`, else the spot sample in
/// `data/samples`), decoded by CaptureSource + BinanceStreamDecoder and repeated in memory with
/// shifted times and ids to ~2M, so the 30-minute and 4-hour windows roll over many times.
enum OrderFlowBench {
    static let captures = [
        "../shared/data/raw/binance_ws_raw_hftbacktest/usdm_btcusdt_20240808.gz",
        "data/samples/spot_btcusdt_20240808-first12000.gz",
    ]

    static func run(quick: Bool) throws -> [BenchResult] {
        let trades = try realTrades(count: quick ? 200_000 : 2_000_000)
        var update = 0.0, baseline = 0.0
        for _ in 0..<(quick ? 1 : 5) {
            baseline = max(baseline, try ReplayBench.rate(trades.count) { plainLoop(trades) })
            update = max(update, try ReplayBench.rate(trades.count) { try feed(trades) })
        }
        let memory = try dayOfFlow(tradesPerSecond: quick ? 3 : 30)
        return [
            BenchResult(name: "order-flow book updates on real BTCUSDT trades, one core", value: update, unit: "trades/s",
                        baseline: "plain loop summing signed quantities, same trades", baselineValue: baseline, ratio: update / baseline),
            BenchResult(name: "order-flow book after 24 h at \(memory.rate) trades/s: structure bytes (capacities × strides)",
                        value: Double(memory.structure), unit: "bytes", baseline: "resident growth while building and feeding it",
                        baselineValue: Double(memory.resident), ratio: Double(memory.structure) / Double(max(1, memory.resident))),
        ]
    }

    static func plainLoop(_ trades: [Trade]) -> Int {
        var cvd = FixedDecimal.zero
        for t in trades { if t.takerSide == .buy { cvd += t.quantity } else { cvd -= t.quantity } }
        return cvd == .max ? 0 : trades.count
    }

    static func feed(_ trades: [Trade]) throws -> Int {
        var book = OrderFlowBook(symbol: trades[0].symbol, observingFrom: trades[0].eventTime)
        for t in trades { try book.add(t) }
        // Read the features once so the work cannot be elided.
        return book.features.flow4h == nil && book.features.flow30m == nil ? 0 : trades.count
    }

    /// The capture's trades repeated to `count`, each copy shifted past the previous one with fresh ids.
    static func realTrades(count: Int) throws -> [Trade] {
        guard let path = captures.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw BenchError.failed("no capture found (run from the repository root): \(captures)")
        }
        let market: MarketKind = path.contains("usdm") ? .perpetual : .spot
        let decoder = BinanceStreamDecoder(venue: try VenueID(market == .spot ? "binance" : "binance-usdm"), market: market)
        let marker = Array("@trade\"".utf8)
        var source = CaptureSource(lines: try ByteLines(path: path)) { frame, at in
            frame.prefix(64).firstRange(of: marker) == nil ? [] : try decoder.decode(Data(buffer: frame), receivedAt: at)
        }
        var base: [Trade] = []
        while let event = try source.next() { if case .market(.trade(let t)) = event { base.append(t) } }
        guard let first = base.first, let last = base.last else { throw BenchError.failed("\(path) has no trades") }
        let shift = last.eventTime.nanoseconds - first.eventTime.nanoseconds + 1_000_000_000
        var out: [Trade] = []
        out.reserveCapacity(count)
        var copy: Int64 = 0
        while out.count < count {
            for var t in base where out.count < count {
                t.eventTime = Timestamp(nanoseconds: t.eventTime.nanoseconds + copy * shift)
                t.receiveTime = t.eventTime
                t.tradeID += copy * Int64(base.count)
                out.append(t)
            }
            copy += 1
        }
        return out
    }

    /// Feeds 24 h of synthetic BTC-like flow (evenly spaced trades, a random-walk price near $60k, quantities
    /// spread log-uniformly over 0.0001…10 BTC, so ~$6 to ~$600k) generated on the fly, so that resident
    /// growth is the book's own (plus allocator slack), and returns it with the structure estimate.
    static func dayOfFlow(tradesPerSecond: Int) throws -> (rate: Int, structure: Int, resident: Int) {
        let before = residentBytes()
        let symbol = Symbol(unchecked: "BTCUSDT"), venue = VenueID(unchecked: "binance-usdm")
        let start: Int64 = 1_722_470_400_000_000_000
        var book = OrderFlowBook(symbol: symbol, observingFrom: Timestamp(nanoseconds: start))
        var state: UInt64 = 42, price: Int128 = 60_000 * FixedDecimal.unitRaw
        let step = 1_000_000_000 / Int64(tradesPerSecond)
        for i in 0..<(Int64(tradesPerSecond) * 86_400) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let u = Double(state >> 11) / Double(UInt64(1) << 53)
            price += Int128((u - 0.5) * 2e12)  // ±$1 per trade
            let qty = FixedDecimal(raw: Int128(pow(10, -4 + 5 * u) * 1e8) * 10_000)  // 8 decimals
            let t = Timestamp(nanoseconds: start + i * step)
            try book.add(Trade(venue: venue, symbol: symbol, market: .perpetual, tradeID: i, price: FixedDecimal(raw: price),
                               quantity: qty, takerSide: state & (1 << 40) == 0 ? .buy : .sell, eventTime: t, receiveTime: t))
        }
        let structure = book.approximateBytes
        let resident = residentBytes() - before
        withExtendedLifetime(book) {}
        return (tradesPerSecond, structure, resident)
    }

    /// Resident set size from /proc/self/statm (0 where there is none).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }
}
