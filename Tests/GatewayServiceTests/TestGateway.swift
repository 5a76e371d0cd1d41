import Arena
import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaTesting
import ArenaWire
import Foundation
import GatewayService

/// The gateway under test, with its own SQLite store, configured by a YAML
/// file written for the test: a real `arena-gateway` process on free ports
/// over ZeroMQ (``Mode/process``), or its component hosted in the test
/// process over the in-process transport (``Mode/inProcess``). The test
/// talks to it the same way either way: history and status requests, and
/// its `md.*` and alert stream.
final class TestGateway: @unchecked Sendable {
    enum Mode { case process, inProcess }

    static let repo = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = repo.appendingPathComponent(".build/debug/arena-gateway")

    let folder: URL
    let storePath: String
    /// Where its PUB is, on ``transport``.
    let pub: String
    /// The transport the test reaches it over.
    let transport: any BusTransport
    let requester: any RequestClient
    let history: HistoryClient
    private let process: ChildProcess?
    private let host: (host: ServiceHost, running: Task<Void, any Error>)?

    /// Starts the gateway with `market` as the YAML of its `market` section.
    init(_ mode: Mode = .process, market: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        storePath = folder.appendingPathComponent("arena.sqlite").path
        let file = TestArenaConfig(catalogue: ArenaCatalogue.catalogue, name: "gateway-test", store: "sqlite:\(storePath)", sections: """
            logging: {level: info, format: json}
            market:
            \(market.indented())
            """)
        let configPath = try file.write(in: folder)
        let rep: String
        switch mode {
        case .process:
            transport = ZeroMQTransport(settings: ZeroMQTransport.Settings(requestTimeout: .seconds(5), requestRetries: 2))
            pub = try file.endpoint(.gateway, .pub)
            rep = try file.endpoint(.gateway, .rep)
            process = try ChildProcess(Self.binary, [], environment: ["ARENA_CONFIG": configPath])
            host = nil
        case .inProcess:
            let bus = InProcessBus(requestTimeout: .seconds(5), requestRetries: 2)
            transport = bus
            pub = try BusAddressBook.inProcess.address(.gateway, .pub)
            rep = try BusAddressBook.inProcess.address(.gateway, .rep)
            let config = try ArenaConfig.load(path: configPath, environment: [:], catalogue: ArenaCatalogue.catalogue)
            let hosted = try ServiceHost(hosting: [GatewayComponent.self], config: config, transport: .inProcess(bus), logOutput: LogOutput { _ in })
            host = (hosted, Task { try await hosted.run() })
            process = nil
        }
        requester = try transport.requester(service: ServiceName(unchecked: "gateway-test"), connect: rep)
        history = HistoryClient(requester: requester, pageSize: 500)
    }

    /// Asks `request` and decodes the reply.
    func ask<Q: WireMessage, R: WireMessage>(_ request: Q, _ reply: R.Type) async throws -> R {
        try await requester.request(request, expecting: R.self)
    }

    /// Whether the gateway still runs.
    var isRunning: Bool { process?.isRunning ?? (host.map { !$0.running.isCancelled } ?? false) }

    /// Waits until the gateway says its feed has been replayed and stored.
    func waitForFeed(timeout: Duration = .seconds(120)) async throws -> [String: Int64] {
        let clock = ContinuousClock(), end = clock.now.advanced(by: timeout)
        while clock.now < end {
            guard isRunning else { throw GatewayTestError("the gateway exited before finishing its feed") }
            if let status = try? await ask(ControlRequest(command: .status), ServiceStatus.self), status.counters["feed_finished"] == 1 {
                return status.counters
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw GatewayTestError("the gateway did not finish its feed within \(timeout)")
    }

    /// Stops the gateway: a graceful shutdown of its host, or SIGTERM to its
    /// process without waiting (what a `defer` can do).
    func stop() {
        if let (host, running) = host {
            host.triggerGracefulShutdown(reason: "test done")
            running.cancel()
        }
        process?.kill(SIGTERM)
        process?.abandon()
        try? FileManager.default.removeItem(at: folder)
    }
}

struct GatewayTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
