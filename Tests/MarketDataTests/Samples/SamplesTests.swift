import ArenaCore
import ArenaTesting
import Foundation
import MarketData
import Testing

/// `data/samples/` (committed) is an exact slice of the real data in ../shared/data: each sample parses and
/// equals the corresponding rows of its source.
@Suite(.requires(SharedData.requirement), .cpuBound)
struct SamplesTests {
    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/samples")

    static func path(_ name: String) -> String { samples.appendingPathComponent(name).path }

    @Test(arguments: ["BTC", "ETH"])
    func klinesAreThreeWholeDaysOfTheSource(base: String) throws {
        let sample = try KlineFile.rows(from: ByteLines.contents(path: Self.path("\(base)_USDT-1m-20230401-20230403.json")), source: "sample")
        let source = try KlineFile.rows(
            from: ByteLines.contents(path: SharedData.raw.appendingPathComponent("binance_spot_freqtrade_json/\(base)_USDT-1m.json").path),
            source: "source"
        )
        #expect(sample.count == 4_320)
        #expect(sample.first?.openTime == Timestamp(milliseconds: 1_680_307_200_000))
        #expect(sample.last?.openTime == Timestamp(milliseconds: 1_680_566_340_000))
        let start = try #require(source.firstIndex { $0.openTime == sample[0].openTime })
        let slice = source[start..<(start + sample.count)]
        // Same values, row for row (line/column positions differ, so compare the bars).
        let bar = { (r: KlineRow) in r.bar(venue: SharedData.binance, symbol: try! Symbol("\(base)USDT"), timeframe: .m1) }
        #expect(sample.map(bar) == slice.map(bar))
    }

    @Test(arguments: ["btcusdt", "ethusdt"])
    func capturesAreTheFirstLinesOfTheSource(symbol: String) throws {
        var sample = try ByteLines(path: Self.path("spot_\(symbol)_20240808-first12000.gz"))
        var source = try ByteLines(path: SharedData.raw.appendingPathComponent("binance_ws_raw_hftbacktest/spot_\(symbol)_20240808.gz").path)
        var count = 0
        while let a = try sample.next() {
            let b = try #require(try source.next())
            let same = sample.withLine(a) { x in source.withLine(b) { y in x.elementsEqual(y) } }
            #expect(same, "line \(count + 1)")
            count += 1
        }
        #expect(count == 12_000)
        // And it replays: the trades it holds decode.
        let trades = ReplayTest.trades(in: try ReplayTest.drain(
            CaptureSource(lines: ByteLines(path: Self.path("spot_\(symbol)_20240808-first12000.gz")), decoder: TestTradeFrames.decoder(market: .spot, symbol: try Symbol(symbol.uppercased())))
        ))
        #expect(!trades.isEmpty && trades.allSatisfy { $0.symbol.value == symbol.uppercased() })
    }

    @Test func aggTradesAreFreqtradesRawAggTrades() throws {
        let instrument = ReplayInstrument(venue: SharedData.binance, symbol: try Symbol("XRPETH"), market: .spot)
        var sample = try TradeCSVSource(lines: ByteLines(path: Self.path("XRPETH-aggTrades-20191011-20191013.csv")), instrument: instrument)
        #expect(sample.columns == TradeLayout.aggTrades.columns.with(widths: 8...8))
        var trades: [Trade] = []
        while let t = try sample.nextTrade() { trades.append(t) }
        let source = try FreqtradeTradesJSON.trades(
            ByteLines.contents(path: SharedData.raw.appendingPathComponent("freqtrade_testdata/XRP_OLD-trades.json.gz").path),
            source: "XRP_OLD-trades.json.gz", instrument: instrument
        )
        #expect(trades.count == 12_477 && trades == source)
    }

    @Test func perpetualKlinesAreRowsOfTheSource() throws {
        let sample = try KlineFile.rows(
            from: ByteLines.contents(path: Self.path("ETH_USDT_USDT-1m-futures-20250527-20250531.csv")), source: "sample"
        )
        let source = try KlineFile.rows(
            from: ByteLines.contents(path: SharedData.csv.appendingPathComponent("ETH_USDT_USDT-1m-futures.csv").path), source: "source"
        )
        #expect(sample.count == 5_050)
        #expect(sample.first?.openTime == Timestamp(milliseconds: 1_748_347_200_000))
        #expect(sample.last?.openTime == Timestamp(milliseconds: 1_748_650_140_000))
        let start = try #require(source.firstIndex { $0.openTime == sample[0].openTime })
        let bar = { (r: KlineRow) in r.bar(venue: SharedData.binance, symbol: try! Symbol("ETHUSDT"), timeframe: .m1) }
        #expect(sample.map(bar) == source[start..<(start + sample.count)].map(bar))
    }

    @Test(arguments: ["BTC", "ETH"])
    func fundingFilesAreTheSource(base: String) throws {
        let name = "\(base)_USDT_USDT-8h-funding_rate.csv"
        #expect(try ByteLines.contents(path: Self.path(name)) == ByteLines.contents(path: SharedData.csv.appendingPathComponent(name).path))
        let events = try ReplayTest.drain(FundingCSVSource(lines: ByteLines(path: Self.path(name)), venue: SharedData.binance, symbol: Symbol("\(base)USDT")))
        #expect(events.count == (base == "BTC" ? 266 : 302))
    }
}

extension TradeColumns {
    /// A copy with other allowed widths (a header fixes the width to its own).
    func with(widths: ClosedRange<Int>) -> TradeColumns {
        var c = self
        c.widths = widths
        return c
    }
}
