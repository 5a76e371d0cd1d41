import ArenaCore
import Foundation

/// A Telegram chat, through a bot's `sendMessage` with `parse_mode: MarkdownV2`.
///
/// Answers: `ok: true` delivered; 429 waits `parameters.retry_after`; 401 (a revoked token),
/// 403 (the bot was blocked or removed), 404 (no such bot) and "chat not found" disable the
/// destination, as does a group upgraded to a supergroup (the new id is in the reason);
/// any other 400 refuses this message; 5xx is retried.
public struct TelegramBot: AlertChannel {
    let apiURL: String
    let token: String
    let chatID: String

    /// A bot with `token` (a secret) posting to `chatID` through `apiURL` (`https://api.telegram.org`).
    public init(apiURL: String = "https://api.telegram.org", token: String, chatID: String) {
        self.apiURL = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
        self.token = token
        self.chatID = chatID
    }

    public func requests(for alert: Alert) throws(ChannelError) -> [ProviderRequest] {
        let url = "\(apiURL)/bot\(token)/sendMessage"
        let encoder = JSONEncoder()
        var requests: [ProviderRequest] = []
        for text in TelegramFormatter.messages(for: alert) {
            let message = SendMessage(chatID: chatID, text: text.markdown)
            do { requests.append(ProviderRequest(url: url, json: Array(try encoder.encode(message)))) } catch {
                throw ChannelError("the message could not be encoded: \(error)")
            }
        }
        return requests
    }

    public func classify(_ response: ProviderResponse) -> DeliveryOutcome {
        let answer = try? JSONDecoder().decode(Answer.self, from: Data(response.body))
        if (200..<300).contains(response.status), answer?.ok ?? true { return .delivered }
        let description = answer?.description ?? response.excerpt
        let reason = "HTTP \(response.status): \(description)"
        if let migrated = answer?.parameters?.migrateToChatID {
            return .destinationGone(reason: "\(reason); the group is now the supergroup \(migrated): set chat_id to it")
        }
        switch response.status {
        case 429:
            let seconds = answer?.parameters?.retryAfter ?? response.header("Retry-After").flatMap(Double.init) ?? 1
            return .rateLimited(retryAfter: .milliseconds(Int64((max(0, seconds) * 1_000).rounded(.up))))
        case 401, 403, 404: return .destinationGone(reason: reason)
        case 400 where description.lowercased().contains("chat not found"): return .destinationGone(reason: reason)
        case 400..<500: return .rejected(reason: reason)
        default: return .transient(reason: reason)
        }
    }

    /// Telegram sends no pacing headers; its limits are answered with 429s.
    public func pacing(after response: ProviderResponse) -> Duration { .zero }

    /// The `sendMessage` body.
    struct SendMessage: Encodable {
        var chatID: String
        var text: String
        var parseMode = "MarkdownV2"
        var linkPreview = LinkPreview(isDisabled: true)

        struct LinkPreview: Encodable {
            var isDisabled: Bool
            enum CodingKeys: String, CodingKey { case isDisabled = "is_disabled" }
        }

        enum CodingKeys: String, CodingKey {
            case chatID = "chat_id", text, parseMode = "parse_mode", linkPreview = "link_preview_options"
        }
    }

    /// Telegram's answer: `{"ok": false, "error_code": …, "description": …, "parameters": {…}}`.
    struct Answer: Decodable {
        var ok: Bool
        var description: String?
        var parameters: Parameters?

        struct Parameters: Decodable {
            var retryAfter: Double?
            var migrateToChatID: Int64?
            enum CodingKeys: String, CodingKey { case retryAfter = "retry_after", migrateToChatID = "migrate_to_chat_id" }
        }
    }
}
