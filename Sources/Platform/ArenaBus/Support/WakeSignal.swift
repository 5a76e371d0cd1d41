#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Wakes a loop blocked in ``Poller/poll(timeout:)`` from any thread.
///
/// A non-blocking pipe whose read end sits in the loop's poller: writing a
/// byte makes it readable. Commands themselves travel through a
/// `Mutex`-guarded queue next to it, so no data crosses a socket and the
/// signal costs one `write(2)` only when the loop is not already due to wake.
final class WakeSignal: Sendable {
    /// The descriptor to poll for readability.
    let readFD: Int32
    private let writeFD: Int32
    /// Set between a signal and the loop's next ``drain()``; further signals
    /// in that window skip the system call.
    private let pending = Atomic<Bool>(false)

    init() throws(ZMQError) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw ZMQError(operation: "pipe", code: errno) }
        for fd in fds {
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readFD = fds[0]
        writeFD = fds[1]
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    /// Makes the read end readable unless a wake-up is already pending.
    func signal() {
        guard !pending.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var byte: UInt8 = 1
        // EAGAIN means the pipe is full, i.e. the loop is certainly going to
        // wake; EINTR is retried.
        while write(writeFD, &byte, 1) < 0 && errno == EINTR {}
    }

    /// Empties the pipe. Call before reading the command queue, so a command
    /// enqueued after this point signals again.
    func drain() {
        pending.store(false, ordering: .sequentiallyConsistent)
        withUnsafeTemporaryAllocation(byteCount: 64, alignment: 1) { buffer in
            while true {
                let n = read(readFD, buffer.baseAddress, buffer.count)
                if n > 0 { continue }
                if n < 0 && errno == EINTR { continue }
                return
            }
        }
    }
}
