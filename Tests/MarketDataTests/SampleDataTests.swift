import ArenaCore
import Foundation
import Testing
import MarketData

/// `data/samples/` holds exact slices of the real data set (data/samples/SOURCES.md says which).
@Suite(.enabled(if: SharedData.available, "needs ../shared/data"))
struct SampleDataTests {
    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/samples")

    @Test(arguments: [("BTCUSDT", "BTC_USDT-1m.json"), ("ETHUSDT", "ETH_USDT-1m.json")])
    func klinesAreThreeDaysOfTheSource(symbol: String, source: String) throws {
        let sample = try KlineFile.bars(
            atPath: Self.samples.appendingPathComponent("\(symbol)-1m-20230401-20230403.json").path,
            venue: SharedData.binance, symbol: try Symbol(symbol)
        )
        let all = try SharedData.bars("binance_spot_freqtrade_json/\(source)", symbol: symbol)
        let from = Timestamp(milliseconds: 1_680_307_200_000), to = from.advanced(by: .seconds(3 * 86_400))
        #expect(sample.count == 4_320)
        #expect(sample == all.filter { $0.openTime >= from && $0.openTime < to })
    }

    @Test(arguments: ["BTC", "ETH"])
    func fundingIsTheSourceUnchanged(base: String) throws {
        let shared = SharedData.raw.deletingLastPathComponent().appendingPathComponent("csv/\(base)_USDT_USDT-8h-funding_rate.csv")
        let sample = Self.samples.appendingPathComponent("\(base)USDT-8h-funding.csv")
        #expect(try Data(contentsOf: sample) == Data(contentsOf: shared))
    }

    @Test(arguments: ["btcusdt", "ethusdt"])
    func capturesAreTheFirstLinesOfTheSource(symbol: String) throws {
        let sample = try CaptureLines.hftbacktest(at: Self.samples.appendingPathComponent("spot_\(symbol)_20240808-head12000.gz"))
        let source = try CaptureLines.hftbacktest("spot_\(symbol)_20240808")
        #expect(sample.count == 12_000)
        #expect(sample.map(\.json) == source.prefix(12_000).map(\.json))
        #expect(sample.map(\.receivedAt) == source.prefix(12_000).map(\.receivedAt))
    }
}
