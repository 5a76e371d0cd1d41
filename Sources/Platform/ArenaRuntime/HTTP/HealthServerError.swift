/// Why the port of a health server is not available.
public enum HealthServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server could not start (for example: the port is taken).
    case failedToStart(reason: String)
    /// The server stopped before it was listening.
    case stopped
    /// The listening socket has no TCP port (not expected for `hostname` bind addresses).
    case noPort

    /// A one-line description for logs and messages.
    public var description: String {
        switch self {
        case let .failedToStart(reason): "health server failed to start: \(reason)"
        case .stopped: "health server stopped before it was listening"
        case .noPort: "health server's socket has no TCP port"
        }
    }
}
