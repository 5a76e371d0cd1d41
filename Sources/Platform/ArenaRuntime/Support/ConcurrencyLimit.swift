import Synchronization

/// At most `limit` tasks inside at once; the others wait without blocking a
/// thread (their continuations are resumed in arrival order). With a limit of
/// one it makes an actor's multi-step operations (apply, persist, publish)
/// run one after another even though the actor is re-entered at each `await`.
public final class ConcurrencyLimit: Sendable {
    private struct State {
        var free: Int
        var waiting: [CheckedContinuation<Void, Never>] = []
        var head = 0
    }

    private let state: Mutex<State>

    /// A limit of `limit` (at least one) tasks inside at once.
    public init(_ limit: Int) {
        precondition(limit >= 1, "a concurrency limit needs at least one slot")
        state = Mutex(State(free: limit))
    }

    /// Runs `body` once a slot is free.
    public func run<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    /// Waits for a slot; pair with ``release()``.
    public func acquire() async {
        let entered = state.withLock { s -> Bool in
            guard s.free > 0 else { return false }
            s.free -= 1
            return true
        }
        if entered { return }
        await withCheckedContinuation { continuation in
            let now = state.withLock { s -> Bool in
                // A slot may have been released since the first look.
                if s.free > 0 {
                    s.free -= 1
                    return true
                }
                s.waiting.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Frees the slot taken by ``acquire()``.
    public func release() {
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard s.head < s.waiting.count else {
                s.free += 1
                return nil
            }
            let c = s.waiting[s.head]
            s.head += 1
            if s.head > 64 && s.head * 2 > s.waiting.count {
                s.waiting.removeFirst(s.head)
                s.head = 0
            }
            return c
        }
        next?.resume()
    }
}
