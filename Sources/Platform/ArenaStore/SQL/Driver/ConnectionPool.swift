import Synchronization

/// A bounded set of workers handed out one caller at a time.
///
/// Workers are created on demand up to `capacity` and handed back in LIFO
/// order, so a lightly loaded service keeps using one warm connection
/// instead of cycling through all of them. Callers beyond capacity wait in
/// FIFO order. Waiting is not cancellable: every lease is returned after
/// one statement or one transaction, and a dead server fails those fast.
final class ConnectionPool<Worker: AnyObject & Sendable>: Sendable {
    private struct State {
        var all: [Worker] = []
        var idle: [Worker] = []
        var leased = 0
        var waiters: [CheckedContinuation<Result<Worker, StoreError>, Never>] = []
        var drained: [CheckedContinuation<Void, Never>] = []
        var closed = false
    }

    /// The most workers that exist at once.
    let capacity: Int
    private let make: @Sendable (_ index: Int) -> Worker
    private let state = Mutex(State())

    /// A pool of at most `capacity` workers; `make` creates the `index`th.
    init(capacity: Int, make: @escaping @Sendable (_ index: Int) -> Worker) {
        self.capacity = max(1, capacity)
        self.make = make
    }

    /// A worker for the caller's exclusive use until ``release(_:)``;
    /// ``StoreError/closed`` once the pool is closed.
    func acquire() async throws(StoreError) -> Worker {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Worker, StoreError>, Never>) in
            let now: Result<Worker, StoreError>? = state.withLock { s in
                if s.closed { return .failure(.closed) }
                if let worker = s.idle.popLast() {
                    s.leased += 1
                    return .success(worker)
                }
                if s.all.count < capacity {
                    let worker = make(s.all.count)
                    s.all.append(worker)
                    s.leased += 1
                    return .success(worker)
                }
                s.waiters.append(continuation)
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
        return try result.get()
    }

    /// Returns a worker: straight to the longest waiter, or back to the idle set.
    func release(_ worker: Worker) {
        let (waiter, drained) = state.withLock { s -> (CheckedContinuation<Result<Worker, StoreError>, Never>?, [CheckedContinuation<Void, Never>]) in
            if !s.closed, !s.waiters.isEmpty {
                return (s.waiters.removeFirst(), [])
            }
            s.leased -= 1
            s.idle.append(worker)
            guard s.closed, s.leased == 0 else { return (nil, []) }
            defer { s.drained.removeAll() }
            return (nil, s.drained)
        }
        waiter?.resume(returning: .success(worker))
        for d in drained { d.resume() }
    }

    /// Refuses new leases, fails the waiters with ``StoreError/closed``, waits
    /// until every lease is returned, and returns all workers for shutdown
    /// (empty when already closed).
    func close() async -> [Worker] {
        let (waiters, firstClose) = state.withLock { s in
            defer { s.waiters.removeAll() }
            let first = !s.closed
            s.closed = true
            return (s.waiters, first)
        }
        for w in waiters { w.resume(returning: .failure(.closed)) }
        guard firstClose else { return [] }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { s in
                if s.leased == 0 { return true }
                s.drained.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
        return state.withLock { s in
            defer { s.all.removeAll(); s.idle.removeAll() }
            return s.all
        }
    }

    /// Every worker created so far (diagnostics and tests).
    var workers: [Worker] { state.withLock { $0.all } }
}
