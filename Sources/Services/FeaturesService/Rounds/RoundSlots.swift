import Synchronization

/// A count of rounds running at once, with a limit. A tick that finds every
/// slot taken waits for one (and with it the market stream waits), so a
/// replay faster than the rounds slows down instead of skipping ticks: every
/// tick gets its round, in order, however fast the data comes.
final class RoundSlots: Sendable {
    private struct State {
        var used = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let limit: Int
    private let state = Mutex(State())

    init(limit: Int) { self.limit = limit }

    /// Takes a slot, waiting for one to be given back if all are taken;
    /// returns whether it had to wait.
    @discardableResult
    func acquire() async -> Bool {
        if state.withLock({ s in
            guard s.used < limit else { return false }
            s.used += 1
            return true
        }) { return false }
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.used < limit {
                    s.used += 1
                    return true
                }
                s.waiting.append(c)
                return false
            }
            if now { c.resume() }
        }
        return true
    }

    /// Gives a slot back, to the longest waiter if there is one.
    func release() {
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            // A waiter inherits the slot, so the count stays as it is.
            guard !s.waiting.isEmpty else {
                s.used -= 1
                return nil
            }
            return s.waiting.removeFirst()
        }
        next?.resume()
    }
}
