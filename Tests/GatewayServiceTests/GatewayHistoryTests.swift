import ArenaBus
import ArenaCore
import ArenaStore
import ArenaTesting
import ArenaWire
import Foundation
import MarketData
import Testing

/// The gateway (its component, in this process) replays the sample capture into its store; its
/// history answers equal both the stored rows and an independent rebuild.
@Suite(.serialized) struct GatewayHistoryTests {
    static let capture = TestGateway.repo.appendingPathComponent("data/samples/spot_btcusdt_20240808-first12000.gz").path
    static let btc = Symbol(unchecked: "BTCUSDT"), binance = VenueID(unchecked: "binance")

    /// The trades of the sample capture, decoded outside the gateway (seconds
    /// of CPU in a debug build, so off the cooperative pool).
    static func captureTrades() async throws -> [Trade] {
        try await OffPool.run {
            let decoder = BinanceStreamDecoder(venue: binance, market: .spot)
            var source = CaptureSource(lines: try ByteLines(path: capture)) { frame, at in
                try decoder.decode(Data(frame), receivedAt: at, snapshotSymbol: btc)
            }
            var trades: [Trade] = []
            while let e = try source.next() { if case .market(.trade(let t)) = e { trades.append(t) } }
            return trades
        }
    }

    @Test func historyReturnsExactlyWhatWasStored() async throws {
        let gateway = try TestGateway(.inProcess, market: """
            symbols: [BTCUSDT]
            timeframes: [1m, 5m]
            bars_from: trades
            replay:
              speed: 0
              files: [{path: "\(Self.capture)", format: capture, symbol: BTCUSDT}]
            """)
        defer { gateway.stop() }
        let counters = try await gateway.waitForFeed()
        let expected = try await Self.captureTrades()
        #expect(counters["trades"] == Int64(expected.count))
        #expect(counters["duplicates"] == 0 && counters["gap_trades"] == 0 && counters["book_resyncs"] == 0)
        #expect((counters["depth_updates"] ?? 0) > 0)

        // Trades, paged 500 at a time with the (time, id) cursor: every one, once, in order.
        let range = TimeRange(from: expected.first!.eventTime, to: expected.last!.eventTime.advanced(by: .milliseconds(1)))
        let got = try await gateway.history.trades(Self.btc, in: range)
        #expect(got.map(\.tradeID) == expected.map(\.tradeID))
        #expect(got.map(\.price) == expected.map(\.price) && got.map(\.quantity) == expected.map(\.quantity))
        #expect(got.map(\.takerSide) == expected.map(\.takerSide) && got.map(\.eventTime) == expected.map(\.eventTime))

        // 1m bars equal an independent rebuild from the same trades (the stream's first minute is partial and withheld).
        var pipeline = try TradeBarPipeline(venue: Self.binance, symbol: Self.btc, timeframes: [.m1])
        var rebuilt: [Bar] = []
        for t in expected { try pipeline.add(t, into: &rebuilt) }
        let wide = TimeRange(from: Timestamp(nanoseconds: 0), to: Timestamp(nanoseconds: .max))
        let bars = try await gateway.ask(BarsQuery(symbol: Self.btc, timeframe: .m1, range: wide), BarsReply.self)
        #expect(!bars.bars.isEmpty && !bars.truncated)
        #expect(bars.bars == Array(rebuilt.dropFirst()))

        // The answers are the stored rows themselves.
        let db = try await Store.open(.sqlite(path: gateway.storePath))
        let storedTrades = try await db.query("SELECT * FROM gateway_md_trades ORDER BY event_time, trade_id", []).map { try Trade(row: $0) }
        let storedBars = try await db.query("SELECT * FROM gateway_md_bars WHERE timeframe = '1m' ORDER BY open_time", []).map { try Bar(row: $0) }
        await db.close()
        #expect(storedTrades == got)
        #expect(storedBars == bars.bars)

        // Latest price is the last trade; coverage reports the 1m span without holes.
        let latest = try await gateway.ask(LatestPricesQuery(symbols: [Self.btc]), LatestPricesReply.self)
        #expect(latest.prices == [LatestPrice(symbol: Self.btc, price: expected.last!.price, time: expected.last!.eventTime)])
        let coverage = try await gateway.ask(CoverageQuery(symbols: [Self.btc], timeframes: [.m1]), CoverageReply.self)
        #expect(coverage.entries.first?.bars == Int64(bars.bars.count) && coverage.entries.first?.missingBars == 0)
    }

    @Test func badHistoryRequestsGetTypedErrors() async throws {
        let gateway = try TestGateway(.inProcess, market: """
            symbols: [BTCUSDT]
            replay:
              speed: 0
              files: [{path: "\(Self.capture)", format: capture, symbol: BTCUSDT}]
            """)
        defer { gateway.stop() }
        _ = try await gateway.waitForFeed()
        let t = Timestamp(milliseconds: 1_723_161_600_000)
        await #expect(throws: BusError.self) {
            _ = try await gateway.ask(BarsQuery(symbol: Self.btc, timeframe: .m1, range: TimeRange(from: t, to: t)), BarsReply.self)
        }
        do {
            _ = try await gateway.ask(TradesQuery(symbol: Self.btc, range: TimeRange(from: t, to: t.advanced(by: .seconds(1))), limit: 0), TradesReply.self)
            Issue.record("a zero limit was accepted")
        } catch let BusError.remote(reply) {
            #expect(reply.code == "bad_request")
        }
    }
}
