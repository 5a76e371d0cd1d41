import ArenaCore
import ArenaWire

/// Builds a ``RequestHandler`` that serves several request types, each
/// with a typed handler; requests of any other type get an ``ErrorReply``
/// with code ``ErrorReply/Code/unsupportedType``.
///
/// ```swift
/// var router = RequestRouter()
/// router.on(ControlRequest.self) { request, message in status() }
/// let replier = try Replier(service: name, bind: [endpoint], handler: router.handler)
/// ```
public struct RequestRouter: Sendable {
    private var routes: [UInt16: RequestHandler] = [:]

    /// An empty router.
    public init() {}

    /// Serves requests of type `Request` with `handle`, which receives the
    /// decoded request and the message it came in (metadata, trace). A body that does not decode gets
    /// an ``ErrorReply`` with code ``ErrorReply/Code/badRequest``.
    public mutating func on<Request: WireMessage, Reply: WireMessage>(
        _ type: Request.Type, _ handle: @escaping @Sendable (Request, any BusMessage) async throws -> Reply
    ) {
        routes[Request.wireType.id] = { message in
            let request: Request
            do { request = try message.decode(Request.self) } catch {
                throw ErrorReply(code: ErrorReply.Code.badRequest, message: "\(Request.wireType.name): \(error)")
            }
            return try await handle(request, message)
        }
    }

    /// Adds `other`'s routes (its route wins for a type both serve).
    public mutating func merge(_ other: RequestRouter) {
        routes.merge(other.routes) { _, theirs in theirs }
    }

    /// The handler to give a ``RequestServer``.
    public var handler: RequestHandler {
        let routes = routes
        return { message in
            guard let route = routes[message.typeID] else {
                throw ErrorReply(code: ErrorReply.Code.unsupportedType, message: "no handler for message type \(message.typeID)")
            }
            return try await route(message)
        }
    }
}
