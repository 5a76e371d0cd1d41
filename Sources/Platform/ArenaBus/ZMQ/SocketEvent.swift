import CZeroMQ

/// A connection-level event reported by a ``SocketMonitor``.
public struct SocketEvent: Sendable, Hashable, CustomStringConvertible {
    /// What happened.
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        /// An outgoing connection completed.
        case connected
        /// A connect was started asynchronously and is pending.
        case connectDelayed
        /// A reconnect attempt was scheduled.
        case connectRetried
        /// The socket is listening on an endpoint.
        case listening
        /// Binding an endpoint failed.
        case bindFailed
        /// An incoming connection was accepted.
        case accepted
        /// Accepting an incoming connection failed.
        case acceptFailed
        /// A connection's file descriptor was closed.
        case closed
        /// Closing a connection failed.
        case closeFailed
        /// A connection was broken by the peer or the network.
        case disconnected
        /// The monitor stopped (the socket closed); no further events.
        case monitorStopped
        /// The security handshake failed for a reason libzmq does not detail.
        case handshakeFailedNoDetail
        /// The security handshake succeeded: the peer is authenticated.
        case handshakeSucceeded
        /// The handshake failed on a protocol error (``SocketEvent/value`` is a `ZMQ_PROTOCOL_ERROR_*` code).
        case handshakeFailedProtocol
        /// The handshake failed because authentication was refused (``SocketEvent/value`` is the ZAP status code).
        case handshakeFailedAuth
        /// An event this build does not name.
        case other(UInt16)

        init(code: UInt16) {
            switch Int32(code) {
            case ZMQ_EVENT_CONNECTED: self = .connected
            case ZMQ_EVENT_CONNECT_DELAYED: self = .connectDelayed
            case ZMQ_EVENT_CONNECT_RETRIED: self = .connectRetried
            case ZMQ_EVENT_LISTENING: self = .listening
            case ZMQ_EVENT_BIND_FAILED: self = .bindFailed
            case ZMQ_EVENT_ACCEPTED: self = .accepted
            case ZMQ_EVENT_ACCEPT_FAILED: self = .acceptFailed
            case ZMQ_EVENT_CLOSED: self = .closed
            case ZMQ_EVENT_CLOSE_FAILED: self = .closeFailed
            case ZMQ_EVENT_DISCONNECTED: self = .disconnected
            case ZMQ_EVENT_MONITOR_STOPPED: self = .monitorStopped
            case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL: self = .handshakeFailedNoDetail
            case ZMQ_EVENT_HANDSHAKE_SUCCEEDED: self = .handshakeSucceeded
            case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL: self = .handshakeFailedProtocol
            case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH: self = .handshakeFailedAuth
            default: self = .other(code)
            }
        }

        /// True for the three handshake-failure kinds.
        public var isHandshakeFailure: Bool {
            self == .handshakeFailedAuth || self == .handshakeFailedProtocol || self == .handshakeFailedNoDetail
        }

        /// A lower-case name for logs.
        public var description: String {
            switch self {
            case .connected: "connected"
            case .connectDelayed: "connect-delayed"
            case .connectRetried: "connect-retried"
            case .listening: "listening"
            case .bindFailed: "bind-failed"
            case .accepted: "accepted"
            case .acceptFailed: "accept-failed"
            case .closed: "closed"
            case .closeFailed: "close-failed"
            case .disconnected: "disconnected"
            case .monitorStopped: "monitor-stopped"
            case .handshakeFailedNoDetail: "handshake-failed"
            case .handshakeSucceeded: "handshake-succeeded"
            case .handshakeFailedProtocol: "handshake-failed-protocol"
            case .handshakeFailedAuth: "handshake-failed-auth"
            case let .other(code): "event-0x\(String(code, radix: 16))"
            }
        }
    }

    /// What happened.
    public var kind: Kind
    /// The event's value: a file descriptor, an `errno`, a reconnect
    /// interval, a `ZMQ_PROTOCOL_ERROR_*` code or a ZAP status, by kind.
    public var value: UInt32
    /// The endpoint concerned.
    public var endpoint: String

    /// An event.
    public init(kind: Kind, value: UInt32, endpoint: String) {
        self.kind = kind
        self.value = value
        self.endpoint = endpoint
    }

    /// `"<kind> <endpoint> (<value>)"`.
    public var description: String { "\(kind) \(endpoint) (\(value))" }

    /// Parses libzmq's two-frame monitor message: a 6-byte frame holding the
    /// event code (u16) and value (u32) in host byte order, then the endpoint.
    init?(frames: [[UInt8]]) {
        guard frames.count == 2, frames[0].count == 6 else { return nil }
        let (code, value) = frames[0].withUnsafeBytes { raw in
            (raw.loadUnaligned(fromByteOffset: 0, as: UInt16.self), raw.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
        }
        self.init(kind: Kind(code: code), value: value, endpoint: String(decoding: frames[1], as: UTF8.self))
    }
}
