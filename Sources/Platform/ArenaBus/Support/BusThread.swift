import Foundation
import Synchronization

/// A dedicated OS thread for a bus loop.
///
/// Blocking ZeroMQ calls (poll, receive) must never run on Swift's
/// cooperative pool, where they would starve unrelated tasks; every loop of
/// the bus runs on one of these instead. ``join()`` lets `close()` wait until
/// the loop has closed its sockets, so an endpoint can be bound again at once.
final class BusThread: Sendable {
    private struct State {
        var exited = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    private init() {}

    /// Starts `body` on a new thread named `name` (visible in debuggers and `top -H`; cut to Linux's 15 bytes).
    static func start(name: String, _ body: @escaping @Sendable () -> Void) -> BusThread {
        let handle = BusThread()
        let thread = Thread {
            body()
            handle.markExited()
        }
        thread.name = ThreadName.fitting(name)
        // Loops keep little on the stack; 512 KiB leaves ample room for
        // envelope parsing while keeping many threads cheap.
        thread.stackSize = 512 * 1024
        thread.start()
        return handle
    }

    private func markExited() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.exited = true
            defer { s.waiters.removeAll() }
            return s.waiters
        }
        for w in waiters { w.resume() }
    }

    /// True once the body has returned.
    var hasExited: Bool { state.withLock { $0.exited } }

    /// Suspends (without blocking a thread) until the body has returned.
    func join() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let done = state.withLock { s -> Bool in
                if s.exited { return true }
                s.waiters.append(c)
                return false
            }
            if done { c.resume() }
        }
    }
}
