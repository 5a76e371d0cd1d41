import ArenaCore
import ArenaTesting
import MarketData
import Testing

/// Trade CSV layouts: detection, exact values, aggressor side, and errors that name file, line and field.
@Suite(.cpuBound) struct TradeCSVTests {
    @Test func aggTradesWithoutHeaderSevenAndEightColumns() throws {
        for tail in ["", ",True"] {
            let trades = try ReplayTest.trades("""
            26129,0.01633102,4.70443515,27781,27781,1498793709153,true\(tail)
            26130,0.01633101,1.00000000,27782,27783,1498793709154,false\(tail)

            """)
            #expect(trades.count == 2)
            #expect(trades[0].tradeID == 26129 && trades[0].price == FixedDecimal("0.01633102")! && trades[0].quantity.raw == 4_704_435_150_000)
            // is_buyer_maker true: the seller took liquidity.
            #expect(trades[0].takerSide == .sell && trades[1].takerSide == .buy)
            #expect(trades[0].eventTime == Timestamp(milliseconds: 1_498_793_709_153) && trades[0].receiveTime == trades[0].eventTime)
            #expect(trades[0].symbol == ReplayTest.btc && trades[0].market == .spot)
        }
    }

    @Test func aggTradesWithHeaderAndMicroseconds() throws {
        let trades = try ReplayTest.trades("""
        agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker\r
        3307012405,94591.13000000,0.00006000,4365419011,4365419011,1735689600040593,True\r
        """)
        #expect(trades.map(\.eventTime) == [Timestamp(nanoseconds: 1_735_689_600_040_593_000)])
        #expect(trades[0].takerSide == .sell)
    }

    @Test func binanceTradesLayoutIsToldApartByShape() throws {
        // id,price,qty,quote_qty,time,is_buyer_maker[,is_best_match]: the flag sits one column earlier.
        for tail in ["", ",True"] {
            let trades = try ReplayTest.trades("5000,94591.13,0.001,94.59113,1735689600040,false\(tail)\n")
            #expect(trades.count == 1 && trades[0].tradeID == 5000 && trades[0].takerSide == .buy)
            #expect(trades[0].eventTime == Timestamp(milliseconds: 1_735_689_600_040))
        }
    }

    @Test func freqtradeLayoutByHeaderUsesTheTakerSide() throws {
        let trades = try ReplayTest.trades("""
        timestamp,id,type,side,price,amount,cost
        1570752011620,13519807,,sell,0.00141342,23.0,0.03250866
        1570752017964,13519809,,buy,0.00141266,8.0,0.01130128
        """)
        #expect(trades.map(\.takerSide) == [.sell, .buy] && trades.map(\.tradeID) == [13_519_807, 13_519_809])
        #expect(trades[1].quantity == 8)
    }

    @Test func streamLayoutCarriesItsOwnSymbol() throws {
        let instrument = ReplayInstrument(venue: ReplayTest.binance, symbol: nil, market: .perpetual)
        let trades = try ReplayTest.trades("""
        1723705562482, SOLUSDT, 764936925, 141.967, 285.0,1723705562477, False
        1723705563505, BTCUSDT, 2291080928, 58105.9, 0.5,1723705563418, True
        """, instrument: instrument)
        #expect(trades.map(\.symbol.value) == ["SOLUSDT", "BTCUSDT"])
        #expect(trades[0].eventTime == Timestamp(milliseconds: 1_723_705_562_477) && trades[0].takerSide == .buy)
        #expect(trades[1].market == .perpetual && trades[1].price == FixedDecimal("58105.9")!)
    }

    @Test func anExplicitLayoutOverridesDetection() throws {
        // Seven fields with a time in field 6 would be detected as aggTrades; told otherwise, field 6 must be a flag.
        let e = try #require(ReplayTest.error { _ = try ReplayTest.trades("1,2,3,4,1735689600040,true,true\n", layout: .aggTrades) })
        #expect(e.field == "time")
        #expect(try ReplayTest.trades("1,2,3,4,1735689600040,true,true\n", layout: .trades).count == 1)
    }

    @Test func errorsNameFileLineAndField() throws {
        let good = "1,0.5,1.0,1,1,1498793709153,true\n"
        let cases: [(String, String?, String)] = [
            (good + "\n2,0.5,abc,2,2,1498793709154,true\n", "quantity", "abc"),
            (good + "\n2,0.5,1.0,2,2,1498793709154,maybe\n", "is_buyer_maker", "maybe"),
            (good + "\n2,-0.5,1.0,2,2,1498793709154,true\n", "price", "above zero"),
            (good + "\n2,0.5,0,2,2,1498793709154,true\n", "quantity", "above zero"),
            (good + "\n2,0.5,1.0,2,2,149879370,true\n", "time", "too small"),
            (good + "\n2,0.5,1.0000000000001,2,2,1498793709154,true\n", "quantity", "fractional digits"),
            (good + "\n-2,0.5,1.0,2,2,1498793709154,true\n", "id", "integer"),
            (good + "\n2,0.5,1.0,2,2,1498793709154\n", nil, "expected 7…8 fields, found 6"),
        ]
        for (text, field, reason) in cases {
            let e = try #require(ReplayTest.error { _ = try ReplayTest.trades(text) }, "\(text)")
            #expect(e.source == "t.csv" && e.line == 3 && e.field == field, "\(e)")
            #expect(e.reason.contains(reason), "\(e)")
        }
        let description = try #require(ReplayTest.error { _ = try ReplayTest.trades(cases[0].0) }).description
        #expect(description.hasPrefix("t.csv:3: field quantity: \"abc\""))
    }

    @Test func unknownShapesAndHeadersAreRefused() throws {
        let shape = try #require(ReplayTest.error { _ = try ReplayTest.trades("1,2,3\n") })
        #expect(shape.line == 1 && shape.reason.contains("match no trade layout"))
        let header = try #require(ReplayTest.error { _ = try ReplayTest.trades("when,what\n1,2\n") })
        #expect(header.line == 1 && header.reason.contains("header does not name"))
        let noSymbol = ReplayInstrument(venue: ReplayTest.binance, symbol: nil, market: .spot)
        let symbol = try #require(ReplayTest.error { _ = try ReplayTest.trades("1,0.5,1.0,1,1,1498793709153,true\n", instrument: noSymbol) })
        #expect(symbol.reason.contains("symbol must be given"))
    }

    @Test func anEmptyFileHasNoTrades() throws {
        #expect(try ReplayTest.trades("").isEmpty)
        #expect(try ReplayTest.trades("\n\n").isEmpty)
    }
}
