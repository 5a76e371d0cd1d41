import Foundation

/// File reads and writes (recorded replies, a mounted key) off the cooperative pool: each runs on a
/// thread of its own while the calling task is suspended, so a slow disk never holds a pool thread.
enum FileWork {
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in Thread.detachNewThread { continuation.resume(returning: work()) } }
    }
}
