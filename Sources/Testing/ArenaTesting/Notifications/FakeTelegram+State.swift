import Foundation
import HTTPTypes
import Hummingbird

extension FakeTelegram {
    /// Everything the fake knows, behind its lock; answers are computed and recorded in one step
    /// so that ``requests`` and ``messages`` keep arrival order.
    struct State {
        /// What one request brought.
        struct Call {
            let token: String
            let method: String
            let query: String
            let contentType: String
            let body: [UInt8]
            let arrived: ContinuousClock.Instant
        }

        /// Telegram's limit on a message text after entity parsing, in UTF-16 units.
        static let maxTextLength = 4096

        var bots: Set<String> = []
        var chats: Set<String> = []
        var scripts = AnswerScripts()
        var messages: [Message] = []
        var requests: [Request] = []
        var rejections: [String] = []
        private var lastMessageID: [String: Int] = [:]

        /// How a chat id is matched: numbers as numbers, `@names` without regard to case.
        static func chatKey(_ id: String) -> String {
            id.hasPrefix("@") ? id.lowercased() : Int64(id).map(String.init) ?? id
        }

        /// Records `call` as answered by `response`.
        mutating func record(_ call: Call, _ response: Response) -> Response {
            requests.append(Request(botToken: call.token, method: call.method, status: Int(response.status.code), receivedAt: call.arrived))
            return response
        }

        /// Answers `call` (as scripted, else as Telegram would) and records it.
        mutating func answer(_ call: Call, scripted: FakeNotifierAnswer) -> Response {
            switch scripted {
            case .rateLimited(let retryAfter):
                // The Bot API speaks whole seconds.
                let seconds = max(1, Int(retryAfter.rounded(.up)))
                var headers = HTTPFields()
                headers.set("Retry-After", String(seconds))
                let body = TelegramAnswer.error(
                    429, "Too Many Requests: retry after \(seconds)", parameters: .object(["retry_after": .int(Int64(seconds))])
                )
                return record(call, .json(429, body, headers: headers))
            case .serverError(let status):
                return record(call, .json(status, TelegramAnswer.error(status, reasonPhrase(status))))
            case .notFound:
                return record(call, .json(404, TelegramAnswer.notFound))
            case .normal, .hang:
                // A held request that is let go at shutdown is answered normally, to a client long gone.
                return record(call, respond(call))
            }
        }

        /// Telegram's own behaviour, in the Bot API's order: token, method, the text and its
        /// markup, then the chat, then what the server checks of the text it keeps.
        private mutating func respond(_ call: Call) -> Response {
            guard bots.contains(call.token) else { return .json(401, TelegramAnswer.unauthorized) }
            guard call.method.lowercased() == "sendmessage" else { return .json(404, TelegramAnswer.notFound) }
            let parameters: [String: JSONValue]
            switch TelegramParameters.read(query: call.query, contentType: call.contentType, body: call.body) {
            case .success(let read): parameters = read
            case .failure(let refusal): return badRequest(refusal.description)
            }
            let text = parameters["text"]?.text ?? ""
            guard !text.isEmpty else { return badRequest("message text is empty") }
            let parseMode = parameters["parse_mode"]?.text
            var parsed: (text: String, entities: [TelegramMarkdownV2.Entity])
            switch parseMode?.lowercased() ?? "" {
            case "", "none":
                parsed = TelegramText.clean(text, [])
            case "markdownv2":
                do { parsed = try TelegramMarkdownV2.parse(text) } catch { return badRequest(error.description) }
            case "markdown", "html":
                return badRequest("parse_mode \(parseMode ?? "") is unsupported in the fake (it parses MarkdownV2 only)")
            default:
                return badRequest("unsupported parse_mode")
            }
            guard let chatID = parameters["chat_id"]?.text, !chatID.isEmpty else { return badRequest("chat_id is empty") }
            guard chats.contains(Self.chatKey(chatID)) else { return badRequest("chat not found") }
            guard let kept = TelegramText.trim(parsed.text, parsed.entities) else { return badRequest("text must be non-empty") }
            guard kept.text.utf16.count <= Self.maxTextLength else { return badRequest("message is too long") }

            let messageID = lastMessageID[Self.chatKey(chatID), default: 0] + 1
            lastMessageID[Self.chatKey(chatID)] = messageID
            messages.append(
                Message(
                    botToken: call.token, chatID: chatID, text: text, parseMode: parseMode, plainText: kept.text, entities: kept.entities,
                    receivedAt: call.arrived, messageID: messageID, disableNotification: parameters["disable_notification"]?.text == "true"
                )
            )
            var result: [String: JSONValue] = [
                "message_id": .int(Int64(messageID)), "date": .int(Int64(Date().timeIntervalSince1970)),
                "chat": TelegramAnswer.chat(chatID), "text": .string(kept.text),
            ]
            // Channel posts have no sender; Telegram leaves `from` out of them.
            if !chatID.hasPrefix("@") { result["from"] = TelegramAnswer.bot(call.token) }
            if !kept.entities.isEmpty { result["entities"] = JSONValue.from(kept.entities) }
            return .json(200, .object(["ok": .bool(true), "result": .object(result)]))
        }

