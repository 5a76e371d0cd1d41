import Synchronization

/// A count of rounds running at once, with a limit.
final class RoundSlots: Sendable {
    private let limit: Int
    private let used = Mutex(0)

    init(limit: Int) { self.limit = limit }

    /// Takes a slot; false when all are taken.
    func take() -> Bool {
        used.withLock { n in
            guard n < limit else { return false }
            n += 1
            return true
        }
    }

    /// Gives a slot back.
    func release() { used.withLock { $0 -= 1 } }
}
