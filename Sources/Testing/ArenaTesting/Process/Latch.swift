import Synchronization

/// A value that arrives once, awaited by any number of tasks without
/// blocking a thread: a child's exit status, a pipe's last byte.
final class Latch<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var waiters: [CheckedContinuation<Value, Never>] = []
    }

    private let state = Mutex(State())

    /// Sets the value (the first call wins) and resumes every waiter.
    func open(_ value: Value) {
        let waiters = state.withLock { s -> [CheckedContinuation<Value, Never>] in
            guard s.value == nil else { return [] }
            s.value = value
            defer { s.waiters = [] }
            return s.waiters
        }
        for waiter in waiters { waiter.resume(returning: value) }
    }

    /// The value, once it is set.
    func wait() async -> Value {
        await withCheckedContinuation { continuation in
            let value = state.withLock { s -> Value? in
                if s.value == nil { s.waiters.append(continuation) }
                return s.value
            }
            if let value { continuation.resume(returning: value) }
        }
    }
}
