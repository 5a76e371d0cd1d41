import ArenaCore
import ArenaTesting
import Foundation
import MarketData
import Testing

/// Every replay layout on the real files in ../shared/data, with counts and
/// values checked against what SOURCES.md and independent readings (Python's
/// csv and json modules, zcat) report.
@Suite(.requires(SharedData.requirement), .cpuBound)
struct ReplayRealFileTests {
    static let xrp = ReplayInstrument(venue: SharedData.binance, symbol: try! Symbol("XRPETH"), market: .spot)

    static func tradeFile(_ url: URL, instrument: ReplayInstrument = xrp, layout: TradeLayout? = nil) throws -> [Trade] {
        var source = try TradeCSVSource(lines: try ByteLines(path: url.path), instrument: instrument, layout: layout)
        var out: [Trade] = []
        while let t = try source.nextTrade() { out.append(t) }
        return out
    }

    /// The freqtrade CSV and freqtrade's JSON of the same trades (ccxt's view and the raw aggTrade) agree exactly.
    @Test func freqtradeCSVAndRawAggTradeJSONAgree() throws {
        let csv = try Self.tradeFile(SharedData.csv.appendingPathComponent("XRP_ETH-trades.csv"))
        let path = SharedData.raw.appendingPathComponent("freqtrade_testdata/XRP_OLD-trades.json.gz").path
        let noSymbol = ReplayInstrument(venue: SharedData.binance, symbol: nil, market: .spot)
        let json = try FreqtradeTradesJSON.trades(ByteLines.contents(path: path), source: "XRP_OLD-trades.json.gz", instrument: noSymbol)
        #expect(csv.count == 12_477 && json.count == 12_477)
        #expect(csv == json)
        #expect(json.first?.symbol.value == "XRPETH" && json.first?.tradeID == 13_519_807)
        #expect(json.first?.price == FixedDecimal("0.00141342")! && json.first?.takerSide == .sell)
        #expect(json.last?.tradeID == 13_532_283 && json.last?.eventTime == Timestamp(milliseconds: 1_570_965_568_844))
    }

    /// The recorded aggTrade stream (", " separators, a symbol column). Lines 7242–10332 hold 1,546 rows
    /// written a second time by another writer with the trade time as a local clock time ("15:40:27"):
    /// by default the replay stops at the first; with `badRows: .skip` it skips them all, and
    /// every skipped trade id is still replayed from its well-formed row.
    @Test func recordedAggTradeStreamWithSpacedSeparators() throws {
        let url = SharedData.raw.appendingPathComponent("binance_usdm_liquidations_stream/binance_trades.csv")
        let instrument = ReplayInstrument(venue: SharedData.binance, symbol: nil, market: .perpetual)
        let e = try #require(ReplayTest.error { _ = try Self.tradeFile(url, instrument: instrument) })
        #expect(e.line == 7_242 && e.field == "time" && e.reason.contains("15:40:27"))

        var source = try TradeCSVSource(lines: try ByteLines(path: url.path), instrument: instrument, badRows: .skip)
        var trades: [Trade] = []
        while let t = try source.nextTrade() { trades.append(t) }
        #expect(trades.count == 20_635 && source.skippedRows.count == 1_546)
        #expect(source.skippedRows.first.first?.line == 7_242 && source.skippedRows.first.count == SkippedRows.keep)
        let bySymbol = Dictionary(grouping: trades, by: \.symbol.value).mapValues(\.count)
        #expect(bySymbol == ["BTCUSDT": 11_285, "ETHUSDT": 7_610, "SOLUSDT": 1_412, "WIFUSDT": 191, "BNBUSDT": 137])
        #expect(Set(trades.map { "\($0.symbol) \($0.tradeID)" }).count == trades.count)
        // The second row: BTCUSDT agg id 2291080928 at 58105.9 × 0.5, buyer maker → taker SELL, trade time 1723705563418.
        #expect(trades[1].tradeID == 2_291_080_928 && trades[1].price == FixedDecimal("58105.9")! && trades[1].takerSide == .sell)
        #expect(trades[1].eventTime == Timestamp(milliseconds: 1_723_705_563_418))
    }

    @Test(arguments: [("BTC", 266), ("ETH", 302)])
    func fundingFromFreqtradeCSV(base: String, rows: Int) throws {
        let url = SharedData.csv.appendingPathComponent("\(base)_USDT_USDT-8h-funding_rate.csv")
        let source = try FundingCSVSource(lines: ByteLines(path: url.path), venue: SharedData.binance, symbol: Symbol("\(base)USDT"))
        let rates = try ReplayTest.drain(source).compactMap { if case .market(.funding(let f)) = $0 { f } else { nil } }
        #expect(rates.count == rows)
        if base == "BTC" {
            // 1741276800000,6.818e-05,…  and  1741305600000,-6.12e-06,…
            #expect(rates[0].rate == FixedDecimal("0.00006818")! && rates[0].eventTime == Timestamp(milliseconds: 1_741_276_800_000))
            #expect(rates[1].rate == FixedDecimal("-0.00000612")!)
        }
    }

