import ArenaCore
import ArenaTesting
import Foundation
import MarketData
import Testing

private let okx = OKXStreamDecoder(venue: try! VenueID("okx"))
private let now = Timestamp(milliseconds: 1_652_459_230_000)

private func failure(_ frame: String) -> VenueMessageError? {
    do {
        let events = try okx.decode(frame, receivedAt: now)
        Issue.record("expected an error, got \(events)")
        return nil
    } catch { return error }
}

@Suite(.cpuBound) struct OKXStreamDecoderTests {
    @Test func spotTradeSizeIsBaseAndSwapSizeIsContracts() throws {
        let spotFrame = #"{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"338476307","px":"30236","sz":"0.0002","side":"buy","ts":"1652459224818"}]}"#
        guard case .market(.trade(let t)) = try #require(try okx.decode(spotFrame, receivedAt: now).first) else {
            Issue.record("not a trade"); return
        }
        #expect(t.symbol.value == "BTCUSDT" && t.market == .spot && t.tradeID == 338_476_307)
        #expect(t.price == 30236 && t.quantity == FixedDecimal("0.0002")! && t.takerSide == .buy)
        #expect(t.eventTime == Timestamp(milliseconds: 1_652_459_224_818) && t.receiveTime == now)

        let swapFrame = #"{"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","tradeId":"1","px":"30236.1","sz":"3","side":"sell","ts":"1652459224818"},{"instId":"BTC-USDT-SWAP","tradeId":"2","px":"30236.1","sz":"0.5","side":"sell","ts":"1652459224818"}]}"#
        let trades = try okx.decode(swapFrame, receivedAt: now).compactMap { if case .market(.trade(let t)) = $0 { t } else { nil } }
        #expect(trades.map(\.quantity) == [FixedDecimal("0.03")!, FixedDecimal("0.005")!])
        #expect(trades.allSatisfy { $0.market == .perpetual && $0.takerSide == .sell && $0.symbol.value == "BTCUSDT" })
    }

    @Test func candleTickerAndFunding() throws {
        let candle = #"{"arg":{"channel":"candle1m","instId":"ETH-USDT-SWAP"},"data":[["1652459220000","2000.1","2001","1999.5","2000.5","120","12","24006","1"]]}"#
        guard case .market(.bar(let b)) = try #require(try okx.decode(candle, receivedAt: now).first) else {
            Issue.record("not a kline"); return
        }
        // 120 contracts of 0.1 ETH.
        #expect(b.volume == 12 && b.quoteVolume == 24006 && b.isClosed && b.timeframe == .m1 && b.symbol.value == "ETHUSDT")
        #expect(b.openTime == Timestamp(milliseconds: 1_652_459_220_000) && b.low == FixedDecimal("1999.5")!)

        let ticker = #"{"arg":{"channel":"tickers","instId":"BTC-USDT"},"data":[{"instType":"SPOT","instId":"BTC-USDT","last":"30236","lastSz":"0.0002","askPx":"30228.7","askSz":"1.55896972","bidPx":"30228.6","bidSz":"0.23393","open24h":"29700.4","ts":"1652459224956"}]}"#
        guard case .market(.bookTop(let top)) = try #require(try okx.decode(ticker, receivedAt: now).first) else {
            Issue.record("not a book top"); return
        }
        #expect(top.bidPrice == FixedDecimal("30228.6")! && top.askQuantity == FixedDecimal("1.55896972")!)
        #expect(top.eventTime == Timestamp(milliseconds: 1_652_459_224_956))

        let funding = #"{"arg":{"channel":"funding-rate","instId":"BTC-USDT-SWAP"},"data":[{"fundingRate":"0.0001515","fundingTime":"1652486400000","instId":"BTC-USDT-SWAP","instType":"SWAP","nextFundingRate":"0.00029","nextFundingTime":"1652515200000","ts":"1652459224956"}]}"#
        guard case .market(.funding(let f)) = try #require(try okx.decode(funding, receivedAt: now).first) else {
            Issue.record("not funding"); return
        }
        #expect(f.rate == FixedDecimal("0.0001515")! && f.nextFundingTime == Timestamp(milliseconds: 1_652_486_400_000))
        #expect(f.symbol.value == "BTCUSDT" && f.markPrice == nil)
    }

    @Test func controlFramesAndErrors() throws {
        #expect(try okx.decode("pong", receivedAt: now).isEmpty)
        #expect(try okx.decode(#"{"event":"subscribe","arg":{"channel":"trades","instId":"BTC-USDT"},"connId":"a4d3ae55"}"#, receivedAt: now).isEmpty)
        let e = try #require(failure(#"{"event":"error","code":"60012","msg":"Invalid request: {\"op\": \"subscribe\"}","connId":"a4d3ae55"}"#))
        #expect(e.problem == .venueError && e.reason.contains("60012"))
    }

    @Test(arguments: [
        (#"{"arg":{"channel":"trades","instId":"BTC-USD-220527"},"data":[{"instId":"BTC-USD-220527","tradeId":"7849","px":"30218.8","sz":"1","side":"buy","ts":"1652459199958"}]}"#, "trades", "data[0].instId", VenueMessageError.Problem.unknownInstrument),
        (#"{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[]}"#, "books", "arg.channel", .unsupportedKind),
        (#"{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"x1","px":"1","sz":"1","side":"buy","ts":"1652459199958"}]}"#, "trades", "data[0].tradeId", .invalidValue),
        (#"{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"1","px":"1","sz":"1","side":"up","ts":"1652459199958"}]}"#, "trades", "data[0].side", .invalidValue),
        (#"{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"1","px":"1","side":"buy","ts":"1652459199958"}]}"#, "trades", "data[0].sz", .missingField),
        (#"{"arg":{"channel":"tickers","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","bidPx":30228.6,"bidSz":"1","askPx":"1","askSz":"1","ts":"1652459224956"}]}"#, "tickers", "data[0].bidPx", .invalidValue),
        (#"{"arg":{"channel":"candle1m","instId":"BTC-USDT"},"data":[["1652459220000","1","1","1","1","1"]]}"#, "candle1m", nil, .invalidValue),
        (#"{"arg":{"channel":"funding-rate","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","fundingRate":"0.0001","fundingTime":"1652486400000"}]}"#, "funding-rate", "data[0].instId", .invalidValue),
        (#"{"event":"login","code":"0"}"#, "login", "event", .unsupportedKind),
        (#"{"arg":{"channel":"trades""#, "frame", nil, .notJSON),
        ("ping", "frame", nil, .notJSON),
    ] as [(String, String, String?, VenueMessageError.Problem)])
    func hostileFramesAreTypedErrors(_ frame: String, _ kind: String, _ field: String?, _ problem: VenueMessageError.Problem) throws {
        let e = try #require(failure(frame))
        #expect(e.kind == kind && e.field == field && e.problem == problem, "\(e)")
    }

    /// The cryptofeed OKX capture. SOURCES.md §9 counts lines that mention a channel
    /// (books 293, trades 80, tickers 40), subscribe acknowledgements and outgoing
    /// subscribes included; the data frames are books 290, trades 74, tickers 28.
    @Test(.requires(SharedData.requirement)) func everyCaptureLineDecodesOrIsACountableError() throws {
        var counts = EventCounts()
        var problems: [String: Int] = [:]
        var controls = 0
        var firstTrade: Trade?
        for line in try CaptureLines.cryptofeed("OKX.ws.1.0.txt") {
            do {
                let events = try okx.decode(line.json, receivedAt: line.receivedAt)
                if events.isEmpty { controls += 1 }
                for event in events {
                    counts.add(event)
                    if firstTrade == nil, case .market(.trade(let t)) = event { firstTrade = t }
                }
            } catch {
                problems["\(error.kind) \(error.problem)", default: 0] += 1
            }
        }
        #expect(controls == 18)
        #expect(counts == EventCounts(trades: 69, bookTops: 25), "\(counts)")
        // BTC-USD-220527 and UNI-USD-SWAP are not in the table; books is not a decoded channel.
        #expect(problems == ["trades unknownInstrument": 5, "tickers unknownInstrument": 3, "books unsupportedKind": 290])
        #expect(firstTrade?.tradeID == 338_476_307 && firstTrade?.quantity == FixedDecimal("0.0002")!)
        #expect(firstTrade?.receiveTime == Timestamp(nanoseconds: 1_652_459_225_507_260_300))
    }
}
