import ArenaCore
import Foundation

/// A Discord webhook (Execute Webhook): one embed per alert, posted with `?wait=true` so that
/// Discord answers with the created message and a failure cannot pass as accepted.
///
/// Answers: 2xx delivered; 429 waits `retry_after` from the body (the `Retry-After` header
/// when the body has none); 404 (Unknown Webhook) and 401/403 disable the webhook; any other
/// 4xx refuses this message; 5xx is retried. The `X-RateLimit-Remaining` and
/// `X-RateLimit-Reset-After` headers pace the next post before Discord has to refuse it.
public struct DiscordWebhook: AlertChannel {
    let url: String
    let username: String

    /// A webhook at `url` (it holds the webhook's token: a secret), posting as `username`.
    public init(url: String, username: String = "Alpha Arena") {
        self.url = url
        self.username = username
    }

    public func requests(for alert: Alert) throws(ChannelError) -> [ProviderRequest] {
        let body: Data
        do { body = try JSONEncoder().encode(DiscordFormatter.payload(for: alert, username: username)) } catch {
            throw ChannelError("the embed could not be encoded: \(error)")
        }
        return [ProviderRequest(url: Self.waiting(url), json: Array(body))]
    }

    /// `url` with `wait=true` added to its query.
    static func waiting(_ url: String) -> String {
        url.contains("?") ? url + "&wait=true" : url + "?wait=true"
    }

    public func classify(_ response: ProviderResponse) -> DeliveryOutcome {
        let error = try? JSONDecoder().decode(DiscordError.self, from: Data(response.body))
        let reason = "HTTP \(response.status)" + (error.map { ": \($0.message ?? "")" + ($0.code.map { " (code \($0))" } ?? "") } ?? "")
        switch response.status {
        case 200..<300: return .delivered
        case 429:
            let seconds = error?.retryAfter ?? response.header("Retry-After").flatMap(Double.init) ?? 1
            return .rateLimited(retryAfter: .milliseconds(Int64((max(0, seconds) * 1_000).rounded(.up))))
        case 401, 403, 404: return .destinationGone(reason: reason)
        case 400..<500: return .rejected(reason: reason + " " + response.excerpt)
        default: return .transient(reason: reason)
        }
    }

    public func pacing(after response: ProviderResponse) -> Duration {
        guard response.header("X-RateLimit-Remaining").flatMap(Int.init) == 0,
            let seconds = response.header("X-RateLimit-Reset-After").flatMap(Double.init), seconds > 0
        else { return .zero }
        return .milliseconds(Int64((seconds * 1_000).rounded(.up)))
    }

    /// Discord's error body (`{"message": …, "code": …}`; a 429 adds `retry_after` and `global`).
    struct DiscordError: Decodable {
        var message: String?
        var code: Int?
        var retryAfter: Double?

        enum CodingKeys: String, CodingKey {
            case message, code, retryAfter = "retry_after"
        }
    }
}
