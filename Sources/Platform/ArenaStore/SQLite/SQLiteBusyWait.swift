import CSQLite
import Foundation

/// How a connection waits for another process's write lock.
///
/// SQLite's own busy handler (`sqlite3_busy_timeout`) sleeps 1 ms, then 2, 5,
/// 10… between tries: a journal write that meets another service's commit
/// (they share one file) waited a millisecond or more for a lock held for a
/// few dozen microseconds. This handler tries again after 20 µs, doubling up
/// to 1 ms, until the same timeout has passed. It sleeps the connection's own
/// thread (never a cooperative-pool thread): SQLite offers no notification
/// across processes when a lock is released.
enum SQLiteBusyWait {
    static let firstMicroseconds: UInt64 = 20
    static let longestMicroseconds: UInt64 = 1_000

    /// The sleep before try `attempt` (0-based).
    static func delay(attempt: Int32) -> UInt64 {
        min(longestMicroseconds, firstMicroseconds << UInt64(min(max(attempt, 0), 10)))
    }

    /// The sleeps before try `attempt`, added up.
    static func waited(before attempt: Int32) -> UInt64 {
        var total: UInt64 = 0, step: Int32 = 0
        while step < attempt, delay(attempt: step) < longestMicroseconds {
            total += delay(attempt: step)
            step += 1
        }
        return total + UInt64(max(0, attempt - step)) * longestMicroseconds
    }

    /// Installs the handler on `db` with a timeout of `timeout`.
    static func install(on db: OpaquePointer, timeout: Duration) {
        let (seconds, attoseconds) = timeout.components
        let micros = max(0, seconds) * 1_000_000 + attoseconds / 1_000_000_000_000
        // The timeout travels as the context pointer's value: the handler is a C function and captures nothing.
        let context = UnsafeMutableRawPointer(bitPattern: UInt(clamping: max(1, micros)))
        sqlite3_busy_handler(db, { context, attempt in
            let timeout = UInt64(UInt(bitPattern: context))
            let waited = SQLiteBusyWait.waited(before: attempt)
            guard waited < timeout else { return 0 }
            usleep(UInt32(min(SQLiteBusyWait.delay(attempt: attempt), timeout - waited)))
            return 1
        }, context)
    }
}