    /// freqtrade's XRP funding went through float64: line 51 reads -0.0021933400000000002. Exact
    /// parsing refuses it; rounding to Binance's 8 decimals recovers -0.00219334.
    @Test func floatWrittenFundingNeedsExplicitRounding() throws {
        let url = SharedData.csv.appendingPathComponent("futures_XRP_USDT_USDT-8h-funding_rate.csv")
        let xrp = try Symbol("XRPUSDT")
        let e = try #require(ReplayTest.error {
            _ = try ReplayTest.drain(FundingCSVSource(lines: ByteLines(path: url.path), venue: SharedData.binance, symbol: xrp))
        })
        #expect(e.line == 51 && e.field == "rate" && e.reason.contains("-0.0021933400000000002"))
        let rounded = try ReplayTest.drain(FundingCSVSource(lines: ByteLines(path: url.path), venue: SharedData.binance, symbol: xrp, ratePlaces: 8))
            .compactMap { if case .market(.funding(let f)) = $0 { f } else { nil } }
        #expect(rounded.count == 91 && rounded[49].rate == FixedDecimal("-0.00219334")!)
    }

    @Test(arguments: [("binance.csv", 456, 72, 4, 4), ("binance_bigliqs.csv", 385, 89, 10, 7)])
    func liquidations(file: String, rows: Int, symbols: Int, btc: Int, eth: Int) throws {
        let url = SharedData.raw.appendingPathComponent("binance_usdm_liquidations_stream/\(file)")
        let events = try ReplayTest.drain(LiquidationCSVSource(lines: ByteLines(path: url.path), venue: SharedData.binance))
        let liquidations = events.compactMap { if case .market(.liquidation(let l)) = $0 { l } else { nil } }
        #expect(liquidations.count == rows)
        let names = Set(liquidations.map(\.symbol.value))
        #expect(names.count == symbols && names.allSatisfy { $0.hasSuffix("USDT") || $0.hasSuffix("USDC") })
        #expect(liquidations.filter { $0.symbol.value == "BTCUSDT" }.count == btc)
        #expect(liquidations.filter { $0.symbol.value == "ETHUSDT" }.count == eth)
        if file == "binance.csv" {
            // RARE,BUY,LIMIT,IOC,4421,0.2226588,0.2185000,FILLED,3750,4421,1723895903305,…
            let first = try #require(liquidations.first)
            #expect(first.symbol.value == "RAREUSDT" && first.side == .buy && first.liquidatedShort)
            #expect(first.quantity == 4421 && first.price == FixedDecimal("0.2226588")! && first.averagePrice == FixedDecimal("0.2185")!)
            #expect(first.eventTime == Timestamp(milliseconds: 1_723_895_903_305))
        }
    }

    /// hftbacktest's gzipped `<recv_ns> <json>` capture: 41,249 lines, 9,757 `trade` frames.
    @Test func hftbacktestGzipCapture() throws {
        let path = SharedData.raw.appendingPathComponent("binance_ws_raw_hftbacktest/spot_btcusdt_20240808.gz").path
        var source = CaptureSource(lines: try ByteLines(path: path), decoder: TestTradeFrames.decoder(market: .spot, symbol: try Symbol("BTCUSDT")))
        var events: [MarketEvent] = []
        while let e = try source.next() { events.append(e) }
        let trades = ReplayTest.trades(in: events)
        #expect(source.format == .hftbacktest && source.skippedLines == 0)
        #expect(trades.count == 9_757)
        let first = try #require(trades.first), last = try #require(trades.last)
        #expect(first.tradeID == 3_735_683_259 && first.price == FixedDecimal("61837.63")! && first.quantity == FixedDecimal("0.02")!)
        #expect(first.receiveTime == Timestamp(nanoseconds: 1_723_161_254_087_896_568) && first.eventTime == Timestamp(milliseconds: 1_723_161_255_342))
        #expect(last.tradeID == 3_735_693_015 && last.receiveTime == Timestamp(nanoseconds: 1_723_161_599_997_948_484))
    }

    /// cryptofeed's `<seconds>: <json>` capture, header line skipped: 91 aggTrade frames.
    @Test func cryptofeedCapture() throws {
        let path = SharedData.raw.appendingPathComponent("ws_raw_cryptofeed/BINANCE_FUTURES.ws.1.0.txt").path
        var source = CaptureSource(lines: try ByteLines(path: path), decoder: TestTradeFrames.decoder(market: .perpetual))
        var trades: [Trade] = []
        while let e = try source.next() { if case .market(.trade(let t)) = e { trades.append(t) } }
        #expect(trades.count == 91 && source.format == .cryptofeed && source.skippedLines == 1)
        #expect(trades.allSatisfy { $0.receiveTime.nanoseconds > 1_626_992_000_000_000_000 })
    }

    /// OKX's capture has three outgoing subscribe lines after the connection line; all four are skipped.
    @Test func cryptofeedOutgoingLinesAreSkipped() throws {
        let path = SharedData.raw.appendingPathComponent("ws_raw_cryptofeed/OKX.ws.1.0.txt").path
        var frames = 0
        var source = CaptureSource(lines: try ByteLines(path: path)) { _, _ in frames += 1; return [] }
        while try source.next() != nil {}
        #expect(source.skippedLines == 4 && frames == 410)
    }
}
