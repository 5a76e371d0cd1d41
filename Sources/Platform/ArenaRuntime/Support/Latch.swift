import Synchronization

/// A value that is set once and awaited by any number of tasks: the port a
/// server bound, the reason a shutdown was requested.
///
/// The first ``resolve(_:)`` wins and later ones are ignored, because the
/// events it records (bound, failed, stopped) can race and only the first is
/// the truth. A waiter that is cancelled leaves with `CancellationError`
/// instead of hanging, so a service blocked on it stops when its group cancels.
public final class Latch<Value: Sendable>: Sendable {
    /// An unset latch.
    public init() {}

    private enum State {
        case waiting([Int: CheckedContinuation<Value, any Error>])
        case resolved(Value)
    }

    private let state = Mutex<State>(.waiting([:]))
    private let nextWaiter = Atomic<Int>(0)

    /// Sets the value and wakes every waiter; returns whether this call set it.
    @discardableResult
    public func resolve(_ value: Value) -> Bool {
        let waiters: [CheckedContinuation<Value, any Error>]? = state.withLock { state in
            guard case let .waiting(waiters) = state else { return nil }
            state = .resolved(value)
            return Array(waiters.values)
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(returning: value) }
        return true
    }

    /// The value if it is set.
    public var current: Value? {
        state.withLock { state in
            if case let .resolved(value) = state { return value }
            return nil
        }
    }

    /// The value, waiting until it is set; throws `CancellationError` if the caller is cancelled first.
    public func wait() async throws -> Value {
        let id = nextWaiter.wrappingAdd(1, ordering: .relaxed).oldValue
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                let immediate: Result<Value, any Error>? = state.withLock { state in
                    switch state {
                    case let .resolved(value):
                        return .success(value)
                    case var .waiting(waiters):
                        if Task.isCancelled { return .failure(CancellationError()) }
                        waiters[id] = continuation
                        state = .waiting(waiters)
                        return nil
                    }
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let cancelled: CheckedContinuation<Value, any Error>? = state.withLock { state in
                guard case var .waiting(waiters) = state, let waiter = waiters.removeValue(forKey: id) else { return nil }
                state = .waiting(waiters)
                return waiter
            }
            cancelled?.resume(throwing: CancellationError())
        }
    }
}
