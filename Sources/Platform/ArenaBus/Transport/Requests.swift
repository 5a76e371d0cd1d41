import ArenaCore
import ArenaWire

/// Sends requests and waits for their replies (the request/reply pattern:
/// history queries, decisions to the risk guard, orders, control).
///
/// A request that gets no reply within its timeout is sent again with the
/// same message id (so the server answers a repeat from memory instead of
/// acting twice), up to `retries` times.
public protocol RequestClient: Sendable {
    /// Sends `request` and returns the reply (of any type but ``ArenaCore/ErrorReply``,
    /// which is thrown as ``BusError/remote(_:)``).
    ///
    /// - Parameters:
    ///   - timeout: per attempt; nil takes the client's default.
    ///   - retries: resends after timeouts; nil takes the client's default.
    /// - Throws: ``BusError/timeout(attempts:perAttempt:)``, ``BusError/remote(_:)``,
    ///   ``BusError/wire(_:)``, ``BusError/cancelled``, ``BusError/closed``.
    func send<Request: WireMessage>(
        _ request: Request, trace: String?, timeout: Duration?, retries: Int?
    ) async throws(BusError) -> any BusMessage
    /// Fails the calls still waiting with ``BusError/closed`` and stops.
    func close() async
}

extension RequestClient {
    /// Sends `request` and decodes the reply as `Reply`.
    ///
    /// - Throws: as ``send(_:trace:timeout:retries:)``, and ``BusError/wire(_:)``
    ///   when the reply is of another type.
    public func request<Request: WireMessage, Reply: WireMessage>(
        _ request: Request, expecting: Reply.Type, trace: String? = nil, timeout: Duration? = nil, retries: Int? = nil
    ) async throws(BusError) -> Reply {
        let reply = try await send(request, trace: trace, timeout: timeout, retries: retries)
        do { return try reply.decode(Reply.self) } catch { throw .wire(error) }
    }

    /// Sends `request` and returns the reply message.
    public func request<Request: WireMessage>(
        _ request: Request, trace: String? = nil, timeout: Duration? = nil, retries: Int? = nil
    ) async throws(BusError) -> any BusMessage {
        try await send(request, trace: trace, timeout: timeout, retries: retries)
    }
}

/// Answers requests with a handler, several at once.
///
/// Errors are replies too: a handler that throws ``ArenaCore/ErrorReply``
/// sends it; any other error becomes an `ErrorReply` with code
/// ``ArenaCore/ErrorReply/Code/handlerFailed``. A repeated request (same
/// message id, after the client's timeout) is answered from memory or joined
/// to the one still running, never handled twice.
public protocol RequestServer: Sendable {
    /// Stops taking requests, lets those in flight finish for a while, and stops.
    func close() async
}

/// The handler of a ``RequestServer``: the request in, the reply out.
public typealias RequestHandler = @Sendable (any BusMessage) async throws -> any WireMessage
