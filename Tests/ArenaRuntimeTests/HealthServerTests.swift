import Logging
import Metrics
import ServiceLifecycle
import Testing
@testable import ArenaRuntime

/// Runs `services` in a `ServiceGroup` while `body` runs, then shuts the group
/// down gracefully and waits for it, so every test leaves no server behind.
func withRunningServices<Result: Sendable>(
    _ services: [any Service], _ body: () async throws -> Result
) async throws -> Result {
    let group = ServiceGroup(configuration: .init(services: services, logger: quietLogger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let result: Swift.Result<Result, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return try result.get()
    }
}

/// A logger that writes nothing, for infrastructure the tests do not inspect.
let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

/// `/healthz`, `/readyz` and `/metrics` over real HTTP on a free port.
@Suite struct HealthServerTests {
    @Test func endpointsOverRealHTTP() async throws {
        let readiness = ReadinessRegistry()
        let bus = try readiness.register("bus", reason: "not connected")
        let metrics = ArenaMetrics.bootstrap()
        Counter(label: "arena_test_health_requests_total").increment(by: 3)
        let server = HealthServer(host: "127.0.0.1", port: 0, service: "gateway", readiness: readiness, metrics: metrics, logger: quietLogger)

        try await withRunningServices([server]) {
            let port = try await server.listeningPort()
            #expect(port > 0)

            let live = try await HTTPClient.get(port: port, path: "/healthz")
            #expect(live.status == 200)
            #expect(try live.json()["status"] as? String == "alive")
            #expect(live.contentType == "application/json; charset=utf-8")

            let notReady = try await HTTPClient.get(port: port, path: "/readyz")
            #expect(notReady.status == 503)
            let failing = try #require(try notReady.json()["failing"] as? [[String: Any]])
            #expect(failing.count == 1)
            #expect(failing.first?["name"] as? String == "bus")
            #expect(failing.first?["reason"] as? String == "not connected")

            bus.markReady()
            let ready = try await HTTPClient.get(port: port, path: "/readyz")
            #expect(ready.status == 200)
            #expect(try ready.json()["status"] as? String == "ready")

            bus.markNotReady("connection lost")
            #expect(try await HTTPClient.get(port: port, path: "/readyz").status == 503)

            let scrape = try await HTTPClient.get(port: port, path: "/metrics")
            #expect(scrape.status == 200)
            #expect(scrape.contentType == "text/plain; version=0.0.4; charset=utf-8")
            #expect(scrape.body.contains("\narena_test_health_requests_total 3\n"))
            #expect(scrape.body.contains("# TYPE arena_test_health_requests_total counter"))

            #expect(try await HTTPClient.get(port: port, path: "/nothing").status == 404)
        }
    }

    @Test func portInUseIsAnErrorNotAHang() async throws {
        let first = HealthServer(host: "127.0.0.1", port: 0, service: "a", readiness: ReadinessRegistry(), metrics: ArenaMetrics.bootstrap(), logger: quietLogger)
        try await withRunningServices([first]) {
            let port = try await first.listeningPort()
            let second = HealthServer(host: "127.0.0.1", port: port, service: "b", readiness: ReadinessRegistry(), metrics: ArenaMetrics.bootstrap(), logger: quietLogger)
            await #expect(throws: (any Error).self) { try await second.run() }
            await #expect(throws: HealthServerError.self) { try await second.listeningPort() }
        }
    }
}

/// The readiness registry on its own.
@Suite struct ReadinessRegistryTests {
    @Test func checksStartFailingAndFlip() throws {
        let registry = ReadinessRegistry()
        #expect(registry.isReady, "no checks: nothing to wait for")
        let store = try registry.register("store")
        let bus = try registry.register("bus")
        #expect(registry.report().failing.map(\.name) == ["bus", "store"])
        store.markReady()
        bus.markReady()
        #expect(registry.isReady)
        bus.markNotReady("peer gone")
        #expect(registry.report().failing == [ReadinessCheckStatus(name: "bus", ready: false, reason: "peer gone")])
        bus.unregister()
        #expect(registry.isReady)
    }

    @Test func namesAreUniqueAndWellFormed() throws {
        let registry = ReadinessRegistry()
        _ = try registry.register("bus")
        #expect(throws: ReadinessError.duplicate(name: "bus")) { try registry.register("bus") }
        #expect(throws: ReadinessError.invalidName(name: "two words")) { try registry.register("two words") }
    }
}
