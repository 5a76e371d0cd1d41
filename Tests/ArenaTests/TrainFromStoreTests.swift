import ArenaCore
import ArenaStore
import Foundation
import ArenaTesting
import GatewayService
import MarketData
import Testing

/// `arena train` reads history from the store as well as from files: the
/// bars the market gateway stored give the same feature rows, byte for byte,
/// as the kline file they came from.
@Suite struct TrainFromStoreTests {
    @Test func storedBarsGiveTheSameRowsAsTheirFile() async throws {
        let folder = try ReplayAgreementTests.folder("train-store")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = ReplayAgreementTests.repo.appendingPathComponent("data/samples/BTC_USDT-5m.json").path
        let storePath = folder.appendingPathComponent("arena.sqlite").path
        let database = try await Store.open(.sqlite(path: storePath))
        _ = try await Migrator(database: database).migrate([.gateway])
        let bars = try KlineFile.bars(atPath: file, venue: VenueID("binance"), symbol: Symbol("BTCUSDT"), timeframe: .m5)
        // Bars of another symbol beside them, which must not be read.
        let noise = bars.prefix(50).map { bar in
            var other = bar
            other.symbol = Symbol(unchecked: "ETHUSDT")
            return other
        }
        try await TableSink<Bar>(database: database).write(bars + noise)
        await database.close()

        let arena = ReplayAgreementTests.build.appendingPathComponent("arena")
        let fromFile = folder.appendingPathComponent("file.csv").path, fromStore = folder.appendingPathComponent("store.csv").path
        let until = "2023-04-01T00:00:00Z"
        for arguments in [
            ["train", "features", "--data", "\(file):BTCUSDT", "--until", until, "--output", fromFile],
            ["train", "features", "--store", "sqlite:\(storePath)", "--symbol", "BTCUSDT", "--until", until, "--output", fromStore],
        ] {
            let run = try await ChildProcess.run(arena, arguments, replacingArenaVariables: true)
            #expect(run.status == 0, "\(arguments): \(run)")
        }
        let a = try Data(contentsOf: URL(fileURLWithPath: fromFile)), b = try Data(contentsOf: URL(fileURLWithPath: fromStore))
        #expect(a.count > 100_000)
        #expect(a == b)
    }
}
