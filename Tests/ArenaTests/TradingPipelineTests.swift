import Arena
import ArenaCore
import ArenaRuntime
import ArenaStore
import ArenaTesting
import Foundation
import Testing

/// The whole arena in one process over the in-process transport, on four
/// hours of real BTC and ETH klines replayed at 600× (a 30-minute tick every
/// three seconds, so each round's orders reach the OMS before the market
/// moves on): every decision gets one verdict from the
/// real risk guard, approved orders reach the real OMS and fill on the bars
/// after their tick, and the ledgers come back to the models in their jobs
/// (the buy-and-hold baseline buys once, then holds what its ledger shows).
@Suite(.serialized) struct TradingPipelineTests {
    static let models = ["holder": "{kind: buy_and_hold}", "idle": "{kind: all_cash}"]

    @Test func decisionsBecomeVerdictsOrdersFillsAndLedgers() async throws {
        let folder = try ReplayAgreementTests.folder("pipeline")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = "sqlite:\(folder.appendingPathComponent("arena.sqlite").path)"
        let roster = Self.models.keys.sorted().map { "  - {id: \($0), " + Self.models[$0]!.dropFirst() }.joined(separator: "\n")
        let files = try ["BTC", "ETH"].map { coin in
            let slice = folder.appendingPathComponent("\(coin)_USDT-1m.json")
            try Self.firstHours(4, of: ReplayAgreementTests.repo.appendingPathComponent("data/samples/\(coin)_USDT-1m-20230401-20230403.json"), into: slice)
            return "{path: \(slice.path), format: klines, symbol: \(coin)USDT}"
        }
        let yaml = ReplayAgreementTests.configuration(store: store, roster: roster, files: files, speed: 600).yaml
        let config = try ArenaConfig.parse(yaml: yaml, catalogue: ArenaCatalogue.catalogue)
        let host = try ServiceHost(
            hosting: ArenaCatalogue.services, as: .supervisor, config: config, transport: .inProcess(nil), logOutput: LogOutput { _ in }
        )
        let running = Task { try await host.run() }
        defer { host.triggerGracefulShutdown(reason: "test done") }
        let lastTick = Self.start + 4 * 3_600_000
        let record = try await ReplayAgreementTests.complete(store, through: lastTick, models: Self.models.count) { "host: \(host)" }
        // Every decision judged: the risk guard has a verdict for each.
        let database = try await Store.open(url: store)
        let clock = ContinuousClock(), end = clock.now.advanced(by: .seconds(60))
        while try await Self.count(database, "risk_journal", "kind = 'verdict'") < record.decisions.count {
            guard clock.now < end else { throw AgreementError("the risk guard did not judge every decision") }
            try await Task.sleep(for: .milliseconds(200))
        }
        host.triggerGracefulShutdown(reason: "test done")
        try await running.value

        let verdicts = try await Self.count(database, "risk_journal", "kind = 'verdict'")
        #expect(verdicts == record.decisions.count, "one verdict per decision: \(verdicts) for \(record.decisions.count)")
        let holder = record.decisions.values.filter { $0.modelID.value == "holder" }.sorted { $0.tick < $1.tick }
        #expect(holder.first?.action == .buy)
        #expect(holder.filter { $0.action == .buy }.count == 1, "the holder's later jobs carried its ledger with the position it bought")
        let fills = try await database.query("SELECT recorded_time, model FROM oms_journal WHERE kind = 'fill' ORDER BY sequence", [])
        let verdictBodies = try await database.query("SELECT body FROM risk_journal WHERE kind = 'verdict' AND model = 'holder' ORDER BY sequence LIMIT 2", [])
            .map { String(decoding: try $0.decode("body", as: [UInt8].self), as: UTF8.self).prefix(1_500) }
        #expect(fills.count >= 1, "holder's first verdicts: \(verdictBodies)")
        let firstFill = try #require(fills.first).decode("recorded_time", as: Timestamp.self)
        let firstBuy = try #require(holder.first).tick
        #expect(firstFill > firstBuy, "the fill came from the market after the decision's tick")
        #expect(try await Self.count(database, "oms_journal", "kind = 'fill' AND model = 'idle'") == 0)
        await database.close()
    }

    /// The first bar of the samples opens at 2023-04-01T00:00Z.
    static let start: Int64 = 1_680_307_200_000

    /// Writes the first `hours` of a freqtrade kline file (`[[ms, o, h, l, c, v], …]`) into `slice`.
    static func firstHours(_ hours: Int, of file: URL, into slice: URL) throws {
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [[Any]])
        try JSONSerialization.data(withJSONObject: Array(rows.prefix(hours * 60))).write(to: slice)
    }

    static func count(_ database: any SQLDatabase, _ table: String, _ condition: String) async throws -> Int64 {
        try await database.query("SELECT COUNT(*) AS n FROM \(table) WHERE \(condition)", []).first?.decode("n", as: Int64.self) ?? 0
    }
}
