import Synchronization

/// A value that only rises (a market time processed, a count acknowledged),
/// and tasks waiting for it to reach a target without blocking a thread.
///
/// A waiter cancelled before the target is reached returns `false`, so a
/// stopping service never hangs on a mark that will not come.
public final class Watermark<Value: Comparable & Sendable>: Sendable {
    private struct Waiter {
        var target: Value
        var continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var value: Value?
        var waiters: [UInt64: Waiter] = [:]
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    /// A mark at `initial` (nil: nothing reached yet).
    public init(_ initial: Value? = nil) { state = Mutex(State(value: initial)) }

    /// The highest value reached so far.
    public var current: Value? { state.withLock { $0.value } }

    /// Raises the mark to `value` (a lower value changes nothing) and wakes the waiters it satisfies.
    public func advance(to value: Value) {
        let woken: [CheckedContinuation<Bool, Never>] = state.withLock { state in
            guard state.value.map({ value > $0 }) ?? true else { return [] }
            state.value = value
            let due = state.waiters.filter { $0.value.target <= value }
            for id in due.keys { state.waiters[id] = nil }
            return due.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume(returning: true) }
    }

    /// Returns `true` once the mark is at or above `target`, `false` if the task is cancelled first.
    public func reached(_ target: Value) async -> Bool {
        let id: UInt64? = state.withLock { state in
            if let value = state.value, value >= target { return nil }
            defer { state.nextID += 1 }
            return state.nextID
        }
        guard let id else { return true }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let answer: Bool? = state.withLock { state in
                    if let value = state.value, value >= target { return true }
                    // Cancelled before the waiter was stored: the handler found nothing to resume.
                    if Task.isCancelled { return false }
                    state.waiters[id] = Waiter(target: target, continuation: continuation)
                    return nil
                }
                if let answer { continuation.resume(returning: answer) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume(returning: false)
        }
    }

    /// Whether the mark reaches `target` within `limit`: `false` on the timeout (the caller asks
    /// again, say, and waits once more); throws `CancellationError` if the task is cancelled first.
    public func reached(_ target: Value, within limit: Duration) async throws -> Bool {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask { await self.reached(target) }
            group.addTask {
                try await Task.sleep(for: limit)
                return false
            }
            defer { group.cancelAll() }
            let reached = try await group.next() ?? false
            try Task.checkCancellation()
            return reached
        }
    }
}
