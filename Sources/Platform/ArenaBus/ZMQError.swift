import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A libzmq failure as a typed Swift error: the call that failed, `errno`
/// and libzmq's own text for it.
public struct ZMQError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The libzmq function that failed, for example `"zmq_bind"`.
    public let operation: String
    /// The `errno` value libzmq reported.
    public let code: Int32
    /// `zmq_strerror(code)`.
    public let message: String

    /// Captures the current `zmq_errno()` for `operation`.
    public static func last(_ operation: String) -> ZMQError {
        ZMQError(operation: operation, code: zmq_errno())
    }

    /// An error for `operation` with `code`, described by `zmq_strerror`
    /// (which also knows every POSIX `errno`, so system calls made next to
    /// libzmq calls, such as `pipe`, report through the same type).
    public init(operation: String, code: Int32) {
        self.init(operation: operation, code: code, message: String(cString: zmq_strerror(code)))
    }

    /// An error with an explicit message.
    public init(operation: String, code: Int32, message: String) {
        self.operation = operation
        self.code = code
        self.message = message
    }

    /// True when the call would have blocked (`EAGAIN`), e.g. a receive timeout.
    public var isWouldBlock: Bool { code == EAGAIN }
    /// True when the context was terminated (`ETERM`): the socket must close.
    public var isTerminated: Bool { code == ETERM }
    /// True when a signal interrupted the call (`EINTR`); it may be retried.
    public var isInterrupted: Bool { code == EINTR }
    /// True when a ROUTER with `ROUTER_MANDATORY` could not route to a peer (`EHOSTUNREACH`).
    public var isHostUnreachable: Bool { code == EHOSTUNREACH }
    /// True when the socket was already closed (`ENOTSOCK`).
    public var isClosedSocket: Bool { code == ENOTSOCK }

    /// `"<operation> failed: <message> (errno <code>)"`.
    public var description: String { "\(operation) failed: \(message) (errno \(code))" }

    /// The error a closed `ZMQSocket` reports for `operation`.
    static func closed(_ operation: String) -> ZMQError {
        ZMQError(operation: operation, code: ENOTSOCK, message: "socket is closed")
    }

    /// Runs a libzmq call that returns -1 on failure, retrying while a signal
    /// interrupts it: `EINTR` says nothing about the socket, so surfacing it
    /// would only push the same retry loop into every caller.
    @inline(__always)
    @discardableResult
    static func check(_ operation: String, _ call: () -> Int32) throws(ZMQError) -> Int32 {
        while true {
            let rc = call()
            if rc >= 0 { return rc }
            let code = zmq_errno()
            if code == EINTR { continue }
            throw ZMQError(operation: operation, code: code)
        }
    }
}
