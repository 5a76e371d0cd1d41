import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The source of "now" for domain code, so that the same logic runs live
/// (wall clock) and in replays and backtests (simulated clock).
public protocol ArenaClock: Sendable {
    /// The current time.
    func now() -> Timestamp
}

/// Real UTC time from the operating system.
public struct WallClock: ArenaClock {
    public init() {}

    public func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(nanoseconds: Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec))
    }
}

/// A clock that only moves when told: replays advance it to each event's time.
///
/// It never moves backwards: ``advance(to:)`` with an earlier time is ignored
/// and reported, so out-of-order replay input cannot rewind the arena.
public final class SimulatedClock: ArenaClock {
    private let current: Mutex<Int64>

    /// Starts at `start`.
    public init(start: Timestamp) { current = Mutex(start.nanoseconds) }

    public func now() -> Timestamp { Timestamp(nanoseconds: current.withLock { $0 }) }

    /// Moves to `time` if it is not earlier than now; returns whether it moved.
    @discardableResult
    public func advance(to time: Timestamp) -> Bool {
        current.withLock { value in
            guard time.nanoseconds >= value else { return false }
            value = time.nanoseconds
            return true
        }
    }

    /// Moves forward by `duration` (negative durations are ignored).
    public func advance(by duration: Duration) {
        let target = now().advanced(by: duration)
        advance(to: target)
    }
}

/// A monotonic clock for measuring latencies (never for event time).
public enum MonotonicClock {
    /// Nanoseconds from an arbitrary fixed origin.
    @inlinable
    public static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
