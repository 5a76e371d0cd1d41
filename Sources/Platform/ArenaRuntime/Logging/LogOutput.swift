import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where formatted log lines go: standard error, or a closure (tests, files).
///
/// One lock serialises writers so that lines from concurrent tasks never
/// interleave mid-line; every line is written with a single `write(2)`.
public final class LogOutput: Sendable {
    private let sink: Mutex<@Sendable (String) -> Void>

    /// Whether this output is a terminal, which ``LogFormat/auto`` uses to pick the console format.
    public let isTerminal: Bool

    /// An output that hands each complete line (with its newline) to `write`.
    public init(isTerminal: Bool = false, write: @escaping @Sendable (String) -> Void) {
        self.isTerminal = isTerminal
        sink = Mutex(write)
    }

    /// The process's standard error, the conventional stream for service logs
    /// (standard output stays free for a command's own output).
    public static let standardError = LogOutput(isTerminal: isatty(STDERR_FILENO) == 1, write: writeToStandardError)

    /// Writes one line; `line` must end with a newline.
    public func write(_ line: String) {
        sink.withLock { $0(line) }
    }
}

/// Writes all of `line` to file descriptor 2, resuming after partial writes and signals.
private func writeToStandardError(_ line: String) {
    var remaining = Array(line.utf8)[...]
    while !remaining.isEmpty {
        let written = remaining.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        if written < 0 {
            if errno == EINTR { continue }
            // Nowhere is left to report a failing stderr; dropping the line beats crashing or spinning.
            return
        }
        remaining = remaining.dropFirst(written)
    }
}
