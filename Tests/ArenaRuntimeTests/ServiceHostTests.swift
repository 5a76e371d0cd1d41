import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing
@testable import ArenaRuntime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A service that records its life: started, whether the host still reported
/// ready when it was told to stop, and stopped.
final class RecordingService: Service, CustomStringConvertible {
    private let readiness: ReadinessRegistry
    private let check: ReadinessCheck
    private let log = Mutex<[String]>([])

    init(context: HostContext) throws {
        readiness = context.readiness
        check = try context.readiness.register("recorder")
    }

    var description: String { "RecordingService" }
    var events: [String] { log.withLock { $0 } }

    func run() async throws {
        check.markReady()
        log.withLock { $0.append("started") }
        try await gracefulShutdown()
        log.withLock { $0.append("ready while stopping: \(readiness.isReady)") }
        log.withLock { $0.append("stopped") }
    }
}

/// A service that fails at once.
struct FailingService: Service {
    struct Failure: Error, Equatable {}
    func run() async throws { throw Failure() }
}

/// The host runs the health server and the service's own services, and stops them gracefully.
@Suite(.serialized) struct ServiceHostTests {
    private func makeHost() throws -> (ServiceHost, RecordingService) {
        var host = try ServiceHost(hosting: [GatewayStub.self], config: try Fixtures.config(), transport: .inProcess(nil), logOutput: Fixtures.silent)
        let recorder = try RecordingService(context: host.context)
        host.addServices(recorder)
        return (host, recorder)
    }

    @Test func groupShutdownStopsEverythingInOrder() async throws {
        let (host, recorder) = try makeHost()
        try await withRunningServices([host]) {
            let port = try await host.health.listeningPort()
            try await waitUntil { host.context.readiness.isReady }
            #expect(try await HTTPClient.get(port: port, path: "/readyz").status == 200)
            #expect(try await HTTPClient.get(port: port, path: "/metrics").body.contains(#"arena_service_info{"#))
        }
        // Readiness turned false before the service was told to stop (the watcher stops first).
        #expect(recorder.events == ["started", "ready while stopping: false", "stopped"])
        #expect(host.context.readiness.report().failing.map(\.name) == ["lifecycle"])
    }

    @Test func triggerShutsDownTheHost() async throws {
        let (host, recorder) = try makeHost()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await host.run() }
            _ = try await host.health.listeningPort()
            host.triggerGracefulShutdown(reason: "control: stop")
            try await tasks.waitForAll()
        }
        #expect(recorder.events.last == "stopped")
        #expect(host.context.shutdown.reason == "control: stop")
        #expect(host.context.readiness.report().failing.first?.reason == "shutting down: control: stop")
    }

    @Test func sigtermShutsDownGracefully() async throws {
        let (host, recorder) = try makeHost()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await host.runService(gracefulShutdownSignals: [.sigterm]) }
            // Signals are trapped before any service starts, so once the port is bound SIGTERM is safe to send.
            _ = try await host.health.listeningPort()
            try await waitUntil { recorder.events.contains("started") }
            kill(getpid(), SIGTERM)
            try await tasks.waitForAll()
        }
        #expect(recorder.events == ["started", "ready while stopping: false", "stopped"])
    }

    @Test func aFailingServiceStopsTheHostWithItsError() async throws {
        var host = try ServiceHost(hosting: [RiskStub.self], config: try Fixtures.config(), transport: .inProcess(nil), logOutput: Fixtures.silent)
        host.addServices(FailingService())
        await #expect(throws: FailingService.Failure.self) { try await host.run() }
    }

    @Test func launchRefusesBadConfigurationWithALogLine() async throws {
        let path = try Fixtures.temporaryFile(Fixtures.minimalYAML + "bus:\n  high_water_mark: abc\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let captured = Fixtures.CapturedLines()
        let status = await ServiceHost.launch(
            [GatewayStub.self], catalogue: Fixtures.catalogue, configPath: path, environment: [:], logOutput: captured.output
        )
        #expect(status == ServiceHost.configurationErrorExitStatus)
        let line = try #require(captured.lines.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "critical")
        #expect(object["problem"] as? String == #"bus.high_water_mark: expected an integer, got "abc""#)
    }

    @Test func launchRunsUntilShutdown() async throws {
        struct StopAtOnce: Service {
            let context: HostContext
            func run() async throws {
                context.shutdown.fire(reason: "test done")
                try await gracefulShutdown()
            }
        }
        let path = try Fixtures.temporaryFile(Fixtures.minimalYAML)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let status = await ServiceHost.launch(
            [OMSStub.self], catalogue: Fixtures.catalogue, transport: .inProcess(nil), environment: ["ARENA_CONFIG": path],
            logOutput: Fixtures.silent
        ) { host in
            host.addServices(StopAtOnce(context: host.context))
        }
        #expect(status == 0)
    }

    @Test func launchReportsASetupFailure() async throws {
        struct SetupFailed: Error {}
        let path = try Fixtures.temporaryFile(Fixtures.minimalYAML)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let status = await ServiceHost.launch(
            [RiskStub.self], catalogue: Fixtures.catalogue, transport: .inProcess(nil), configPath: path, environment: [:],
            logOutput: Fixtures.silent
        ) { _ in
            throw SetupFailed()
        }
        #expect(status == ServiceHost.failureExitStatus)
    }

    @Test func contextCarriesTheServiceSection() throws {
        let (host, _) = try makeHost()
        #expect(host.context.service == .gateway)
        #expect(host.context.serviceConfig?.rep == .tcp(host: "127.0.0.1", port: 7201))
        #expect(host.health.port == 0)
    }
}

/// Polls `condition` every 10 ms for up to five seconds.
func waitUntil(_ condition: () -> Bool) async throws {
    for _ in 0..<500 {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition not met within 5 s")
}