        private mutating func badRequest(_ description: String) -> Response {
            rejections.append("Bad Request: \(description)")
            return .json(400, TelegramAnswer.error(400, "Bad Request: \(description)"))
        }
    }
}

/// A request's parameters, as the Bot API reads them: the query string, then a JSON object or
/// a URL-encoded form body.
enum TelegramParameters {
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    static func read(query: String, contentType: String, body: [UInt8]) -> Result<[String: JSONValue], Refusal> {
        var parameters = form(query)
        let type = contentType.lowercased()
        if type.hasPrefix("application/json") {
            // The fake's wording: the Bot API's own for a broken JSON body is not documented.
            guard case .object(let members) = JSONValue.parse(body) ?? .null else {
                return .failure(Refusal(description: "can't parse JSON object"))
            }
            parameters.merge(members) { _, body in body }
        } else if type.hasPrefix("application/x-www-form-urlencoded") {
            parameters.merge(form(String(decoding: body, as: UTF8.self))) { _, body in body }
        } else if !body.isEmpty {
            return .failure(Refusal(description: "Content-Type \"\(contentType)\" is unsupported in the fake (use JSON or a URL-encoded form)"))
        }
        return .success(parameters)
    }

    /// `a=1&b=x+y` (`+` is a space, then percent-decoding).
    private static func form(_ text: String) -> [String: JSONValue] {
        var parameters: [String: JSONValue] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            parameters[decode(parts[0])] = .string(parts.count > 1 ? decode(parts[1]) : "")
        }
        return parameters
    }
}

/// The Bot API's answers: `{"ok": false, "error_code": …, "description": …}` and the like.
enum TelegramAnswer {
    static func error(_ status: Int, _ description: String, parameters: JSONValue? = nil) -> JSONValue {
        var members: [String: JSONValue] = ["ok": .bool(false), "error_code": .int(Int64(status)), "description": .string(description)]
        if let parameters { members["parameters"] = parameters }
        return .object(members)
    }

    static let unauthorized = error(401, "Unauthorized")
    static let notFound = error(404, "Not Found")

    /// The chat object of a registered chat id: positive ids are private chats, `-100…` supergroups,
    /// other negative ids groups, `@name` channels (with an id made up from the name).
    static func chat(_ id: String) -> JSONValue {
        if id.hasPrefix("@") {
            let name = String(id.dropFirst())
            let made = -1_000_000_000_000 - Int64(name.lowercased().utf8.reduce(UInt64(5381)) { $0 &* 33 &+ UInt64($1) } % 1_000_000_000)
            return .object(["id": .int(made), "type": .string("channel"), "title": .string(name), "username": .string(name)])
        }
        let number = Int64(id) ?? 0
        if number > 0 { return .object(["id": .int(number), "type": .string("private"), "first_name": .string("Test")]) }
        let supergroup = id.hasPrefix("-100")
        return .object([
            "id": .int(number), "type": .string(supergroup ? "supergroup" : "group"),
            "title": .string(supergroup ? "Test supergroup" : "Test group"),
        ])
    }

    /// The bot as `from`: its id is the token's number before `:`.
    static func bot(_ token: String) -> JSONValue {
        .object([
            "id": .int(Int64(token.prefix { $0 != ":" }) ?? 0), "is_bot": .bool(true), "first_name": .string("Fake Bot"),
            "username": .string("fake_bot"),
        ])
    }
}
