import ArenaStore
import Synchronization

/// A value that becomes available once, later: components built before it
/// exists (request routes, writers) wait on ``value()`` instead of racing
/// its creation. Settled once; later settles are ignored.
public final class Eventual<Value: Sendable>: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Value, any Error>])
        case ready(Value)
        case failed(any Error)
    }

    private let state = Mutex(State.waiting([]))

    /// An eventual with no value yet.
    public init() {}

    /// The value; suspends until it is set, throws the error it failed with.
    public func value() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let resolved: Result<Value, any Error>? = state.withLock { state in
                switch state {
                case .waiting(var list):
                    list.append(continuation)
                    state = .waiting(list)
                    return nil
                case .ready(let v): return .success(v)
                case .failed(let error): return .failure(error)
                }
            }
            if let resolved { continuation.resume(with: resolved) }
        }
    }

    /// The value if it is already set.
    public var current: Value? {
        state.withLock { if case .ready(let v) = $0 { v } else { nil } }
    }

    /// Hands out `value` to every waiter, present and future.
    public func fulfil(_ value: Value) { settle(.success(value)) }

    /// Makes every waiter, present and future, fail with `error`.
    public func fail(_ error: any Error) { settle(.failure(error)) }

    private func settle(_ result: Result<Value, any Error>) {
        let waiters: [CheckedContinuation<Value, any Error>] = state.withLock { state in
            guard case .waiting(let list) = state else { return [] }
            switch result {
            case .success(let v): state = .ready(v)
            case .failure(let error): state = .failed(error)
            }
            return list
        }
        for w in waiters { w.resume(with: result) }
    }
}

/// The service's prepared store, handed out by ``StorePreparation`` once its
/// schemas are current, so readers and writers share its connection pool.
public typealias StoreHandle = Eventual<any SQLDatabase>
