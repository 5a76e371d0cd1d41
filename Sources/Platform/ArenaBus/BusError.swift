import ArenaCore
import ArenaWire

/// Why a bus operation failed.
public enum BusError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A libzmq call failed.
    case zmq(ZMQError)
    /// A message could not be encoded, or a received one could not be decoded as the expected type.
    case wire(WireError)
    /// No reply after `attempts` tries of `perAttempt` each (lazy-pirate retries exhausted).
    case timeout(attempts: Int, perAttempt: Duration)
    /// The peer answered with an error reply.
    case remote(ErrorReply)
    /// The reply frame is not a valid envelope, or does not answer the request.
    case malformedReply(String)
    /// The component was closed before or while the operation ran.
    case closed
    /// The calling task was cancelled.
    case cancelled
    /// A configuration value is unusable; the text names it.
    case invalidConfiguration(String)
    /// Another object is already bound at this in-process address.
    case addressInUse(String)
    /// libzmq was built without CURVE support (`zmq_has("curve")` is false).
    case curveUnavailable

    /// A one-line explanation for logs and operators.
    public var description: String {
        switch self {
        case let .zmq(e): "ZeroMQ error: \(e)"
        case let .wire(e): "wire error: \(e)"
        case let .timeout(attempts, perAttempt): "no reply after \(attempts) attempt(s) of \(perAttempt) each"
        case let .remote(reply): "peer replied with error \(reply.code): \(reply.message)"
        case let .malformedReply(why): "malformed reply: \(why)"
        case .closed: "the bus component is closed"
        case .cancelled: "the operation was cancelled"
        case let .invalidConfiguration(why): "invalid bus configuration: \(why)"
        case let .addressInUse(address): "the in-process address \(address) is already bound"
        case .curveUnavailable: "this libzmq has no CURVE support (rebuild it with libsodium)"
        }
    }
}
