import ArenaCore
import ArenaWire

/// Builds a ``Replier/Handler`` that serves several request types, each
/// with a typed handler; requests of any other type get an ``ErrorReply``
/// with code ``ErrorReply/Code/unsupportedType``.
///
/// ```swift
/// var router = RequestRouter()
/// router.on(ControlRequest.self) { request, envelope in status() }
/// let replier = try Replier(service: name, bind: [endpoint], handler: router.handler)
/// ```
public struct RequestRouter: Sendable {
    private var routes: [UInt16: Replier.Handler] = [:]

    /// An empty router.
    public init() {}

    /// Serves requests of type `Request` with `handle`, which receives the
    /// decoded request and its envelope. A body that does not decode gets
    /// an ``ErrorReply`` with code ``ErrorReply/Code/badRequest``.
    public mutating func on<Request: WireMessage, Reply: WireMessage>(
        _ type: Request.Type, _ handle: @escaping @Sendable (Request, Envelope) async throws -> Reply
    ) {
        routes[Request.wireType.id] = { envelope in
            let request: Request
            do { request = try envelope.decode(Request.self) } catch {
                throw ErrorReply(code: ErrorReply.Code.badRequest, message: "\(Request.wireType.name): \(error)")
            }
            return try await handle(request, envelope)
        }
    }

    /// The handler to give a ``Replier``.
    public var handler: Replier.Handler {
        let routes = routes
        return { envelope in
            guard let route = routes[envelope.typeID] else {
                throw ErrorReply(code: ErrorReply.Code.unsupportedType, message: "no handler for message type \(envelope.typeID)")
            }
            return try await route(envelope)
        }
    }
}
