import ArenaBus
import ArenaCore
import ArenaTesting
import Foundation
import GatewayService
import Logging
import MarketData
import MarketDataLive
import Testing

/// Minutes missing from a venue kline stream are filled from the venue's REST
/// klines (here the fake exchange's, over real HTTP) before the next kline is
/// processed; without a history they are reported missing.
@Suite struct KlineRepairTests {
    static let btc = Symbol(unchecked: "BTCUSDT"), binance = VenueID(unchecked: "binance")
    static let key = InstrumentKey(venue: binance, symbol: btc)

    /// A pipeline building bars from klines, publishing on a free port, with `history` for repairs.
    func pipeline(_ history: (any KlineHistorySource)?) throws -> GatewayPipeline {
        let publisher = try Publisher(service: ServiceName(unchecked: "gateway-test"), bind: ["tcp://127.0.0.1:*"])
        let outputs = MarketOutputs(
            publisher: publisher, storage: nil, service: ServiceName(unchecked: "gateway"), clock: WallClock(),
            logger: Logger(label: "test")
        )
        let kernel = try MarketKernel(configuration: KernelConfiguration(timeframes: [.m1], barSource: .klines), universe: [Self.key])
        return GatewayPipeline(kernel: kernel, outputs: outputs, klines: history, logger: Logger(label: "test"))
    }

    @Test func missingMinutesAreFilledFromREST() async throws {
        var configuration = FakeExchange.Configuration()
        configuration.spotFiles = [TestGateway.repo.appendingPathComponent("data/samples/spot_btcusdt_20240808-first12000.gz")]
        let exchange = try await FakeExchange(configuration)
        defer { exchange.stop() }
        let rest = BinanceRESTClient(venue: Self.binance, market: .spot, baseURL: "http://127.0.0.1:\(exchange.port)")
        let all = try await rest.klines(
            symbol: Self.btc, timeframe: .m1, start: Timestamp(nanoseconds: 0), end: Timestamp(milliseconds: 1_723_161_600_000)
        )
        // The sample spans 23:54:15 → 23:56:03: three minutes, all closed long ago.
        #expect(all.map(\.openTime.milliseconds) == [1_723_161_240_000, 1_723_161_300_000, 1_723_161_360_000])
        #expect(all.allSatisfy { $0.isClosed })

        // The stream delivers the first and the last minute; the middle one is fetched.
        let repaired = try pipeline(BinanceHistory(rest: rest))
        await repaired.ingest([.kline(all[0]), .kline(all[2])])
        let covered = try #require(await repaired.coverage.first { $0.timeframe == .m1 })
        #expect(covered.bars == 3 && covered.missingBars == 0)
        #expect(await repaired.counters.bars == 3)

        // Without a history the hole stays, and is reported.
        let unrepaired = try pipeline(nil)
        await unrepaired.ingest([.kline(all[0]), .kline(all[2])])
        let holed = try #require(await unrepaired.coverage.first { $0.timeframe == .m1 })
        #expect(holed.bars == 2 && holed.missingBars == 1)
        #expect(await unrepaired.counters.missingBars == 1)
    }
}
