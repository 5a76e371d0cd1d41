import Analytics
import Arena
import ArenaCore
import ArenaRuntime
import ArenaStore
import Backtest
import GatewayService
import MarketData
import Foundation
import ReporterService
import Testing

/// A backtest's store, read as a live arena's is: the audit log's chain holds, it has every
/// decision, verdict, order event and fill of the run, and a reporter restored from it shows the
/// leaderboard the backtest reported.
@Suite(.cpuBound) struct BacktestStoreTests {
    @Test func aReporterReadsTheRunFromItsStore() async throws {
        let (directory, summary) = try await BacktestStudyTests.run()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try await Store.open(url: "sqlite:" + directory.appendingPathComponent(Backtest.defaultStoreFile).path)
        defer { Task { await database.close() } }

        let audit = try await AuditVerifier(database: database).verify()
        #expect(audit.isIntact, "\(audit.problems)")
        let kinds = try await database.query(#"SELECT kind, COUNT(*) AS n FROM "audit_log" GROUP BY kind"#, [])
        let count = Dictionary(uniqueKeysWithValues: try kinds.map { (try $0.decode("kind", as: String.self), try $0.decode("n", as: Int64.self)) })
        let model = try #require(summary.models.first)
        #expect(count["decision"] == Int64(summary.rounds) && count["verdict"] == Int64(summary.rounds))
        #expect(count["fill"] == Int64(model.fills))
        #expect(count["order_event"] ?? 0 >= Int64(2 * model.fills), "each order is at least accepted and filled")
        #expect(audit.rows == count.values.reduce(0, +))

        let state = ReporterState(book: ArenaBook(models: [model.model], capital: summary.startingCapital))
        let restored = try await ReporterHistory.restore(into: state, database: database)
        let curve = try String(contentsOf: directory.appendingPathComponent("equity-\(model.model).csv"), encoding: .utf8)
        #expect(restored.events == audit.rows)
        #expect(restored.navPoints == curve.split(separator: "\n").count - 1, "the NAV curve the backtest wrote, point for point")
        let board = await state.leaderboard()
        let row = try #require(board.rows.first { $0.id == model.model.value })
        #expect(row.nav == model.finalEquity.doubleValue)
        #expect(row.returnMetrics == model.metrics)
    }
}

/// Every record row of a run's store, by table (the migration history, stamped when it ran, aside).
enum StoredRecords {
    static let tables = [
        "audit_log", "reporter_accounts", "reporter_events", "reporter_nav", "reporter_reports", "reporter_symbols",
    ]

    static func rows(in directory: URL) async throws -> [String: [SQLRow]] {
        let database = try await Store.open(url: "sqlite:" + directory.appendingPathComponent(Backtest.defaultStoreFile).path)
        var result: [String: [SQLRow]] = [:]
        for table in tables { result[table] = try await database.query("SELECT * FROM \"\(table)\" ORDER BY 1, 2, 3", []) }
        await database.close()
        return result
    }
}

/// A backtest of what a gateway stored is the backtest of the file the gateway read.
@Suite(.cpuBound) struct BacktestFromStoreTests {
    @Test func aStudyOfStoredBarsEqualsTheStudyOfTheirFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backtest-from-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let study = StudyConfig(
            model: "ema_cross", data: BacktestStudyTests.data, symbol: Symbol(unchecked: "BTCUSDT"), feeBps: 5, slippageBps: 0, cash: 10_000
        )
        let config = try ArenaConfig.parse(yaml: study.yaml, source: "study", catalogue: ArenaCatalogue.catalogue)
        let fromFile = try BacktestSetup(config)

        // The gateway's tables, holding the file's bars as a gateway that read them stores them.
        let url = "sqlite:" + folder.appendingPathComponent("gateway.sqlite").path
        let database = try await Store.open(url: url)
        _ = try await Migrator(database: database).migrate(.gateway)
        var source = try ReplayFileOpener.open(try #require(fromFile.market.replay.files.first), market: fromFile.market)
        var bars: [Bar] = []
        while let event = try source.next() {
            if case .market(.bar(let bar)) = event { bars.append(bar) }
        }
        try await TableSink<Bar>(database: database).write(bars)
        await database.close()
        #expect(bars.count == 4_320)

        let everything = TimeRange(from: Timestamp(nanoseconds: 0), to: Timestamp(nanoseconds: .max))
        let fromStore = try BacktestSetup(config, input: .store(url: url, range: everything))
        let a = try await Backtest.run(fromFile, into: folder.appendingPathComponent("file"), records: false)
        let b = try await Backtest.run(fromStore, into: folder.appendingPathComponent("store"), records: false)
        #expect(a.bars == 4_320 && b.bars == a.bars && b.rounds == a.rounds)
        for name in ["summary.json", "fills.csv", "equity-ema_cross.csv"] {
            let file = try Data(contentsOf: folder.appendingPathComponent("file/\(name)"))
            #expect(try Data(contentsOf: folder.appendingPathComponent("store/\(name)")) == file, "\(name) differs")
        }

        // A range the store holds nothing of is refused, naming the symbol.
        let empty = try BacktestSetup(config, input: .store(url: url, range: TimeRange(from: Timestamp(nanoseconds: 0), to: Timestamp(nanoseconds: 1))))
        await #expect { try await Backtest.run(empty, into: folder.appendingPathComponent("empty"), records: false) } throws: { error in
            "\(error)".contains("no closed 1m bars of BTCUSDT")
        }
    }
}
