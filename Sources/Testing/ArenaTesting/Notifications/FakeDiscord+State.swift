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
                let reason = reasonPhrase(status)
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

/// Discord's per-webhook rate limit as the fake models it: `limit` requests per `window`, the
/// window starting at the first request after the previous one ran out
/// (https://discord.com/developers/docs/topics/rate-limits).
struct DiscordRateLimiter {
    let limit: Int
    let window: Duration
    private var buckets: [String: (start: ContinuousClock.Instant, used: Int)] = [:]

    init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = window
    }

    /// Whether a request may go through, and the bucket's state after it.
    struct Verdict {
        let allowed: Bool
        let remaining: Int
        /// Seconds until the bucket refills.
        let resetAfter: Double
    }

    /// Counts a request to `webhook` at `now` (refused requests are not counted, as on Discord).
    mutating func take(_ webhook: String, at now: ContinuousClock.Instant) -> Verdict {
        var bucket = buckets[webhook] ?? (now, 0)
        if now - bucket.start >= window { bucket = (now, 0) }
        let resetAfter = (bucket.start + window - now).inSeconds
        guard bucket.used < limit else { return Verdict(allowed: false, remaining: 0, resetAfter: resetAfter) }
        bucket.used += 1
        buckets[webhook] = bucket
        return Verdict(allowed: true, remaining: limit - bucket.used, resetAfter: resetAfter)
    }
}

/// Discord's rate-limit headers and 429 answer.
enum DiscordRateLimitAnswer {
    /// Discord's usual webhook bucket size, reported when a 429 is scripted without a configured limit.
    static let defaultLimit = 5

    /// `X-RateLimit-*` headers of a response in a bucket with `remaining` requests left.
    static func headers(webhook: String, limit: Int, remaining: Int, resetAfter: Double) -> HTTPFields {
        var headers = HTTPFields()
        headers.set("X-RateLimit-Limit", String(limit))
        headers.set("X-RateLimit-Remaining", String(remaining))
        headers.set("X-RateLimit-Reset", String(format: "%.3f", Date().timeIntervalSince1970 + resetAfter))
        headers.set("X-RateLimit-Reset-After", String(format: "%.3f", resetAfter))
        headers.set("X-RateLimit-Bucket", bucket(webhook))
        return headers
    }

    /// The 429: `{"message": "You are being rate limited.", "retry_after": …, "global": false}`
    /// with `Retry-After` (whole seconds, rounded up) and `X-RateLimit-Scope: user`.
    static func tooManyRequests(webhook: String, limit: Int, retryAfter: Double) -> Response {
        var headers = headers(webhook: webhook, limit: limit, remaining: 0, resetAfter: retryAfter)
        headers.set("Retry-After", String(Int(retryAfter.rounded(.up))))
        headers.set("X-RateLimit-Scope", "user")
        let body = JSONValue.object([
            "message": .string("You are being rate limited."),
            "retry_after": .double((retryAfter * 1000).rounded() / 1000),
            "global": .bool(false),
        ])
        return .json(429, body, headers: headers)
    }

    /// An opaque, stable bucket id per webhook (Discord's is a hash too).
    static func bucket(_ webhook: String) -> String {
        // FNV-1a, twice with different seeds for 32 hex digits.
        func fnv(_ seed: UInt64) -> UInt64 {
            webhook.utf8.reduce(seed) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        }
        return [fnv(0xcbf2_9ce4_8422_2325), fnv(0x8422_2325_cbf2_9ce4)].map { String(format: "%016llx", $0) }.joined()
    }
}

extension Duration {
    /// The duration in seconds.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
