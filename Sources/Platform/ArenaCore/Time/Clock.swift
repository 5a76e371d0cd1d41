import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The source of "now" for domain code, so that the same logic runs live
/// (wall clock) and in replays and backtests (simulated clock), and the way
/// to wait for a time on that clock (deadlines, timeouts).
public protocol ArenaClock: Sendable {
    /// The current time.
    func now() -> Timestamp
    /// Suspends (never blocking a thread) until the clock reads `deadline` or
    /// later; returns at once for a time already past.
    ///
    /// - Throws: `CancellationError` when the task is cancelled first.
    func sleep(until deadline: Timestamp) async throws
}

/// Real UTC time from the operating system.
public struct WallClock: ArenaClock {
    public init() {}

    public func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(nanoseconds: Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec))
    }

    public func sleep(until deadline: Timestamp) async throws {
        let left = deadline.nanoseconds - now().nanoseconds
        if left > 0 { try await Task.sleep(for: .nanoseconds(left)) }
        try Task.checkCancellation()
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
