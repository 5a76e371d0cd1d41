import Arena
import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaStore
import ArenaTesting
import Foundation
import GatewayService
import MarketData
import MarketDataLive
import Testing

/// The gateway on a perpetual market from live Binance (the fake exchange,
/// over real HTTP) polls the positioning statistics, stores each period's
/// point in its own table and publishes it on `md.pos.<SYMBOL>`; until the
/// venue has a point it keeps asking, and says so in its counters.
@Suite(.serialized) struct GatewayPositioningTests {
    static let usdm = VenueID(unchecked: "binance-usdm")
    static let btc = Symbol(unchecked: "BTCUSDT"), eth = Symbol(unchecked: "ETHUSDT")

    @Test func pointsArePolledStoredAndPublishedOnMdPos() async throws {
        let exchange = try await FakeExchange(FakeExchange.Configuration())
        defer { exchange.stop() }
        let port = exchange.port
        let gateway = try TestGateway(.inProcess, market: """
            venue: binance-usdm
            kind: perpetual
            symbols: [BTCUSDT, ETHUSDT]
            timeframes: [1m]
            source: binance
            binance: {ws_url: "ws://127.0.0.1:\(port)/usdm", rest_url: "http://127.0.0.1:\(port)"}
            positioning: {retry_ms: 200}
            """)
        defer { gateway.stop() }
        let points = try gateway.transport.subscriber(
            of: Positioning.self, service: ServiceName(unchecked: "positioning-test"), connect: [gateway.pub],
            topics: [MarketTopics.positioningPrefix], bufferCapacity: 64
        )

        // The venue has nothing yet: polled at start (on by default for a perpetual from Binance), asked again.
        try await eventually("polls that find nothing", timeout: .seconds(60)) { try await gateway.counter("positioning_requests") >= 12 }
        #expect(try await gateway.counter("positioning_published") == 0)

        // The venue publishes the current period; the next retry takes it.
        let period = Timeframe.m5.openTime(containing: WallClock().now())
        var expected: [Positioning] = []
        for (symbol, oi) in [(Self.btc, "81234.567"), (Self.eth, "1923456.01")] {
            let value = try FixedDecimal(parsing: oi) * 60_000
            exchange.statistics.add(openInterest: BinanceOpenInterestPoint(
                symbol: symbol, openInterest: try FixedDecimal(parsing: oi), openInterestValue: value, time: period
            ))
            exchange.statistics.add(accountRatio: ratio(symbol, "1.9559", long: "0.6617", period), top: false)
            exchange.statistics.add(accountRatio: ratio(symbol, "1.8105", long: "0.6442", period), top: true)
            expected.append(Positioning(
                venue: Self.usdm, symbol: symbol, period: .m5, openInterest: try FixedDecimal(parsing: oi), openInterestValue: value,
                longShortRatio: try FixedDecimal(parsing: "1.9559"), topTraderLongShare: try FixedDecimal(parsing: "0.6442"), eventTime: period
            ))
        }
        try await eventually("both points published", timeout: .seconds(60)) { try await gateway.counter("positioning_published") == 2 }

        // Published once each, on md.pos.<SYMBOL>.
        var received: [Delivered<Positioning>] = []
        for await message in points.messages {
            received.append(message)
            if received.count == 2 { break }
        }
        #expect(received.map(\.topic).sorted() == ["md.pos.BTCUSDT", "md.pos.ETHUSDT"])
        #expect(received.map(\.value).sorted { $0.symbol < $1.symbol } == expected)

        // Stored in the gateway's table, and counted by the kernel once each.
        let database = try await Store.open(.sqlite(path: gateway.storePath))
        let query = "SELECT * FROM \(GatewayTables.positioning.ref.sql) ORDER BY symbol"
        try await eventually("both points stored", timeout: .seconds(30)) { try await database.query(query, []).count == 2 }
        #expect(try await database.query(query, []).map { try Positioning(row: $0) } == expected)
        try await eventually("the kernel's count") { try await gateway.counter("positioning") == 2 }
        await points.close()
        await database.close()
    }

    @Test func theSwitchIsOnForAPerpetualFromBinanceAndRefusedElsewhere() throws {
        let path = TestGateway.repo.appendingPathComponent("config/arena.yaml").path
        func market(_ environment: [String: String]) throws -> MarketConfig {
            try ArenaConfig.load(path: path, environment: environment, catalogue: ArenaCatalogue.catalogue).section(MarketConfig.self)
        }
        #expect(try !market([:]).pollsPositioning)  // spot, replay
        let live = ["ARENA_MARKET__KIND": "perpetual", "ARENA_MARKET__SOURCE": "binance"]
        #expect(try market(live).pollsPositioning)
        #expect(try !market(live.merging(["ARENA_MARKET__POSITIONING__ENABLED": "false"]) { $1 }).pollsPositioning)
        #expect(try market(live).positioning.schedule == PositioningSchedule())
        #expect {
            try market(["ARENA_MARKET__POSITIONING__ENABLED": "true"])
        } throws: { "\($0)".contains("market.positioning.enabled") }
        #expect {
            try market(live.merging(["ARENA_MARKET__POSITIONING__PATIENCE_MS": "290000"]) { $1 })
        } throws: { "\($0)".contains("market.positioning.patience_ms") }
    }

    private func ratio(_ symbol: Symbol, _ ratio: String, long: String, _ time: Timestamp) -> BinanceAccountRatioPoint {
        let share = try! FixedDecimal(parsing: long)
        return BinanceAccountRatioPoint(
            symbol: symbol, longShortRatio: try! FixedDecimal(parsing: ratio), longAccount: share, shortAccount: FixedDecimal.one - share, time: time
        )
    }
}
