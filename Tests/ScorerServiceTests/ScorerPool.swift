import Arena
import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaTesting
import ArenaWire
import Foundation

/// A scorer pool for tests: this process binds the feature engine's job
/// endpoint with a real ZeroMQ dispatcher, and real scorer processes
/// (`arena-testkit scorer`: the product's scorer component with the test
/// kinds added) connect to it, configured by a written configuration file.
final class ScorerPool: Sendable {
    let folder: URL
    let environment: [String: String]
    let dispatcher: Dispatcher

    /// A pool whose scorers get `extraEnvironment` too (an agent's API key).
    init(extraEnvironment: [String: String] = [:]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorer-pool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = TestArenaConfig(catalogue: ArenaCatalogue.catalogue, name: "scorer-pool", sections: """
            bus: {heartbeat_interval_ms: 250}
            logging: {level: info, format: json}
            """)
        environment = ["ARENA_CONFIG": try config.write(in: folder)].merging(extraEnvironment) { a, _ in a }
        dispatcher = try Dispatcher(
            service: ServiceName("features"), bind: [try config.endpoint("features", .router)],
            options: Dispatcher.Options(heartbeatInterval: .milliseconds(250))
        )
    }

    /// Starts a scorer process holding `capacity` jobs at once; returns once
    /// the dispatcher counts it among its live workers.
    func startScorer(capacity: Int) async throws -> ChildProcess {
        var environment = self.environment
        environment["ARENA_SCORER__CAPACITY"] = String(capacity)
        let before = dispatcher.statistics.liveWorkers
        let process = try ChildProcess(TestData.debugBuild.appendingPathComponent("arena-testkit"), ["scorer"], environment: environment)
        let clock = ContinuousClock(), end = clock.now.advanced(by: .seconds(60))
        while dispatcher.statistics.liveWorkers <= before {
            guard clock.now < end, process.isRunning else {
                process.kill()
                throw PoolError("the scorer did not join the pool (running: \(process.isRunning))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process
    }

    /// Kills `process` without a word to the dispatcher (SIGKILL) and returns
    /// once the dispatcher has declared its session dead (missed heartbeats).
    func kill(_ process: ChildProcess) async throws {
        let before = dispatcher.statistics.liveWorkers
        process.kill(SIGKILL)
        await process.stop()
        let clock = ContinuousClock(), end = clock.now.advanced(by: .seconds(30))
        while dispatcher.statistics.liveWorkers >= before {
            guard clock.now < end else { throw PoolError("the dispatcher still counts the killed scorer") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Submits `job` and returns the decision with the worker that made it, or the outcome that was not one.
    func decide(_ job: ScoringJob, deadline: Duration = .seconds(20)) async throws -> (decision: ModelDecision, worker: String) {
        switch await dispatcher.submit(job, deadline: deadline, trace: job.decisionID) {
        case let .completed(result, worker, _): return (try result.decode(ModelDecision.self), worker.description)
        case .timedOut: throw PoolError("\(job.decisionID) timed out")
        case let .failed(failure): throw PoolError("\(job.decisionID) failed: \(failure)")
        }
    }

    func close() async {
        await dispatcher.close()
        try? FileManager.default.removeItem(at: folder)
    }
}

struct PoolError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension ModelDecision {
    /// The decision without what only the scorer's moment adds (its own latency
    /// measurement, which the arena replaces with its own anyway).
    var timeless: ModelDecision {
        var d = self
        d.latencyMilliseconds = 0
        d.worker = nil
        return d
    }

    /// The canonical bytes of ``timeless``.
    func canonicalBytes() throws -> [UInt8] { try CanonicalHash.bytes(of: timeless) }
}
