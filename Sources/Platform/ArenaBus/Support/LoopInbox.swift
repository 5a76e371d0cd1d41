import Synchronization

/// The way into a bus loop from other threads and tasks: a `Mutex`-guarded
/// command queue plus the ``WakeSignal`` that interrupts the loop's poll.
///
/// Commands carry data and continuations straight to the loop without
/// touching a socket, so a caller never waits for the loop to be scheduled
/// and the loop's socket stays single-owner.
final class LoopInbox<Command: Sendable>: Sendable {
    enum PostResult: Equatable {
        /// Queued; the loop will see it.
        case posted
        /// The loop is stopping; the command was not queued.
        case stopped
        /// The `admit` check refused it.
        case refused
    }

    private struct State {
        var commands: [Command] = []
        var stopping = false
    }

    let wake: WakeSignal
    private let state = Mutex(State())

    init() throws(ZMQError) {
        wake = try WakeSignal()
    }

    /// Queues `command` and wakes the loop. `admit` runs under the queue's
    /// lock, which lets callers close races such as a task being cancelled
    /// while it submits (its cancel command then cannot overtake it).
    /// `duringShutdown` lets work already accepted (a reply being drained)
    /// reach a loop that is stopping.
    @discardableResult
    func post(_ command: Command, duringShutdown: Bool = false, admit: () -> Bool = { true }) -> PostResult {
        let result = state.withLock { s -> PostResult in
            if s.stopping && !duringShutdown { return .stopped }
            guard admit() else { return .refused }
            s.commands.append(command)
            return .posted
        }
        if result == .posted { wake.signal() }
        return result
    }

    /// Tells the loop to stop; later posts are refused with `.stopped`.
    func requestStop() {
        state.withLock { $0.stopping = true }
        wake.signal()
    }

    var isStopping: Bool { state.withLock { $0.stopping } }

    /// Runs `body` on every queued command, in order, even when it fails for
    /// one of them: a command can carry a continuation, and losing it to an
    /// error in another command would leave its caller waiting forever. The
    /// first failure is rethrown after all commands ran.
    func drain<E: Error>(_ body: (Command) throws(E) -> Void) throws(E) {
        var failure: E?
        for command in take() {
            do { try body(command) } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
    }

    /// Drains the wake-up pipe and returns the queued commands in order.
    func take() -> [Command] {
        wake.drain()
        return state.withLock { s in
            guard !s.commands.isEmpty else { return [] }
            defer { s.commands.removeAll(keepingCapacity: true) }
            return s.commands
        }
    }
}
