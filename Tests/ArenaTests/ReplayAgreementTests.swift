import Arena
import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaTesting
import FeaturesService
import Foundation
import GatewayService
import ScorerService
import Testing

/// The same code runs as separate processes over ZeroMQ and in one process
/// over the in-process transport, and decides the same: the bundled samples
/// replayed through the gateway and the feature engine, with real models
/// answered by the real scorer (an ensemble among them), give identical snapshot hashes and
/// identical recorded decisions, tick by tick.
@Suite(.serialized) struct ReplayAgreementTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let build = repo.appendingPathComponent(".build/debug")
    /// The services of both runs: the decisions' agreement is about the arena
    /// clock and the scorers, so a stand-in acknowledges decisions in place of
    /// the risk guard and there is no OMS: every account stays the opening one
    /// (with an OMS, accounts would depend on when fills arrive; the backtest's
    /// deterministic pacing is what makes whole trading runs agree).
    static var hosted: [any ServiceComponent.Type] {
        [GatewayComponent.self, FeaturesComponent.self, ScorerComponent.self, StandInRiskComponent.self]
    }
    /// The roster: real models run by the real scorer, an ensemble over two of them included.
    static let models = [
        "buyer": "{kind: buy_and_hold, params: {symbol: ETHUSDT, position_size: 0.5}}",
        "holder": "{kind: buy_and_hold}",
        "idle": "{kind: all_cash}",
        "vote": "{kind: ensemble, params: {members: [buyer, holder, idle], mode: majority}}",
    ]
    /// The last 1m bar of the samples closes at 2023-04-04T00:00Z: a 30-minute tick.
    static let lastTick: Int64 = 1_680_566_400_000

    /// The configuration of both runs, on `store`: three days of BTC and ETH
    /// klines replayed as fast as possible once the engine is ready, a
    /// decision tick every 30 minutes, indicators on 1m bars.
    static func configuration(store: String, roster: String? = nil, files: [String]? = nil, speed: Int = 0) -> TestArenaConfig {
        let files = files ?? ["BTC_USDT-1m-20230401-20230403.json": "BTCUSDT", "ETH_USDT-1m-20230401-20230403.json": "ETHUSDT"]
            .sorted { $0.key < $1.key }
            .map { "{path: \(repo.appendingPathComponent("data/samples/\($0.key)").path), format: klines, symbol: \($0.value)}" }
        let roster = roster ?? models.keys.sorted().map { "  - {id: \($0), " + models[$0]!.dropFirst() }.joined(separator: "\n")
        return TestArenaConfig(catalogue: ArenaCatalogue.catalogue, name: "agreement", store: store, sections: """
            bus: {heartbeat_interval_ms: 200}
            logging: {level: notice, format: json}
            market:
              symbols: [BTCUSDT, ETHUSDT]
              timeframes: [1m, 5m]
              bars_from: klines
              replay: {speed: \(speed), wait_for: [features], files: [\(files.joined(separator: ", "))]}
            features:
              indicators: "ema:9,ema:21,rsi:14,atr:14,bbands:20:2,adx:14,atrpct:14:20"
              indicator_timeframe: 1m
              warmup_hours: 1
              tick_seconds: 1800
            models:
            \(roster)
            """)
    }

    @Test func separateProcessesAndOneProcessDecideTheSame() async throws {
        let processes = try await runAsProcesses()
        let single = try await runInOneProcess()
        #expect(processes.snapshots.count > 100, "\(processes)")
        #expect(processes.decisions.count == processes.snapshots.count * Self.models.count)
        // Without an OMS the accounts stay flat: both holders buy at every tick, and the ensemble follows their 2-of-3 majority.
        #expect(processes.decisions.values.filter { $0.action == .buy }.count == processes.snapshots.count * 3)
        #expect(processes.decisions.values.allSatisfy { $0.outcome == .decided })
        for tick in processes.snapshots.keys.sorted().filter({ processes.snapshots[$0] != single.snapshots[$0] }).prefix(10) {
            Issue.record("tick \(tick): snapshot \(processes.snapshots[tick] ?? "none") over processes, \(single.snapshots[tick] ?? "none") in one process")
        }
        #expect(processes.snapshots == single.snapshots)
        for id in processes.decisions.keys.sorted().filter({ processes.decisions[$0] != single.decisions[$0] }).prefix(10) {
            Issue.record("decision \(id) differs: \(String(describing: processes.decisions[id])) vs \(String(describing: single.decisions[id]))")
        }
        #expect(processes.decisions == single.decisions)
    }

    /// Gateway, feature engine, stand-in scorer and risk guard, each a process, over ZeroMQ on loopback.
    func runAsProcesses() async throws -> ReplayRecord {
        let folder = try Self.folder("processes")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = "sqlite:\(folder.appendingPathComponent("arena.sqlite").path)"
        let config = Self.configuration(store: store)
        let environment = ["ARENA_CONFIG": try config.write(in: folder)]
        let testkit = Self.build.appendingPathComponent("arena-testkit")
        let risk = try ChildProcess(testkit, ["stand-in-risk", try config.endpoint("risk", .rep)])
        let scorer = try ChildProcess(Self.build.appendingPathComponent("arena-scorer"), [], environment: environment)
        let features = try ChildProcess(Self.build.appendingPathComponent("arena-features"), [], environment: environment)
        let gateway = try ChildProcess(Self.build.appendingPathComponent("arena-gateway"), [], environment: environment)
        let everyone = [gateway, features, scorer, risk]
        defer { for process in everyone { process.abandon() } }
        let record = try await Self.complete(store) { "running: \(everyone.map(\.isRunning)) (gateway, features, scorer, risk)" }
        for process in everyone {
            process.kill(SIGTERM)
            await process.stop()
        }
        return record
    }

    /// The same services in this process over the in-process transport.
    func runInOneProcess() async throws -> ReplayRecord {
        let folder = try Self.folder("one-process")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = "sqlite:\(folder.appendingPathComponent("arena.sqlite").path)"
        let config = try ArenaConfig.parse(yaml: Self.configuration(store: store).yaml, catalogue: ArenaCatalogue.catalogue)
        let host = try ServiceHost(
            hosting: Self.hosted, as: .supervisor, config: config,
            transport: .inProcess(nil), logOutput: LogOutput { _ in }
        )
        let running = Task { try await host.run() }
        defer { host.triggerGracefulShutdown(reason: "test done") }
        let record = try await Self.complete(store) { "host: \(host)" }
        host.triggerGracefulShutdown(reason: "test done")
        try await running.value
        return record
    }

    /// The record once the last tick's round is closed and every round has its decisions.
    static func complete(
        _ store: String, through last: Int64 = lastTick, models: Int = models.count, context: () -> String
    ) async throws -> ReplayRecord {
        let clock = ContinuousClock(), end = clock.now.advanced(by: .seconds(300))
        while true {
            if let record = try? await ReplayRecord.read(store), record.isComplete(through: last, models: models) { return record }
            guard clock.now < end else {
                throw AgreementError("the replay did not complete: \((try? await ReplayRecord.read(store))?.description ?? "no store"); \(context())")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    static func folder(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("agreement-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

struct AgreementError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
