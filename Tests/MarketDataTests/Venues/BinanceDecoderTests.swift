import ArenaCore
import ArenaTesting
import Foundation
import MarketData
import Testing

private let spot = BinanceStreamDecoder(venue: try! VenueID("binance"), market: .spot)
private let usdm = BinanceStreamDecoder(venue: try! VenueID("binance-usdm"), market: .perpetual)
private let now = Timestamp(milliseconds: 1_723_161_300_000)

/// The error `body` throws; fails the test when it throws none.
private func failure(_ body: () throws(VenueMessageError) -> [MarketEvent]) -> VenueMessageError? {
    do {
        let events = try body()
        Issue.record("expected an error, got \(events)")
        return nil
    } catch { return error }
}

@Suite(.cpuBound) struct BinanceStreamDecoderTests {
    @Test func aggTradeTakesItsIDFromAAndItsSideFromM() throws {
        let frame = #"{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":1723161255343,"s":"BTCUSDT","a":3160000001,"p":"61837.63000000","q":"0.00100000","f":3735683259,"l":3735683260,"T":1723161255342,"m":false,"M":true}}"#
        guard case .market(.trade(let t)) = try #require(try spot.decode(frame, receivedAt: now).first) else {
            Issue.record("not a trade"); return
        }
        #expect(t.tradeID == 3_160_000_001 && t.takerSide == .buy && t.quantity == FixedDecimal("0.001")!)
        #expect(t.venue.value == "binance" && t.market == .spot && t.receiveTime == now)
    }

    @Test func rawPayloadsDecodeWithoutTheCombinedWrapper() throws {
        let frame = #"{"e":"trade","E":1,"s":"ethusdt","t":7,"p":"2683.8","q":"1","T":1723161255342,"m":true}"#
        guard case .market(.trade(let t)) = try #require(try spot.decode(frame, receivedAt: now).first) else {
            Issue.record("not a trade"); return
        }
        #expect(t.symbol.value == "ETHUSDT" && t.tradeID == 7 && t.takerSide == .sell)
    }

    @Test func forceOrderIsALiquidationOnTheOrdersSide() throws {
        // Binance's documented example (USDⓈ-M <symbol>@forceOrder).
        let frame = #"{"e":"forceOrder","E":1568014460893,"o":{"s":"BTCUSDT","S":"SELL","o":"LIMIT","f":"IOC","q":"0.014","p":"9910","ap":"9910","X":"FILLED","l":"0.014","z":"0.014","T":1568014460893}}"#
        guard case .market(.liquidation(let l)) = try #require(try usdm.decode(frame, receivedAt: now).first) else {
            Issue.record("not a liquidation"); return
        }
        #expect(l.side == .sell && !l.liquidatedShort)
        #expect(l.price == 9910 && l.quantity == FixedDecimal("0.014")! && l.averagePrice == 9910)
        #expect(l.eventTime == Timestamp(milliseconds: 1_568_014_460_893))
    }

    @Test func markPriceUpdateIsFunding() throws {
        let frame = #"{"stream":"btcusdt@markPrice@1s","data":{"e":"markPriceUpdate","E":1562305380000,"s":"BTCUSDT","p":"11794.15000000","i":"11784.62659091","P":"11784.25641265","r":"0.00038167","T":1562306400000}}"#
        guard case .market(.funding(let f)) = try #require(try usdm.decode(frame, receivedAt: now).first) else {
            Issue.record("not funding"); return
        }
        #expect(f.rate == FixedDecimal("0.00038167")! && f.markPrice == FixedDecimal("11794.15")!)
        #expect(f.indexPrice == FixedDecimal("11784.62659091")!)
        #expect(f.nextFundingTime == Timestamp(milliseconds: 1_562_306_400_000) && f.eventTime == Timestamp(milliseconds: 1_562_305_380_000))
    }

    @Test func klineCarriesQuoteVolumeCountAndTakerBuyVolume() throws {
        let frame = #"{"stream":"btcusdt@kline_1m","data":{"e":"kline","E":1723161300001,"s":"BTCUSDT","k":{"t":1723161240000,"T":1723161299999,"s":"BTCUSDT","i":"1m","f":1,"L":9,"o":"61800.00","c":"61837.63","h":"61850.10","l":"61790.00","v":"12.5","n":9,"x":true,"q":"772500.1","V":"7.25","Q":"448000.2","B":"0"}}}"#
        guard case .market(.bar(let b)) = try #require(try spot.decode(frame, receivedAt: now).first) else {
            Issue.record("not a kline"); return
        }
        #expect(b.isClosed && b.timeframe == .m1 && b.openTime == Timestamp(milliseconds: 1_723_161_240_000))
        #expect(b.high == FixedDecimal("61850.1")! && b.quoteVolume == FixedDecimal("772500.1")!)
        #expect(b.tradeCount == 9 && b.takerBuyVolume == FixedDecimal("7.25")!)
    }

    @Test func controlRepliesAreNoEventsAndErrorsAreTyped() throws {
        #expect(try spot.decode(#"{"result":null,"id":1}"#, receivedAt: now).isEmpty)
        let e = try #require(failure { () throws(VenueMessageError) in
            try spot.decode(#"{"error":{"code":2,"msg":"Invalid request: unknown variant"},"id":1}"#, receivedAt: now)
        })
        #expect(e.problem == .venueError && e.reason.contains("Invalid request"))
    }

    @Test func aSnapshotLineNeedsTheCallersSymbol() throws {
        let line = #"{"lastUpdateId":5,"bids":[["1.5","2"]],"asks":[]}"#
        let e = try #require(failure { () throws(VenueMessageError) in try spot.decode(line, receivedAt: now) })
        #expect(e.kind == "depthSnapshot" && e.problem == .missingField)
        let events = try spot.decode(line, receivedAt: now, snapshotSymbol: try Symbol("BTCUSDT"))
        #expect(events == [.depthSnapshot(DepthSnapshot(
            venue: spot.venue, symbol: try Symbol("BTCUSDT"), market: .spot, lastUpdateID: 5,
            bids: [PriceLevel(price: FixedDecimal("1.5")!, quantity: 2)], asks: [], eventTime: now
        ))])
    }

    @Test func usdmDiffWithoutPuIsRejected() throws {
        let frame = #"{"e":"depthUpdate","E":1721347022504,"T":1721347022504,"s":"BTCUSDT","U":1,"u":2,"b":[],"a":[]}"#
        let e = try #require(failure { () throws(VenueMessageError) in try usdm.decode(frame, receivedAt: now) })
        #expect(e.kind == "depthUpdate" && e.field == "pu" && e.problem == .missingField)
        #expect(try spot.decode(frame, receivedAt: now).count == 1)
    }

    /// Hostile input: each case names the kind, the field and the problem it must report.
    @Test(arguments: [
        (#"{"e":"24hrTicker","E":1,"s":"BTCUSDT"}"#, "24hrTicker", "e", VenueMessageError.Problem.unsupportedKind),
        (#"{"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":1.5,"q":"1","T":1723161255342,"m":true}"#, "trade", "p", .invalidValue),
        (#"{"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":"1.2.3","q":"1","T":1723161255342,"m":true}"#, "trade", "p", .invalidValue),
        (#"{"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":"-5","q":"1","T":1723161255342,"m":true}"#, "trade", "p", .invalidValue),
        (#"{"e":"trade","E":1,"s":"BTC USDT","t":1,"p":"5","q":"1","T":1723161255342,"m":true}"#, "trade", "s", .invalidValue),
        (#"{"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":"5","q":"1","T":17,"m":true}"#, "trade", "T", .invalidValue),
        (#"{"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":"5","T":1723161255342,"m":true}"#, "trade", "q", .missingField),
        (#"{"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":"5","q":null,"T":1723161255342,"m":true}"#, "trade", "q", .missingField),
        (#"{"stream":"x@aggTrade","data":{"e":"aggTrade","s":"BTCUSDT","a":"12","p":"5","q":"1","T":1723161255342,"m":true}}"#, "aggTrade", "a", .invalidValue),
        (#"{"e":"kline","E":1,"s":"BTCUSDT","k":{"t":1723161240000,"i":"2h","o":"1","c":"1","h":"1","l":"1","v":"1","n":1,"x":true,"q":"1","V":"1"}}"#, "kline", "k.i", .invalidValue),
        (#"{"e":"depthUpdate","E":1723161255208,"s":"BTCUSDT","U":1,"u":2,"b":[["1"]],"a":[]}"#, "depthUpdate", "b[0][1]", .missingField),
        (#"{"e":"depthUpdate","E":1723161255208,"s":"BTCUSDT","U":3,"u":2,"b":[],"a":[]}"#, "depthUpdate", "U", .invalidValue),
        (#"{"e":"forceOrder","E":1,"o":{"s":"BTCUSDT","S":"SIDEWAYS","q":"1","p":"1","T":1568014460893}}"#, "forceOrder", "o.S", .invalidValue),
        (#"{"hello":"world"}"#, "frame", nil, .unsupportedKind),
        (#"[1,2,3]"#, "frame", nil, .notJSON),
        (#"{"e":"trade","E":1,"s":"BTCUSDT""#, "frame", nil, .notJSON),
        ("", "frame", nil, .notJSON),
    ] as [(String, String, String?, VenueMessageError.Problem)])
    func hostileFramesAreTypedErrors(_ frame: String, _ kind: String, _ field: String?, _ problem: VenueMessageError.Problem) throws {
        let e = try #require(failure { () throws(VenueMessageError) in try spot.decode(frame, receivedAt: now) })
        #expect(e.kind == kind && e.field == field && e.problem == problem, "\(e)")
        #expect(e.venue.value == "binance" && e.framePrefix == String(frame.prefix(VenueMessageError.framePrefixLength)))
    }

    @Test func everyTruncationAndGarbageBytesAreTypedErrors() throws {
        let frame = #"{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1723161255208,"s":"BTCUSDT","U":50093239189,"u":50093239202,"b":[["61737.63000000","0.00000000"]],"a":[["61837.64000000","1.54698000"]]}}"#
        #expect(try spot.decode(frame, receivedAt: now).count == 1)
        let bytes = Array(frame.utf8)
        for cut in 0..<bytes.count {
            let e = failure { () throws(VenueMessageError) in try spot.decode(Data(bytes[..<cut]), receivedAt: now) }
            #expect(e?.problem == .notJSON, "cut at \(cut)")
        }
        let garbage = Data([0xFF, 0xFE, 0x00, 0x7B, 0x22, 0xC3, 0x28, 0x9F])
        #expect(failure { () throws(VenueMessageError) in try spot.decode(garbage, receivedAt: now) }?.problem == .notJSON)
    }
}

@Suite(.cpuBound) struct BinanceRESTDecoderTests {
    let rest = BinanceRESTDecoder(venue: try! VenueID("binance"), market: .spot)
    let symbol = try! Symbol("BTCUSDT")

    @Test func aggTradesPage() throws {
        // Binance's documented example row.
        let body = Data(#"[{"a":26129,"p":"0.01633102","q":"4.70443515","f":27781,"l":27781,"T":1498793709153,"m":true,"M":true},{"a":26130,"p":"0.01633103","q":"1","f":27782,"l":27783,"T":1498793709154,"m":false,"M":true}]"#.utf8)
        let trades = try rest.aggTrades(body, symbol: symbol, receivedAt: now)
        #expect(trades.map(\.tradeID) == [26_129, 26_130])
        #expect(trades[0].price == FixedDecimal("0.01633102")! && trades[0].quantity == FixedDecimal("4.70443515")!)
        #expect(trades.map(\.takerSide) == [.sell, .buy])
        #expect(trades[0].eventTime == Timestamp(milliseconds: 1_498_793_709_153) && trades[0].symbol == symbol)
        #expect(try rest.aggTrades(Data("[]".utf8), symbol: symbol, receivedAt: now).isEmpty)
    }

    @Test func klinesPageClosesBarsWhoseCloseTimeHasPassed() throws {
        let body = Data(#"[[1723161180000,"61800.00","61850.10","61790.00","61837.63","12.5",1723161239999,"772500.1",9,"7.25","448000.2","0"],[1723161240000,"61837.63","61837.63","61837.63","61837.63","0.1",1723161299999,"6183.763",1,"0","0","0"]]"#.utf8)
        let bars = try rest.klines(body, symbol: symbol, timeframe: .m1, receivedAt: Timestamp(milliseconds: 1_723_161_250_000))
        #expect(bars.count == 2 && bars[0].isClosed && !bars[1].isClosed)
        #expect(bars[0].close == FixedDecimal("61837.63")! && bars[0].tradeCount == 9 && bars[0].takerBuyVolume == FixedDecimal("7.25")!)
        let wrong = Data(#"[[1723161180000,"1","1","1","1","1",1723161539999,"1",9,"1","1","0"]]"#.utf8)
        do {
            _ = try rest.klines(wrong, symbol: symbol, timeframe: .m1, receivedAt: now)
            Issue.record("a 5-minute row passed as 1m")
        } catch { #expect(error.field == "[0].closeTime" && error.kind == "klines") }
    }

    @Test func depthSnapshotAndErrorBody() throws {
        let body = Data(#"{"lastUpdateId":1027024,"E":1589436922972,"T":1589436922959,"bids":[["4.00000000","431.00000000"]],"asks":[["4.00000200","12.00000000"]]}"#.utf8)
        let snap = try rest.depth(body, symbol: symbol, receivedAt: now)
        #expect(snap.lastUpdateID == 1_027_024 && snap.eventTime == Timestamp(milliseconds: 1_589_436_922_972))
        #expect(snap.asks == [PriceLevel(price: FixedDecimal("4.000002")!, quantity: 12)])
        let error = Data(#"{"code":-1121,"msg":"Invalid symbol."}"#.utf8)
        #expect(rest.apiError(error) == BinanceAPIError(code: -1121, msg: "Invalid symbol."))
        #expect(rest.apiError(body) == nil)
        do {
            _ = try rest.aggTrades(error, symbol: symbol, receivedAt: now)
            Issue.record("an error body decoded as a page")
        } catch { #expect(error.problem == .venueError && error.reason.contains("-1121")) }
    }

    @Test func badRowsNameTheirRow() throws {
        let body = Data(#"[{"a":1,"p":"1","q":"1","T":1498793709153,"m":true},{"a":2,"p":"x","q":"1","T":1498793709153,"m":true}]"#.utf8)
        do {
            _ = try rest.aggTrades(body, symbol: symbol, receivedAt: now)
            Issue.record("a bad price passed")
        } catch { #expect(error.field == "[1].p" && error.problem == .invalidValue) }
    }
}
