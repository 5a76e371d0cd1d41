import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A local stand-in for Discord's webhooks that speaks their wire format, for testing the
/// alerter (test support only; binds 127.0.0.1).
///
/// `POST /api/webhooks/{id}/{token}` (also `/api/v10/webhooks/…`) with a JSON body, as Discord's
/// Execute Webhook (https://discord.com/developers/docs/resources/webhook#execute-webhook):
/// - accepted: 204 with no body, or with `?wait=true` 200 and the created message object;
/// - a body over Discord's limits: 400 `{"code": 50035, "message": "Invalid Form Body", "errors": …}`
///   (``DiscordValidation``); nothing to show: 400 code 50006; not JSON: 400 code 50109;
/// - an unknown (or deleted) webhook: 404 code 10015; a wrong token: 401 code 50027;
/// - with `rateLimit`, a bucket per webhook and Discord's `X-RateLimit-*` headers on every
///   answer past the token check; over the limit, 429 as Discord words it;
/// - scripted answers (``script(_:forWebhook:)``) come first, one per request;
/// - `GET /_fake/count`: `{"messages": accepted, "requests": all}` (for a fake in another process).
public final class FakeDiscord: Sendable {
    /// The bound port.
    public let port: Int
    private let state: Locked<State>
    private let server: NotifierServer

    /// Starts serving on 127.0.0.1 (`port` 0 picks a free one); returns once listening.
    /// `rateLimit` gives each webhook a bucket of `limit` requests per `window`.
    public init(port: Int = 0, rateLimit: (limit: Int, window: Duration)? = nil) async throws {
        let state = Locked(State(limiter: rateLimit.map { DiscordRateLimiter(limit: $0.limit, window: $0.window) }))
        let held = HeldRequests()
        let router = Router()
        // Discord serves the unversioned path and every `/api/v{n}/` one alike.
        for path in ["/api/webhooks/:id/:token", "/api/:version/webhooks/:id/:token"] {
            router.post(RouterPath(stringLiteral: path)) { request, context -> Response in
                try await Self.execute(request, context, state, held)
            }
        }
        // For a process that runs the fake (`arena-testkit fake-discord`): how much has arrived.
        router.get("/_fake/count") { _, _ -> Response in
            let (messages, requests) = state.withLock { ($0.messages.count, $0.requests.count) }
            return .json(200, .object(["messages": .int(Int64(messages)), "requests": .int(Int64(requests))]))
        }
        let server = try await NotifierServer(port: port, label: "arena.fake-discord", held: held, router: router)
        self.state = state
        self.server = server
        self.port = server.port
    }

    /// Registers webhook `id` with `token` and returns its URL,
    /// `http://127.0.0.1:<port>/api/webhooks/<id>/<token>`.
    public func webhook(id: String, token: String) -> String {
        state.withLock { $0.webhooks[id] = State.Webhook(token: token, channelID: $0.snowflake()) }
        return "http://127.0.0.1:\(port)/api/webhooks/\(id)/\(token)"
    }

    /// Unregisters webhook `id`: later posts get 404 `{"message": "Unknown Webhook", "code": 10015}`.
    public func delete(id: String) {
        state.withLock { _ = $0.webhooks.removeValue(forKey: id) }
    }

    /// Queues answers for the next requests to webhook `id` (after any already queued).
    public func script(_ answers: [FakeNotifierAnswer], forWebhook id: String) {
        state.withLock { $0.scripts.append(answers, for: id) }
    }

    /// Accepted messages (answered 200 or 204), in arrival order.
    public var messages: [Message] { state.withLock { $0.messages } }

    /// Every request, accepted or not, with its status, in arrival order.
    public var requests: [Request] { state.withLock { $0.requests } }

    /// Why each refused payload was refused (which limit), in arrival order.
    public var rejections: [String] { state.withLock { $0.rejections } }

    /// Waits (polling, never blocking a thread) until at least `count` messages were accepted and
    /// returns them all; throws ``FakeNotifierTimeout`` listing what arrived when `timeout` passes first.
    public func waitForMessages(_ count: Int, timeout: Duration) async throws -> [Message] {
        try await waitForItems(count, timeout: timeout, what: "Discord messages", current: { messages }) { message in
            let title = message.payload.embeds.first?.title.map { " embed \"\($0)\"" } ?? ""
            return "\(message.webhookID): \"\(message.payload.content ?? "")\"\(title)"
        }
    }

    /// Stops serving; requests held by ``FakeNotifierAnswer/hang`` are dropped unanswered.
    public func shutdown() async {
        await server.shutdown()
    }

    /// One Execute Webhook request: the scripted answer, or Discord's.
    private static func execute(
        _ request: Hummingbird.Request, _ context: BasicRequestContext, _ state: Locked<State>, _ held: HeldRequests
    ) async throws -> Response {
        let arrived = ContinuousClock.now
        let id = context.parameters.get("id") ?? ""
        if let version = context.parameters.get("version"), !(version.hasPrefix("v") && Int(version.dropFirst()) != nil) {
            return .json(404, .object(["message": .string("404: Not Found"), "code": .int(0)]))
        }
        let call = State.Call(
            webhookID: id, token: context.parameters.get("token") ?? "",
            wait: ["true", "1"].contains(request.uri.queryParameters.get("wait")?.lowercased() ?? ""),
            contentType: request.headers[.contentType] ?? "",
            body: Array(try await request.body.collect(upTo: 8 << 20).readableBytesView), arrived: arrived
        )
        let scripted = state.withLock { $0.scripts.next(for: id) }
        if scripted == .hang {
            state.withLock { $0.requests.append(Request(webhookID: id, status: 0, receivedAt: arrived)) }
            try await held.hold()
        }
        return state.withLock { $0.answer(call, scripted: scripted) }
    }
}
