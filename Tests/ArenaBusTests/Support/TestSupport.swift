import ArenaBus
import ArenaCore
import ArenaWire
import Foundation
import Synchronization
import Testing

/// The payload the bus tests send around.
struct Ping: WireMessage, Equatable {
    static let wireType = MessageType(id: 60_001, name: "TestPing", version: MessageVersion(1, 0))
    var n: Int
    var text: String

    init(_ n: Int, _ text: String = "") {
        self.n = n
        self.text = text
    }
}

/// The reply/result type of the bus tests.
struct Pong: WireMessage, Equatable {
    static let wireType = MessageType(id: 60_002, name: "TestPong", version: MessageVersion(1, 0))
    var n: Int
    var by: String
}

/// The transports every pattern is tested over.
enum Transport: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case tcp
    case inproc

    /// An endpoint to bind: a wildcard loopback port, or a fresh inproc name.
    func bindEndpoint(_ name: String = "test") -> String {
        switch self {
        case .tcp: "tcp://127.0.0.1:*"
        case .inproc: ZMQEndpoints.uniqueInproc(name)
        }
    }

    /// An endpoint known before anything binds it.
    func reservedEndpoint(_ name: String = "test") throws -> String {
        switch self {
        case .tcp: try ZMQEndpoints.freeLoopbackTCP()
        case .inproc: ZMQEndpoints.uniqueInproc(name)
        }
    }

    var testDescription: String { rawValue }
}

struct TestTimeout: Error, CustomStringConvertible {
    let limit: Duration
    var description: String { "test step did not finish within \(limit)" }
}

/// Runs `operation`, failing with ``TestTimeout`` after `limit` even if the
/// operation ignores cancellation, so a hang fails the test instead of
/// blocking the suite.
func withTimeout<T: Sendable>(
    _ limit: Duration = .seconds(10), _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let slot = Mutex<CheckedContinuation<T, any Error>?>(nil)
    let finish: @Sendable (Result<T, any Error>) -> Void = { result in
        slot.withLock { c in
            c?.resume(with: result)
            c = nil
        }
    }
    var worker: Task<Void, Never>?
    var timer: Task<Void, Never>?
    defer {
        worker?.cancel()
        timer?.cancel()
    }
    return try await withCheckedThrowingContinuation { continuation in
        slot.withLock { $0 = continuation }
        worker = Task {
            do { finish(.success(try await operation())) } catch { finish(.failure(error)) }
        }
        timer = Task {
            try? await Task.sleep(for: limit)
            finish(.failure(TestTimeout(limit: limit)))
        }
    }
}

/// Polls `condition` every 10 ms until it holds or `limit` passes.
func eventually(
    _ limit: Duration = .seconds(10), _ what: String = "condition",
    _ condition: @escaping @Sendable () async -> Bool
) async throws {
    try await withTimeout(limit) {
        while !(await condition()) {
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// A thread-safe tally for handlers running on many tasks.
final class Tally: Sendable {
    private struct State {
        var running: [Int: Int] = [:]
        var concurrent = 0
        var maxConcurrent = 0
        var duplicates = 0
        var started: [String: Int] = [:]
    }

    private let state = Mutex(State())

    /// Marks job `id` started by `worker`; records overlap of the same job.
    func start(_ id: Int, worker: String) {
        state.withLock { s in
            s.running[id, default: 0] += 1
            if s.running[id]! > 1 { s.duplicates += 1 }
            s.concurrent += 1
            s.maxConcurrent = max(s.maxConcurrent, s.concurrent)
            s.started[worker, default: 0] += 1
        }
    }

    func end(_ id: Int) {
        state.withLock { s in
            s.running[id, default: 1] -= 1
            if s.running[id] == 0 { s.running[id] = nil }
            s.concurrent -= 1
        }
    }

    var maxConcurrent: Int { state.withLock { $0.maxConcurrent } }
    var duplicates: Int { state.withLock { $0.duplicates } }
    var startedPerWorker: [String: Int] { state.withLock { $0.started } }
}

func service(_ name: String) -> ServiceName {
    ServiceName(unchecked: name)
}

/// Runs blocking ZeroMQ code on a dedicated thread, never on the cooperative pool.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
