import ArenaBus
import Foundation
import Synchronization

/// A task executor with a thread of its own, for a service's CPU-heavy loop
/// (a replay feed, the feature engine's market stream).
///
/// Swift's cooperative pool has one thread per core. A loop that keeps a pool
/// thread busy delays every other task waiting for one — heartbeats, request
/// timeouts, job deadlines, other services hosted in the same process. Run
/// inside ``run(_:)`` (which sets this executor as the task's preference),
/// the loop, its child tasks and the default actors it calls execute on this
/// thread instead, and the operating system shares the cores between it and
/// the pool, so the pool always has a thread for what is due.
public final class DedicatedExecutor: TaskExecutor, @unchecked Sendable {
    private struct State {
        var jobs: [UnownedJob] = []
        var stopped = false
    }

    /// Guards `state`; the thread waits on it while there is nothing to run.
    private let condition = NSCondition()
    private var state = State()

    /// Starts the thread, named `name` (in debuggers, `top -H` and thread dumps).
    public init(name: String) {
        let thread = Thread { [self] in loop() }
        thread.name = ThreadName.fitting(name)
        thread.stackSize = 1 << 20
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        state.jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Runs `operation` with this executor as the task's preference, then
    /// stops the thread once its last job has run.
    public func run<T: Sendable>(_ operation: @Sendable () async throws -> T) async rethrows -> T {
        defer { stop() }
        return try await withTaskExecutorPreference(self) { try await operation() }
    }

    /// Ends the thread after the jobs already queued; later jobs would never run, so call it last.
    public func stop() {
        condition.lock()
        state.stopped = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            // Waiting blocks only this executor's own thread, never the pool.
            while state.jobs.isEmpty && !state.stopped { condition.wait() }
            let batch = state.jobs
            state.jobs.removeAll(keepingCapacity: true)
            let stopped = state.stopped
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
            if stopped && batch.isEmpty { return }
        }
    }
}
