import ArenaCore
import ArenaTesting
import Foundation
import MarketData
import Testing

/// Line reading (plain and gzip), funding and liquidation rows, capture lines, and their errors.
@Suite(.cpuBound) struct ReplayInputTests {
    private func lines(_ source: inout ByteLines) throws -> [String] {
        var out: [String] = []
        while let r = try source.next() { out.append(source.withLine(r) { String(decoding: $0, as: UTF8.self) }) }
        return out
    }

    @Test func linesKeepBlankLinesAndDropCarriageReturns() throws {
        var source = ByteLines(bytes: Array("a\r\n\nb\nlast".utf8), source: "m")
        #expect(try lines(&source) == ["a", "", "b", "last"])
        #expect(source.lineNumber == 4)
    }

    /// A file larger than one read chunk, gzipped by the system's gzip, comes back byte for byte.
    @Test func gzipStreamsAcrossChunksAndMembers() async throws {
        let text = (0..<200_000).map { "line \($0) \(String(repeating: "x", count: $0 % 50))" }.joined(separator: "\n") + "\n"
        let path = try await ReplayTest.gzipped(Array(text.utf8))
        var source = try ByteLines(path: path)
        let read = try lines(&source)
        #expect(read.count == 200_000 && read.joined(separator: "\n") + "\n" == text)
        #expect(try ByteLines.contents(path: path) == Array(text.utf8))

        // Two members back to back (cat a.gz b.gz) read as their concatenation, as zcat does.
        let second = try await ReplayTest.gzipped(Array("more\n".utf8))
        let both = ReplayTest.temporaryPath(".gz")
        try (Data(contentsOf: URL(fileURLWithPath: path)) + Data(contentsOf: URL(fileURLWithPath: second))).write(to: URL(fileURLWithPath: both))
        #expect(try ByteLines.contents(path: both) == Array((text + "more\n").utf8))
    }

    @Test func truncatedOrCorruptGzipIsAnError() async throws {
        let path = try await ReplayTest.gzipped(Array(String(repeating: "0123456789,", count: 50_000).utf8))
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let cut = ReplayTest.temporaryPath(".gz")
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: cut))
        let truncated = try #require(ReplayTest.error { _ = try ByteLines.contents(path: cut) })
        #expect(truncated.reason.contains("truncated"))
        var bad = [UInt8](data)
        // Past the header (which holds the file name), inside the deflate data.
        for i in (bad.count / 2)..<(bad.count / 2 + 40) { bad[i] ^= 0x5A }
        try Data(bad).write(to: URL(fileURLWithPath: cut))
        let corrupt = try #require(ReplayTest.error { _ = try ByteLines.contents(path: cut) })
        #expect(corrupt.reason.contains("corrupt"))
        let missing = try #require(ReplayTest.error { _ = try ByteLines(path: "/nonexistent/x.gz") })
        #expect(missing.line == 0 && missing.reason.contains("cannot open"))
    }

    @Test func binanceFundingLayoutAndErrors() throws {
        let text = "calc_time,funding_interval_hours,last_funding_rate\n1722470400000,8,0.00010000\n1722499200000,8,-6.12e-06\n"
        let events = try ReplayTest.drain(FundingCSVSource(lines: ByteLines(bytes: Array(text.utf8), source: "f"), venue: ReplayTest.binance, symbol: ReplayTest.btc))
        #expect(events == [
            .funding(FundingRate(venue: ReplayTest.binance, symbol: ReplayTest.btc, rate: FixedDecimal("0.0001")!, eventTime: Timestamp(milliseconds: 1_722_470_400_000))),
            .funding(FundingRate(venue: ReplayTest.binance, symbol: ReplayTest.btc, rate: FixedDecimal("-0.00000612")!, eventTime: Timestamp(milliseconds: 1_722_499_200_000))),
        ])
        let bad = try #require(ReplayTest.error {
            _ = try ReplayTest.drain(FundingCSVSource(lines: ByteLines(bytes: Array((text + "1722528000000,8,x\n").utf8), source: "f"), venue: ReplayTest.binance, symbol: ReplayTest.btc))
        })
        #expect(bad.line == 4 && bad.field == "rate")
        let headerless = try #require(ReplayTest.error {
            _ = try FundingCSVSource(lines: ByteLines(bytes: Array("1722470400000,8,0.0001\n".utf8), source: "f"), venue: ReplayTest.binance, symbol: ReplayTest.btc)
        })
        #expect(headerless.line == 1 && headerless.reason.contains("needs a header"))
    }

    @Test func liquidationSymbolsAreNormalisedAndBadRowsNamed() throws {
        let rows = "BTC,SELL,LIMIT,IOC,0.025,59935.28,59697.40,FILLED,0.025,0.025,1723971641090,1498.382\n"
            + "1000PEPEUSDT,BUY,LIMIT,IOC,100,0.0075,0.0076,FILLED,100,100,1723971641091,0.75\n"
        let events = try ReplayTest.drain(LiquidationCSVSource(lines: ByteLines(bytes: Array(rows.utf8), source: "l"), venue: ReplayTest.binance))
        let l = events.compactMap { if case .market(.liquidation(let l)) = $0 { l } else { nil } }
        #expect(l.map(\.symbol.value) == ["BTCUSDT", "1000PEPEUSDT"])
        // A SELL liquidation closes a long.
        #expect(l[0].side == .sell && !l[0].liquidatedShort && l[1].liquidatedShort)
        let bad = try #require(ReplayTest.error {
            _ = try ReplayTest.drain(LiquidationCSVSource(lines: ByteLines(bytes: Array((rows + "ETH,HOLD,LIMIT,IOC,1,1,1,FILLED,1,1,1723971641092,1\n").utf8), source: "l"), venue: ReplayTest.binance))
        })
        #expect(bad.line == 3 && bad.field == "side")
    }

    @Test func captureStampsAreExactAndBadLinesNamed() throws {
        var seen: [Timestamp] = []
        let text = "wss://x <-> 1.5\n1633998512.0633569: {}\n1633998513: {}\n1723161254087896568 {}\n"
        var source = CaptureSource(lines: ByteLines(bytes: Array(text.utf8), source: "c"), format: .cryptofeed) { _, t in seen.append(t); return [] }
        let e = try #require(ReplayTest.error { while try source.next() != nil {} })
        #expect(seen == [Timestamp(nanoseconds: 1_633_998_512_063_356_900), Timestamp(nanoseconds: 1_633_998_513_000_000_000)])
        // The hftbacktest-style line has no ':' separator for the cryptofeed format.
        #expect(e.line == 4 && e.reason.contains("separator"))

        var failing = CaptureSource(lines: ByteLines(bytes: Array("1 {}\n2 {oops}\n".utf8), source: "c")) { frame, _ in
            guard frame.count == 2 else { throw ReplayTest.DecodeFailure() }
            return []
        }
        let decode = try #require(ReplayTest.error { while try failing.next() != nil {} })
        #expect(decode.line == 2 && decode.field == "frame" && decode.reason.contains("does not decode"))

        var junk = CaptureSource(lines: ByteLines(bytes: Array("hello world\n".utf8), source: "c")) { _, _ in [] }
        #expect(ReplayTest.error { _ = try junk.next() }?.reason.contains("not a capture line") == true)
    }
}

extension ReplayTest {
    struct DecodeFailure: Error {}
}
