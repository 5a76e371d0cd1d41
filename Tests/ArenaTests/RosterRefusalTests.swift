import Arena
import ArenaRuntime
import ArenaTesting
import Foundation
import Testing

/// A roster that cannot run is refused before anything starts, with a
/// message naming the key: by `arena config check`, and by the feature
/// engine and the scorer at start (issue: "an unknown kind, an unknown
/// parameter, a wrong type and a need the snapshot cannot meet are each
/// refused with a message that names the key, both at start and by
/// `arena config check`").
@Suite struct RosterRefusalTests {
    static let cases: [(roster: String, key: String, reason: String)] = [
        ("- {id: a, kind: tea_leaves}", "models[0].kind", "unknown model kind 'tea_leaves'"),
        ("- {id: a, kind: ema_trend, params: {ema_fastest: 5}}", "models[0].params.ema_fastest", "ema_trend has no parameter 'ema_fastest'"),
        ("- {id: a, kind: ema_trend, params: {ema_fast: nine}}", "models[0].params.ema_fast", "'nine' is not an integer"),
        ("- {id: a, kind: funding_rate_arbitrage}", "models[0].market.kind", "only a perpetual market has"),
        ("- {id: a, kind: orderflow}", "models[0].market", "no trade feed"),
    ]

    static func configFile(_ roster: String, in folder: URL) throws -> String {
        try TestArenaConfig(catalogue: ArenaCatalogue.catalogue, name: "refusal", sections: """
            market: {source: replay, replay: {files: [{path: none.json, format: klines, symbol: BTCUSDT}]}}
            models:
              \(roster.replacingOccurrences(of: "\n", with: "\n  "))
            """).write(in: folder)
    }

    @Test(arguments: 0..<cases.count)
    func refusedByConfigCheckAndAtStart(index: Int) async throws {
        let (roster, key, reason) = Self.cases[index]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("refusal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.configFile(roster, in: folder)

        let check = try await ChildProcess.run(TestData.debugBuild.appendingPathComponent("arena"), ["config", "check", "--config", path], replacingArenaVariables: true)
        #expect(check.status == 2, "\(check)")
        #expect(check.stderr.contains(key) && check.stderr.contains(reason), "\(check)")

        for service in ["arena-features", "arena-scorer"] {
            let start = try await ChildProcess.run(TestData.debugBuild.appendingPathComponent(service), [], environment: ["ARENA_CONFIG": path], replacingArenaVariables: true)
            #expect(start.status == 78, "\(service): \(start)")
            let output = start.stdout + start.stderr
            #expect(output.contains(key) && output.contains(reason), "\(service): \(start)")
        }
    }
}
