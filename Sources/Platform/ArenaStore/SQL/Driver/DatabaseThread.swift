import Foundation

/// A dedicated OS thread that runs blocking database calls one at a time.
///
/// libpq and SQLite block the calling thread for the whole round trip or
/// disk write. Run on Swift's cooperative pool (two threads on this
/// machine) a few slow queries would stall every task in the process, so
/// each connection gets its own thread and callers suspend on a
/// continuation instead. Jobs run in submission order, which is also what
/// confines a connection handle to a single thread.
final class DatabaseThread: Sendable {
    private let queue: JobQueue

    /// Starts a thread named `name` (visible in `top -H` and debuggers).
    init(name: String) {
        let queue = JobQueue()
        self.queue = queue
        let thread = Thread { queue.drain() }
        thread.name = name
        thread.start()
    }

    deinit { queue.stop() }

    /// Runs `body` on the thread and returns its result; ``StoreError/closed``
    /// if the thread has been stopped.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws(StoreError) -> T) async throws(StoreError) -> T {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, StoreError>, Never>) in
            let accepted = queue.submit { continuation.resume(returning: Result(catching: body)) }
            if !accepted { continuation.resume(returning: .failure(.closed)) }
        }
        return try result.get()
    }

    /// Runs `body` as the last job, then lets the thread exit; later jobs are refused.
    func finish(_ body: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let accepted = queue.submit(last: true) {
                body()
                continuation.resume()
            }
            if !accepted { continuation.resume() }
        }
    }
}

/// The thread's FIFO of jobs, guarded by a condition variable so an idle
/// thread sleeps instead of polling.
private final class JobQueue: @unchecked Sendable {
    // Every field below is read and written only with `condition` locked.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0
    private var accepting = true
    private var exitWhenEmpty = false

    /// Enqueues a job; false once the queue no longer accepts work.
    func submit(last: Bool = false, _ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard accepting else { return false }
        jobs.append(job)
        if last {
            accepting = false
            exitWhenEmpty = true
        }
        condition.signal()
        return true
    }

    /// Refuses new jobs and exits the thread once the queued ones have run.
    func stop() {
        condition.lock()
        accepting = false
        exitWhenEmpty = true
        condition.signal()
        condition.unlock()
    }

    /// The thread's body: runs jobs until stopped and empty.
    func drain() {
        while let job = next() { job() }
    }

    private func next() -> (@Sendable () -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count {
            if exitWhenEmpty { return nil }
            condition.wait()
        }
        let job = jobs[head]
        head += 1
        // Compact occasionally so the array does not grow without bound.
        if head == jobs.count || head >= 64 {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }
}
