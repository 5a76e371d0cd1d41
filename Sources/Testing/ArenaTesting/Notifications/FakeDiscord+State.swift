import Foundation
import HTTPTypes
import Hummingbird

extension FakeDiscord {
    /// Everything the fake knows, behind its mutex; answers are computed and recorded in one step
    /// so that ``requests`` and ``messages`` keep arrival order.
    struct State {
        struct Webhook {
            let token: String
            let channelID: String
        }

        /// What one request brought.
        struct Call {
            let webhookID: String
            let token: String
            let wait: Bool
            let contentType: String
            let body: [UInt8]
            let arrived: ContinuousClock.Instant
        }

        var webhooks: [String: Webhook] = [:]
        var scripts = AnswerScripts()
        var limiter: DiscordRateLimiter?
        var messages: [Message] = []
        var requests: [Request] = []
        var rejections: [String] = []
        private var sequence: UInt64 = 0

        init(limiter: DiscordRateLimiter?) {
            self.limiter = limiter
        }

        /// Answers `call` (as scripted, else as Discord would) and records it.
        mutating func answer(_ call: Call, scripted: FakeNotifierAnswer) -> Response {
            let response: Response
            switch scripted {
            case .rateLimited(let retryAfter):
                response = DiscordRateLimitAnswer.tooManyRequests(
                    webhook: call.webhookID, limit: limiter?.limit ?? DiscordRateLimitAnswer.defaultLimit, retryAfter: retryAfter
                )
            case .serverError(let status):
                let reason = HTTPResponse.Status(code: status).reasonPhrase
                response = .json(status, .object(["message": .string("\(status): \(reason)"), "code": .int(0)]))
            case .notFound:
                response = Self.unknownWebhook
            case .normal, .hang:
                // A held request that is let go at shutdown is answered normally, to a client long gone.
                response = deliver(call)
            }
            requests.append(Request(webhookID: call.webhookID, status: Int(response.status.code), receivedAt: call.arrived))
            return response
        }

        private static var unknownWebhook: Response {
            .json(404, .object(["message": .string("Unknown Webhook"), "code": .int(10015)]))
        }

        /// Discord's own behaviour: webhook and token, rate limit, validation, then delivery.
        private mutating func deliver(_ call: Call) -> Response {
            guard let webhook = webhooks[call.webhookID] else { return Self.unknownWebhook }
            guard webhook.token == call.token else {
                return .json(401, .object(["message": .string("Invalid Webhook Token"), "code": .int(50027)]))
            }
            var headers = HTTPFields()
            if var limiter {
                let verdict = limiter.take(call.webhookID, at: call.arrived)
                self.limiter = limiter
                guard verdict.allowed else {
                    return DiscordRateLimitAnswer.tooManyRequests(webhook: call.webhookID, limit: limiter.limit, retryAfter: verdict.resetAfter)
                }
                headers = DiscordRateLimitAnswer.headers(
                    webhook: call.webhookID, limit: limiter.limit, remaining: verdict.remaining, resetAfter: verdict.resetAfter
                )
            }
            // Discord reads JSON bodies only as JSON; another type reads as an empty form.
            guard call.contentType.lowercased().hasPrefix("application/json") else {
                return refuse(
                    .init(
                        body: .object(["code": .int(50006), "message": .string("Cannot send an empty message")]),
                        reason: "Cannot send an empty message (50006): Content-Type is \"\(call.contentType)\", not application/json"
                    ), headers
                )
            }
            guard let json = JSONValue.parse(call.body) else { return refuse(DiscordValidation.invalidJSON, headers) }
            if let refusal = DiscordValidation.check(json) { return refuse(refusal, headers) }
            guard let payload = try? JSONDecoder().decode(Payload.self, from: Data(call.body)) else {
                return refuse(FormErrors.single("DICT_TYPE_CONVERT", "The body does not decode as an Execute Webhook payload"), headers)
            }
            let id = snowflake()
            messages.append(Message(webhookID: call.webhookID, id: id, payload: payload, body: Data(call.body), receivedAt: call.arrived, wait: call.wait))
            guard call.wait else { return .empty(204, headers: headers) }
            return .json(200, messageObject(id: id, webhook: webhook, call: call, json: json), headers: headers)
        }

        private mutating func refuse(_ refusal: DiscordValidation.Refusal, _ headers: HTTPFields) -> Response {
            rejections.append(refusal.reason)
            return .json(400, refusal.body, headers: headers)
        }

        /// The message object `?wait=true` answers: the posted content and embeds as Discord stores them.
        private func messageObject(id: String, webhook: Webhook, call: Call, json: JSONValue) -> JSONValue {
            var embeds: [JSONValue] = []
            if case .array(let posted) = json["embeds"] ?? .null {
                embeds = posted.map { embed in
                    guard case .object(var members) = embed else { return embed }
                    members["type"] = .string("rich")
                    return .object(members)
                }
            }
            let timestamp = ISO8601DateFormatter.discord.string(from: Date()).replacingOccurrences(of: "Z", with: "+00:00")
            return .object([
                "id": .string(id), "type": .int(0), "channel_id": .string(webhook.channelID), "webhook_id": .string(call.webhookID),
                "content": json["content"]?.string.map(JSONValue.string) ?? .string(""),
                "author": .object([
                    "id": .string(call.webhookID), "username": json["username"]?.string.map(JSONValue.string) ?? .string("Fake Webhook"),
                    "avatar": .null, "discriminator": .string("0000"), "bot": .bool(true),
                ]),
                "embeds": .array(embeds), "attachments": .array([]), "mentions": .array([]), "mention_roles": .array([]),
                "components": .array([]), "pinned": .bool(false), "mention_everyone": .bool(false),
                "tts": json["tts"] ?? .bool(false), "flags": json["flags"] ?? .int(0),
                "timestamp": .string(timestamp), "edited_timestamp": .null,
            ])
        }

        /// A new Discord snowflake: milliseconds since Discord's epoch (2015), then a sequence number.
        mutating func snowflake() -> String {
            sequence += 1
            let milliseconds = UInt64(max(0, Date().timeIntervalSince1970 * 1000 - 1_420_070_400_000))
            return String(milliseconds << 22 | (sequence & 0xFFF))
        }
    }
}

extension FormErrors {
    /// An Invalid Form Body refusal with one error on the whole body.
    static func single(_ code: String, _ message: String) -> DiscordValidation.Refusal {
        var errors = FormErrors()
        errors.add([], code, message)
        return errors.refusal ?? DiscordValidation.invalidJSON
    }
}

extension ISO8601DateFormatter {
    /// Discord's timestamps: ISO 8601 with fractional seconds.
    static var discord: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
