import Foundation
import Hummingbird
import NIOCore

/// A local stand-in for the Telegram Bot API's `sendMessage`, speaking its wire format, for
/// testing the alerter (test support only; binds 127.0.0.1).
///
/// `POST` (or `GET`) `/bot<token>/sendMessage` with a JSON or `application/x-www-form-urlencoded`
/// body (or query parameters): `chat_id` (number or `@channel`), `text`, `parse_mode`
/// (`MarkdownV2` is parsed by ``TelegramMarkdownV2``; `HTML` and `Markdown` are refused as
/// unsupported by the fake), `link_preview_options`, `disable_web_page_preview` and
/// `disable_notification` are accepted
/// (https://core.telegram.org/bots/api#sendmessage).
/// - accepted: 200 `{"ok": true, "result": {message_id, from, chat, date, text, entities}}`, the text
///   as Telegram keeps it (markup removed, cleaned, trimmed) and the entities in UTF-16 units;
/// - unknown token: 401 Unauthorized; another method: 404 Not Found;
/// - 400 `Bad Request: …`: `message text is empty`, `can't parse entities: …`, `chat_id is empty`,
///   `chat not found`, `text must be non-empty` (blank after parsing), `message is too long`
///   (over 4096 UTF-16 units after parsing);
/// - scripted answers (``script(_:forBot:)``) come first, one per request.
public final class FakeTelegram: Sendable {
    /// The bound port.
    public let port: Int
    private let state: Locked<State>
    private let server: NotifierServer

    /// Starts serving on 127.0.0.1 (`port` 0 picks a free one); returns once listening.
    public init(port: Int = 0) async throws {
        let state = Locked(State())
        let held = HeldRequests()
        let router = Router()
        router.on("/:bot/:method", method: .post) { request, context in try await Self.call(request, context, state, held) }
        router.on("/:bot/:method", method: .get) { request, context in try await Self.call(request, context, state, held) }
        let server = try await NotifierServer(port: port, label: "arena.fake-telegram", held: held, router: router)
        self.state = state
        self.server = server
        self.port = server.port
    }

    /// The base URL to give the client instead of `https://api.telegram.org`.
    public var apiURL: String { "http://127.0.0.1:\(port)" }

    /// Registers a bot token; requests with any other token get 401
    /// `{"ok": false, "error_code": 401, "description": "Unauthorized"}`.
    public func addBot(token: String) {
        state.withLock { _ = $0.bots.insert(token) }
    }

    /// Registers a chat: a numeric id (`"12345"`, `"-1001234567890"`) or a channel's `"@name"`;
    /// `sendMessage` to any other gets 400 `Bad Request: chat not found`.
    public func addChat(_ id: String) {
        state.withLock { _ = $0.chats.insert(State.chatKey(id)) }
    }

    /// Queues answers for the next requests with bot `token` (after any already queued).
    public func script(_ answers: [FakeNotifierAnswer], forBot token: String) {
        state.withLock { $0.scripts.append(answers, for: token) }
    }

    /// Accepted messages, in arrival order.
    public var messages: [Message] { state.withLock { $0.messages } }

    /// Every request, accepted or not, with its status, in arrival order.
    public var requests: [Request] { state.withLock { $0.requests } }

    /// The description of every 400 answered, in arrival order.
    public var rejections: [String] { state.withLock { $0.rejections } }

    /// Waits (polling, never blocking a thread) until at least `count` messages were accepted and
    /// returns them all; throws ``FakeNotifierTimeout`` listing what arrived when `timeout` passes first.
    public func waitForMessages(_ count: Int, timeout: Duration) async throws -> [Message] {
        try await waitForItems(count, timeout: timeout, what: "Telegram messages", current: { messages }) { message in
            "\(message.chatID): \"\(message.plainText.prefix(80))\""
        }
    }

    /// Stops serving; requests held by ``FakeNotifierAnswer/hang`` are dropped unanswered.
    public func shutdown() async {
        await server.shutdown()
    }

    /// One Bot API call: the scripted answer, or Telegram's.
    private static func call(
        _ request: Hummingbird.Request, _ context: BasicRequestContext, _ state: Locked<State>, _ held: HeldRequests
    ) async throws -> Response {
        let arrived = ContinuousClock.now
        let segment = context.parameters.get("bot") ?? ""
        let call = State.Call(
            token: segment.hasPrefix("bot") ? String(segment.dropFirst(3)) : "", method: context.parameters.get("method") ?? "",
            query: request.uri.query ?? "", contentType: request.headers[.contentType] ?? "",
            body: Array(try await request.body.collect(upTo: 1 << 20).readableBytesView), arrived: arrived
        )
        guard segment.hasPrefix("bot") else { return state.withLock { $0.record(call, .json(404, TelegramAnswer.notFound)) } }
        let scripted = state.withLock { $0.scripts.next(for: call.token) }
        if scripted == .hang {
            state.withLock { $0.requests.append(Request(botToken: call.token, method: call.method, status: 0, receivedAt: arrived)) }
            try await held.hold()
        }
        return state.withLock { $0.answer(call, scripted: scripted) }
    }
}

extension FakeTelegram {
    /// A message Telegram accepted (answered 200).
    public struct Message: Sendable {
        /// The bot that sent it.
        public let botToken: String
        /// The chat as the request named it (`"12345"`, `"-100…"` or `"@channel"`).
        public let chatID: String
        /// The `text` parameter as sent (markup included).
        public let text: String
        /// The `parse_mode` parameter, when given.
        public let parseMode: String?
        /// The text Telegram shows: markup and escapes removed, cleaned and trimmed.
        public let plainText: String
        /// The entities of ``plainText`` (UTF-16 offsets), as the answer lists them.
        public let entities: [TelegramMarkdownV2.Entity]
        /// When the request arrived.
        public let receivedAt: ContinuousClock.Instant
        /// The `message_id` answered (counted per chat from 1).
        public let messageID: Int
        /// Whether `disable_notification` was true.
        public let disableNotification: Bool
    }

    /// One request to the fake, whatever its answer.
    public struct Request: Sendable, Equatable {
        /// The token in the path (empty when the path had no `bot<token>` segment).
        public let botToken: String
        /// The method in the path, as written (`sendMessage`).
        public let method: String
        /// The status answered; 0 for a request held unanswered (``FakeNotifierAnswer/hang``).
        public let status: Int
        /// When it arrived.
        public let receivedAt: ContinuousClock.Instant
    }
}
