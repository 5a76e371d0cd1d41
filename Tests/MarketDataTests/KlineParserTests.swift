import ArenaCore
import ArenaTesting
import MarketData
import Testing

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Parses `text` as a file named `t` and returns the error, which must be a ``KlineParseError``.
private func parseError(_ text: String, timeframe: Timeframe? = .m1) -> KlineParseError? {
    do {
        _ = try KlineFile.bars(from: bytes(text), source: "t", venue: SharedData.binance, symbol: try! Symbol("BTCUSDT"), timeframe: timeframe)
        return nil
    } catch { return error }
}

private func parse(_ text: String, timeframe: Timeframe? = nil) throws -> [Bar] {
    try KlineFile.bars(from: bytes(text), source: "t", venue: SharedData.binance, symbol: try Symbol("btcusdt"), timeframe: timeframe)
}

@Suite(.cpuBound) struct FreqtradeKlineParserTests {
    @Test func parsesNumbersExactlyWithoutDouble() throws {
        // 0.1 and 24934.2 have no exact binary form; 1e-5 and 1.5E+1 use exponents.
        let bars = try parse("""
        [ [1679004900000, 24899.18, 24943.98, 24896.29, 24934.2, 0.1],
          [1679004960000,24935.6,24946.86,24910.48,24933.42,1e-5],
          [1679005020000, 15, 1.5E+1, 15, 15, 0] ]
        """)
        #expect(bars.count == 3)
        #expect(bars[0].timeframe == .m1 && bars[0].symbol.value == "BTCUSDT" && bars[0].venue.value == "binance")
        #expect(bars[0].openTime == Timestamp(milliseconds: 1_679_004_900_000))
        #expect(bars[0].close.raw == 24_934_200_000_000_000 && bars[0].volume.raw == 100_000_000_000)
        #expect(bars[1].volume == FixedDecimal("0.00001")!)
        #expect(bars[2].high == 15)
    }

    @Test func anEmptyArrayIsNoBars() throws {
        #expect(try parse(" [ ] ", timeframe: .m1).isEmpty)
    }

    @Test func errorsNameLineColumnRowAndField() throws {
        let e = try #require(parseError("[[1679004900000,1,2,0.5,1.5,3],\n [1679004960000,1,2,0.5,x,3]]"))
        #expect(e.line == 2 && e.row == 2 && e.field == "close" && e.column == 25)
        #expect(e.description.hasPrefix("t:2:25: row 2, field close:"))

        let big = try #require(parseError("[[1679004900000,1,2,0.5,1.5,3],[1679004960000,1,2,0.5,1.5,1e-13]]"))
        #expect(big.row == 2 && big.field == "volume")

        let short = try #require(parseError("[[1679004900000,1,2,0.5,1.5]]"))
        #expect(short.row == 1 && short.field == "volume")

        let long = try #require(parseError("[[1679004900000,1,2,0.5,1.5,3,9]]"))
        #expect(long.row == 1 && long.reason.contains("after 6 fields"))

        let time = try #require(parseError("[[1679004900000.5,1,2,0.5,1.5,3]]"))
        #expect(time.field == "open_time")

        let inconsistent = try #require(parseError("[[1679004900000,1,0.9,0.5,1.5,3]]"))
        #expect(inconsistent.field == "high")

        let trailing = try #require(parseError("[[1679004900000,1,2,0.5,1.5,3]] x"))
        #expect(trailing.reason.contains("after the closing"))

        let truncated = try #require(parseError("[[1679004900000,1,2,0.5,1.5,3],"))
        #expect(truncated.row == 2 && truncated.reason.contains("end of input"))

        #expect(parseError("[[1679004900000,nan,2,0.5,1.5,3]]")?.field == "open")
        #expect(parseError("[[1679004900000,-1,2,0.5,1.5,3]]")?.field == "low")
        #expect(parseError("[[1679004900000,1,2,0.5,1.5,-3]]")?.field == "volume")
        #expect(parseError("")?.reason.contains("empty") == true)
        #expect(parseError(" \n")?.reason.contains("empty") == true)
    }
}

@Suite(.cpuBound) struct BinanceKlineCSVParserTests {
    static let row = "1704067200000,42283.58,42554.57,42261.02,42475.23,1271.68108,1704070799999,53957248.9739061,47134,682.57581,28957416.8198202,0"

