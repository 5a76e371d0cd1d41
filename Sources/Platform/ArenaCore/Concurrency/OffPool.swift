import Foundation

/// Blocking work (a file read, a model built from its file, seconds of computation) run on a thread of
/// its own while the calling task waits suspended: the cooperative pool has one thread per core, and a
/// thread held by a slow disk or a long computation is one the services' deadlines cannot use.
public enum OffPool {
    /// Runs `body` on a new thread and returns its result (or throws its error) without blocking the caller's thread.
    public static func run<T: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let result: Result<T, E> = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: Result { () throws(E) in try body() }) }
            // Debug builds recurse deeply (decoders, fixtures): a main-thread-sized stack.
            thread.stackSize = 8 << 20
            thread.start()
        }
        return try result.get()
    }
}
