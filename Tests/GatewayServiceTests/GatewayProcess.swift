import Arena
import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaTesting
import ArenaWire
import GatewayService
import Foundation

/// A real `arena-gateway` process on free ports with its own SQLite store,
/// configured by a YAML file written for the test.
final class GatewayProcess {
    static let repo = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = repo.appendingPathComponent(".build/debug/arena-gateway")

    let folder: URL
    let rep: String
    let pub: String
    let storePath: String
    let process: ChildProcess
    let requester: Requester
    let history: HistoryClient

    /// Starts the gateway with `market` as the YAML of its `market` section.
    init(market: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        storePath = folder.appendingPathComponent("arena.sqlite").path
        let file = TestArenaConfig(catalogue: ArenaCatalogue.catalogue, name: "gateway-test", store: "sqlite:\(storePath)", sections: """
            logging: {level: info, format: json}
            market:
            \(market.indented())
            """)
        rep = try file.endpoint(.gateway, .rep)
        pub = try file.endpoint(.gateway, .pub)
        let yaml = file.yaml
        let configPath = folder.appendingPathComponent("arena.yaml").path
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        process = try ChildProcess(Self.binary, [], environment: ["ARENA_CONFIG": configPath])
        requester = try Requester(
            service: ServiceName(unchecked: "gateway-test"), connect: [rep], options: .init(timeout: .seconds(5), retries: 2)
        )
        history = HistoryClient(requester: requester, pageSize: 500)
    }

    /// Asks `request` and decodes the reply.
    func ask<Q: WireMessage, R: WireMessage>(_ request: Q, _ reply: R.Type) async throws -> R {
        try await requester.request(request, expecting: R.self)
    }

    /// Waits until the gateway says its feed has been replayed and stored.
    func waitForFeed(timeout: Duration = .seconds(120)) async throws -> [String: Int64] {
        let clock = ContinuousClock(), end = clock.now.advanced(by: timeout)
        while clock.now < end {
            guard process.isRunning else { throw GatewayTestError("the gateway exited before finishing its feed") }
            if let status = try? await ask(ControlRequest(command: .status), ServiceStatus.self), status.counters["feed_finished"] == 1 {
                return status.counters
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw GatewayTestError("the gateway did not finish its feed within \(timeout)")
    }

    /// Ends the gateway without waiting for it (for `defer`): SIGTERM, then SIGKILL.
    func stop() {
        process.kill(SIGTERM)
        process.abandon()
        try? FileManager.default.removeItem(at: folder)
    }
}

struct GatewayTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