    @Test func readsTheTwelveColumnLayoutWithoutHeader() throws {
        let bars = try parse(Self.row + "\n" + Self.row.replacingOccurrences(of: "1704067200000", with: "1704070800000") + "\n")
        #expect(bars.count == 2 && bars[0].timeframe == .h1)
        #expect(bars[0].volume == FixedDecimal("1271.68108")!)
        #expect(bars[0].quoteVolume == FixedDecimal("53957248.9739061")!)
        #expect(bars[0].tradeCount == 47_134 && bars[0].takerBuyVolume == FixedDecimal("682.57581")!)
    }

    @Test func readsAHeaderAndCRLF() throws {
        let header = "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore"
        let bars = try parse(header + "\r\n" + Self.row + "\r\n", timeframe: .h1)
        #expect(bars.count == 1 && bars[0].tradeCount == 47_134)
    }

    @Test func readsMicrosecondOpenTimes() throws {
        let bars = try parse("1735689600000000,1,2,0.5,1.5,3\n", timeframe: .m1)
        #expect(bars[0].openTime == Timestamp(milliseconds: 1_735_689_600_000))
    }

    @Test func readsDateColumnsAndCommentLines() throws {
        let bars = try parse("""
        # a comment
        #
        date,open,high,low,close,volume,close_time,quote_asset_volume,number_of_trades,taker_buy_base_asset_volume,taker_buy_quote_asset_volume
        2024-01-01 00:00:00,42283.58,42554.57,42261.02,42475.23,1271.68108,2024-01-01 00:59:59,53957248.9739061,47134,682.57581,28957416.8198202
        2024-01-01 01:00:00,1,2,0.5,1.5,3,2024-01-01 01:59:59,1,1,1,1
        """)
        #expect(bars.count == 2 && bars[0].timeframe == .h1)
        #expect(bars[0].openTime == Timestamp(milliseconds: 1_704_067_200_000))
        #expect(try parse("date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,3\n", timeframe: .d1)[0].openTime
            == Timestamp(milliseconds: 1_704_153_600_000))
    }

    @Test func errorsNameLineRowAndField() throws {
        let text = "# c\nopen_time,open,high,low,close,volume\n1704067200000,1,2,0.5,1.5,3\n1704067260000,1,2,0.5,1.5,abc\n"
        let e = try #require(parseError(text))
        #expect(e.line == 4 && e.row == 2 && e.field == "volume")
        #expect(e.description.hasPrefix("t:4: row 2, field volume:"))

        #expect(parseError("open,high,low,close,volume\n1,2,0.5,1.5,3\n")?.field == "open_time")
        #expect(parseError("1704067200000,1,2,0.5\n")?.reason.contains("at least 6 fields") == true)
        #expect(parseError("1704067200000,1,2,0.5,1.5,3\n1704067260000,1,2,0.5,1.5\n")?.line == 2)
        #expect(parseError("2024-13-01 00:00:00,1,2,0.5,1.5,3\n")?.field == "open_time")
        #expect(parseError("1704067200,1,2,0.5,1.5,3\n")?.field == "open_time")  // seconds, not ms
        #expect(parseError(Self.row.replacingOccurrences(of: ",47134,", with: ",-1,"))?.field == "count")
    }
}

@Suite(.cpuBound) struct KlineFileTests {
    @Test func detectsTheLayoutFromContent() {
        #expect(KlineFormat.detect(bytes("\n  [[1,2]]")) == .freqtradeJSON)
        #expect(KlineFormat.detect(bytes("open_time,open")) == .binanceCSV)
        #expect(KlineFormat.detect(bytes("1704067200000,1")) == .binanceCSV)
    }

    @Test func infersTheTimeframeFromTheUsualStep() throws {
        // Steps of 5m, 5m, 5m and one odd 2m step: 5m wins.
        let text = [0, 5, 10, 15, 17].map { "\(1_704_067_200_000 + $0 * 60_000),1,2,0.5,1.5,3" }.joined(separator: "\n")
        #expect(try parse(text).first?.timeframe == .m5)
        #expect(parseError("1704067200000,1,2,0.5,1.5,3\n", timeframe: nil)?.reason.contains("fewer than two") == true)
        #expect(parseError("1704067200000,1,2,0.5,1.5,3\n1704067207000,1,2,0.5,1.5,3\n", timeframe: nil) != nil)
    }

    @Test func barCSVUsesCanonicalDecimals() throws {
        let bars = try parse("[[1679004900000,24934.20,1e5,0.50,24934.2,0.000]]", timeframe: .m1)
        #expect(BarCSV.document(bars) == "open_time_ms,open,high,low,close,volume\n1679004900000,24934.2,100000,0.5,24934.2,0\n")
    }
}
