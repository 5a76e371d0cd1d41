import Synchronization

/// A count of rounds running at once, with a limit. A tick that finds every
/// slot taken waits for one (and with it the market stream waits), so a
/// replay faster than the rounds slows down instead of skipping ticks: every
/// tick gets its round, in order, however fast the data comes.
final class RoundSlots: Sendable {
    private struct State {
        var used = 0
        var waiting: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextID: UInt64 = 0
        /// Waiting for every slot to be given back (``drained()``).
        var draining: [CheckedContinuation<Void, Never>] = []
    }

    private let limit: Int
    private let state = Mutex(State())

    init(limit: Int) { self.limit = limit }

    /// Takes a slot, waiting for one to be given back if all are taken;
    /// returns whether it had to wait.
    ///
    /// - Throws: `CancellationError` when the task is cancelled while it waits (the service is stopping).
    @discardableResult
    func acquire() async throws -> Bool {
        let id = state.withLock { s -> UInt64? in
            guard s.used >= limit else {
                s.used += 1
                return nil
            }
            s.nextID &+= 1
            return s.nextID
        }
        guard let id else { return false }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let now = state.withLock { s -> Result<Void, any Error>? in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if s.used < limit {
                        s.used += 1
                        return .success(())
                    }
                    s.waiting.append((id, c))
                    return nil
                }
                if let now { c.resume(with: now) }
            }
        } onCancel: {
            let c = state.withLock { s -> CheckedContinuation<Void, any Error>? in
                guard let i = s.waiting.firstIndex(where: { $0.id == id }) else { return nil }
                return s.waiting.remove(at: i).continuation
            }
            c?.resume(throwing: CancellationError())
        }
        return true
    }

    /// Gives a slot back, to the longest waiter if there is one.
    func release() {
        let (next, drained) = state.withLock { s -> (CheckedContinuation<Void, any Error>?, [CheckedContinuation<Void, Never>]) in
            // A waiter inherits the slot, so the count stays as it is.
            guard s.waiting.isEmpty else { return (s.waiting.removeFirst().continuation, []) }
            s.used -= 1
            guard s.used == 0 else { return (nil, []) }
            defer { s.draining.removeAll() }
            return (nil, s.draining)
        }
        next?.resume()
        for waiter in drained { waiter.resume() }
    }

    /// Returns once no round holds a slot: what a stopping engine waits for, so
    /// the rounds under way finish (within their deadline) and are recorded
    /// before the store closes.
    func drained() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let done = state.withLock { s -> Bool in
                if s.used == 0 { return true }
                s.draining.append(c)
                return false
            }
            if done { c.resume() }
        }
    }
}
