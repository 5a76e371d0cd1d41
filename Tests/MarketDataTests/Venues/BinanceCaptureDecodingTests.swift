import ArenaCore
import ArenaTesting
import MarketData
import Testing

/// Every line of the real Binance captures decodes, with SOURCES.md's counts.
@Suite(.requires(SharedData.requirement), .cpuBound) struct BinanceCaptureDecodingTests {
    /// One hftbacktest file and the counts SOURCES.md §4 lists for it.
    struct Expected: Sendable, CustomStringConvertible {
        var file: String
        var trades: Int, bookTops: Int, depth: Int, snapshots: Int
        var description: String { file }
    }

    static let files: [Expected] = [
        Expected(file: "usdm_btcusdt_20240718", trades: 974, bookTops: 7_113, depth: 3_326, snapshots: 1),
        Expected(file: "usdm_btcusdt_20240719", trades: 9_727, bookTops: 45_147, depth: 5_696, snapshots: 0),
        Expected(file: "usdm_ethusdt_20240718", trades: 1_640, bookTops: 9_089, depth: 3_273, snapshots: 1),
        Expected(file: "usdm_ethusdt_20240719", trades: 12_015, bookTops: 38_239, depth: 5_656, snapshots: 0),
        Expected(file: "usdm_btcusdt_20240808", trades: 21_313, bookTops: 66_089, depth: 6_551, snapshots: 1),
        Expected(file: "usdm_ethusdt_20240808", trades: 14_076, bookTops: 53_992, depth: 6_586, snapshots: 1),
        Expected(file: "spot_btcusdt_20240808", trades: 9_757, bookTops: 28_040, depth: 3_451, snapshots: 1),
        Expected(file: "spot_btcusdt_20240809", trades: 10_147, bookTops: 45_134, depth: 3_044, snapshots: 0),
        Expected(file: "spot_ethusdt_20240808", trades: 6_106, bookTops: 24_077, depth: 3_434, snapshots: 1),
        Expected(file: "spot_ethusdt_20240809", trades: 8_409, bookTops: 34_681, depth: 3_036, snapshots: 0),
    ]

    @Test(arguments: files) func everyHftbacktestLineDecodes(_ expected: Expected) throws {
        let parts = expected.file.split(separator: "_")
        let spot = parts[0] == "spot"
        let symbol = try Symbol(String(parts[1]))
        let decoder = BinanceStreamDecoder(
            venue: try VenueID(spot ? "binance" : "binance-usdm"), market: spot ? .spot : .perpetual
        )
        var counts = EventCounts()
        var lastTradeID: Int64?
        for line in try CaptureLines.hftbacktest(expected.file) {
            let events = try decoder.decode(line.json, receivedAt: line.receivedAt, snapshotSymbol: symbol)
            #expect(events.count == 1, "line \(line.number)")
            for event in events {
                counts.add(event)
                #expect(event.symbol == symbol && event.venue == decoder.venue)
                if case .market(.trade(let t)) = event {
                    // The captured trade ids run without a gap.
                    if let lastTradeID { #expect(t.tradeID == lastTradeID + 1, "line \(line.number)") }
                    lastTradeID = t.tradeID
                    #expect(t.receiveTime == line.receivedAt && t.market == decoder.market)
                }
                if case .depthUpdate(let d) = event { #expect((d.previousFinalUpdateID != nil) == !spot) }
            }
        }
        #expect(counts == EventCounts(
            trades: expected.trades, bookTops: expected.bookTops, depthUpdates: expected.depth, snapshots: expected.snapshots
        ), "\(counts)")
    }

    @Test func firstSpotTradeAndSnapshotAreExact() throws {
        let lines = try CaptureLines.hftbacktest("spot_btcusdt_20240808")
        let decoder = BinanceStreamDecoder(venue: try VenueID("binance"), market: .spot)
        let symbol = try Symbol("BTCUSDT")
        let events = try lines.flatMap { try decoder.decode($0.json, receivedAt: $0.receivedAt, snapshotSymbol: symbol) }
        // {"e":"trade","E":1723161255343,"s":"BTCUSDT","t":3735683259,"p":"61837.63000000","q":"0.02000000","T":1723161255342,"m":true}
        let trade = try #require(events.lazy.compactMap { if case .market(.trade(let t)) = $0 { t } else { nil } }.first)
        #expect(trade.tradeID == 3_735_683_259)
        #expect(trade.price == FixedDecimal("61837.63")! && trade.quantity == FixedDecimal("0.02")!)
        #expect(trade.takerSide == .sell)  // m: the buyer was the maker
        #expect(trade.eventTime == Timestamp(milliseconds: 1_723_161_255_342))
        #expect(trade.receiveTime == Timestamp(nanoseconds: 1_723_161_254_087_896_568))
        // Line 8: {"lastUpdateId":50093239218,"bids":[["61837.63000000","3.78826000"],…
        let snap = try #require(events.lazy.compactMap { if case .depthSnapshot(let s) = $0 { s } else { nil } }.first)
        #expect(snap.lastUpdateID == 50_093_239_218 && snap.symbol == symbol)
        #expect(snap.bids.first == PriceLevel(price: FixedDecimal("61837.63")!, quantity: FixedDecimal("3.78826")!))
        #expect(snap.eventTime == lines[7].receivedAt)  // spot snapshots carry no time
        // The first book ticker: {"u":50093239212,"s":"BTCUSDT","b":"61837.63000000","B":"3.78826000","a":"61837.64000000","A":"1.54698000"}
        let top = try #require(events.lazy.compactMap { if case .market(.bookTop(let b)) = $0 { b } else { nil } }.first)
        #expect(top.updateID == 50_093_239_212 && top.askQuantity == FixedDecimal("1.54698")!)
    }

    @Test func firstUSDMDepthDiffIsExact() throws {
        let line = try #require(try CaptureLines.hftbacktest("usdm_btcusdt_20240718").first)
        let decoder = BinanceStreamDecoder(venue: try VenueID("binance-usdm"), market: .perpetual)
        guard case .depthUpdate(let d) = try #require(try decoder.decode(line.json, receivedAt: line.receivedAt).first) else {
            Issue.record("not a depth diff"); return
        }
        #expect(d.firstUpdateID == 4_984_028_367_545 && d.finalUpdateID == 4_984_028_370_730)
        #expect(d.previousFinalUpdateID == 4_984_028_367_494)
        #expect(d.bids.count == 17 && d.asks.count == 10)
        #expect(d.asks[1] == PriceLevel(price: FixedDecimal("63951.1")!, quantity: .zero))
        #expect(d.eventTime == Timestamp(milliseconds: 1_721_347_022_504))
    }

    /// The cryptofeed captures: spot and USDⓈ-M aggTrade, kline_1m, bookTicker, depth.
    @Test(arguments: [
        ("BINANCE.ws.1.0.txt", "binance", EventCounts(trades: 2, klines: 2, bookTops: 84, depthUpdates: 177)),
        ("BINANCE_FUTURES.ws.1.0.txt", "binance-usdm", EventCounts(trades: 91, klines: 67, bookTops: 613, depthUpdates: 764)),
    ])
    func everyCryptofeedLineDecodes(_ file: String, _ venue: String, _ expected: EventCounts) throws {
        let decoder = BinanceStreamDecoder(venue: try VenueID(venue), market: venue == "binance" ? .spot : .perpetual)
        var counts = EventCounts()
        for line in try CaptureLines.cryptofeed(file) {
            for event in try decoder.decode(line.json, receivedAt: line.receivedAt) { counts.add(event) }
        }
        #expect(counts == expected, "\(counts)")
    }

    @Test func cryptofeedAggTradeAndKlineAreExact() throws {
        let decoder = BinanceStreamDecoder(venue: try VenueID("binance"), market: .spot)
        let events = try CaptureLines.cryptofeed("BINANCE.ws.1.0.txt").flatMap { try decoder.decode($0.json, receivedAt: $0.receivedAt) }
        // {"e":"aggTrade","E":1633998523963,"s":"NKNUSDT","a":15683430,"p":"0.35280000","q":"58.00000000",…,"m":false}
        let trade = try #require(events.lazy.compactMap { if case .market(.trade(let t)) = $0 { t } else { nil } }.first)
        #expect(trade.tradeID == 15_683_430 && trade.symbol.value == "NKNUSDT")
        #expect(trade.price == FixedDecimal("0.3528")! && trade.quantity == 58 && trade.takerSide == .buy)
        #expect(trade.receiveTime == Timestamp(nanoseconds: 1_633_998_523_957_215_000))
        let futures = BinanceStreamDecoder(venue: try VenueID("binance-usdm"), market: .perpetual)
        let bars = try CaptureLines.cryptofeed("BINANCE_FUTURES.ws.1.0.txt")
            .flatMap { try futures.decode($0.json, receivedAt: $0.receivedAt) }
            .compactMap { if case .market(.bar(let b)) = $0 { b } else { nil } }
        // {"t":1626992700000,…,"s":"CTKUSDT","i":"1m",…,"o":"1.01000","c":"1.01100","h":"1.01100","l":"1.01000","v":"3917","n":48,"x":false,"q":"3957.89900","V":"1729"}
        let ctk = try #require(bars.first { $0.symbol.value == "CTKUSDT" })
        #expect(ctk.openTime == Timestamp(milliseconds: 1_626_992_700_000) && ctk.timeframe == .m1 && !ctk.isClosed)
        #expect(ctk.open == FixedDecimal("1.01")! && ctk.close == FixedDecimal("1.011")! && ctk.volume == 3917)
        #expect(ctk.quoteVolume == FixedDecimal("3957.899")! && ctk.tradeCount == 48 && ctk.takerBuyVolume == 1729)
    }
}
