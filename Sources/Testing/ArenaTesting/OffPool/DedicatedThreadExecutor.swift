import Foundation
import Synchronization

/// A task executor with threads of its own, for work that must stay off
/// Swift's cooperative pool.
///
/// The pool has one thread per core. A test that computes for seconds
/// (decoding a whole capture in a debug build) holds one of them all that
/// time; two such tests on a two-core machine hold all of them, and every
/// other task of the process (a socket loop's consumer, a deadline check, a
/// child process's watcher) waits for them to finish. Work run here (see
/// ``OffPoolTrait``) leaves the pool to the tasks that need little CPU but
/// need it on time.
///
/// The threads of ``cpuBound`` run at a lower scheduling priority (nice 10)
/// than the rest of the process, so on a loaded machine the kernel also
/// prefers the timing-sensitive work, of this process and of the processes
/// it started, over the long computations: these take the CPU time left over.
public final class DedicatedThreadExecutor: TaskExecutor, Sendable {
    /// Two threads for the CPU-bound tests of a test process: what a two-core
    /// machine can run besides the cooperative pool without starving it.
    public static let cpuBound = DedicatedThreadExecutor(name: "test-cpu", threads: 2, nice: 10)

    private let jobs = Mutex<[UnownedJob]>([])
    private let available = DispatchSemaphore(value: 0)

    /// Starts `threads` threads named `name-<n>` (Linux keeps 15 bytes of a
    /// thread name) at niceness `nice` (0 is the default; higher is lower
    /// priority). They run for the life of the process.
    public init(name: String, threads: Int, nice: Int32 = 0) {
        precondition(threads >= 1, "an executor needs a thread")
        for index in 0..<threads {
            let thread = Thread { [self] in
                // Set from the thread itself: Linux names and re-prioritises the calling thread only.
                Thread.current.name = "\(name)-\(index)"
                if nice != 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice) }
                serve()
            }
            // Debug builds recurse deeply through generic decoding; give them the main thread's room.
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Queues `job` for the next free thread.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        available.signal()
    }

    private func serve() -> Never {
        while true {
            available.wait()
            let job = jobs.withLock { $0.removeFirst() }
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
