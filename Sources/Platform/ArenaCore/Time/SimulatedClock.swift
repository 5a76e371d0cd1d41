import Synchronization

/// A clock that only moves when told: replays and backtests advance it to
/// each event's time, and what waits on it (deadlines, timeouts) wakes when
/// it passes their time, in time order — so a run is the same every time.
///
/// It never moves backwards: ``advance(to:)`` with an earlier time is ignored
/// and reported, so out-of-order replay input cannot rewind the arena.
public final class SimulatedClock: ArenaClock {
    private struct Sleeper {
        let id: UInt64
        let deadline: Int64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Int64
        var sleepers: [Sleeper] = []
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    /// Starts at `start`.
    public init(start: Timestamp) { state = Mutex(State(now: start.nanoseconds)) }

    public func now() -> Timestamp { Timestamp(nanoseconds: state.withLock { $0.now }) }

    /// Moves to `time` if it is not earlier than now, waking every sleeper whose
    /// time has come (earliest first, ties in the order they began to sleep);
    /// returns whether it moved.
    @discardableResult
    public func advance(to time: Timestamp) -> Bool {
        let (moved, due) = state.withLock { s -> (Bool, [Sleeper]) in
            guard time.nanoseconds >= s.now else { return (false, []) }
            s.now = time.nanoseconds
            let due = s.sleepers.filter { $0.deadline <= s.now }
            guard !due.isEmpty else { return (true, []) }
            s.sleepers.removeAll { $0.deadline <= s.now }
            return (true, due.sorted { ($0.deadline, $0.id) < ($1.deadline, $1.id) })
        }
        for sleeper in due { sleeper.continuation.resume() }
        return moved
    }

    /// Moves forward by `duration` (negative durations are ignored).
    public func advance(by duration: Duration) {
        let target = now().advanced(by: duration)
        advance(to: target)
    }

    /// How many tasks wait on the clock now.
    public var sleeping: Int { state.withLock { $0.sleepers.count } }

    /// The earliest time a sleeper waits for, if any: where a driver that
    /// runs "until nothing is left to do" advances next.
    public var nextWake: Timestamp? { state.withLock { $0.sleepers.map(\.deadline).min() }.map(Timestamp.init(nanoseconds:)) }

    public func sleep(until deadline: Timestamp) async throws {
        let id = state.withLock { s -> UInt64 in
            s.nextID &+= 1
            return s.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let ready = state.withLock { s -> Result<Void, any Error>? in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if deadline.nanoseconds <= s.now { return .success(()) }
                    s.sleepers.append(Sleeper(id: id, deadline: deadline.nanoseconds, continuation: c))
                    return nil
                }
                if let ready { c.resume(with: ready) }
            }
        } onCancel: {
            let cancelled = state.withLock { s -> Sleeper? in
                guard let i = s.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return s.sleepers.remove(at: i)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
        }
    }
}
