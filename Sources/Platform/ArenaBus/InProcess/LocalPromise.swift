import ArenaCore
import Synchronization

/// A value that one task sets once and any number of tasks await; an awaiting
/// task that is cancelled gets nil (the value, if it comes, stays for others).
final class LocalPromise<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var waiters: [UInt64: CheckedContinuation<Value?, Never>] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    init() {}

    /// Whether the value is set.
    var isSet: Bool { state.withLock { $0.value != nil } }

    /// Sets the value (the first call wins) and wakes every waiter; false if it was already set.
    @discardableResult
    func fulfil(_ value: Value) -> Bool {
        let waiters = state.withLock { s -> [CheckedContinuation<Value?, Never>]? in
            guard s.value == nil else { return nil }
            s.value = value
            defer { s.waiters.removeAll() }
            return Array(s.waiters.values)
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(returning: value) }
        return true
    }

    /// The value once set; nil if the calling task is cancelled first.
    func value() async -> Value? {
        let id = state.withLock { s -> UInt64 in
            s.nextID &+= 1
            return s.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Value?, Never>) in
                let ready = state.withLock { s -> Value?? in
                    if let value = s.value { return .some(value) }
                    if Task.isCancelled { return .some(nil) }
                    s.waiters[id] = c
                    return nil
                }
                if let ready { c.resume(returning: ready) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: nil)
        }
    }
}

/// Waiting with a deadline on an ``ArenaCore/ArenaClock``: the in-process
/// transport's timeouts run on the transport's clock, so on a simulated
/// clock they fire when the clock passes them and not before.
enum ClockDeadline {
    /// The result of `operation`, or nil when `clock` reaches `deadline` first
    /// (the operation is then cancelled) or the calling task is cancelled.
    static func run<T: Sendable>(
        on clock: any ArenaClock, until deadline: Timestamp, _ operation: @escaping @Sendable () async -> T?
    ) async -> T? {
        await withTaskGroup(of: T?.self) { group in
            group.addTask { await operation() }
            group.addTask {
                try? await clock.sleep(until: deadline)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
