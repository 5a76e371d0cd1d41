import Alerts
import ArenaCore
import ArenaRuntime

/// One destination under `alerter.destinations.<name>`: a Discord webhook or a Telegram chat,
/// with its filter. The webhook URL and the bot token are secrets (`webhook_url_file` /
/// `bot_token_file`, or `ARENA_ALERTER__DESTINATIONS__<NAME>__WEBHOOK_URL` / `…__BOT_TOKEN`).
public struct DestinationConfig: Decodable, Sendable, Equatable {
    /// The provider.
    public enum Kind: String, Decodable, Sendable, CaseIterable {
        case discord, telegram
    }

    public var kind: Kind
    /// A destination can be kept in the file and switched off.
    public var enabled: Bool
    /// Which alerts it takes.
    public var filter: AlertFilter
    /// Discord: the webhook URL (it carries the webhook's token).
    public var webhookURL: Secret?
    /// Discord: the name posts appear under.
    public var username: String
    /// Telegram: the bot's token.
    public var botToken: Secret?
    /// Telegram: the chat (a numeric id, or `@channelname`).
    public var chatID: String?
    /// Telegram: the Bot API's base URL (a local Bot API server, or a test's stand-in).
    public var apiURL: String
    /// `min_severity` as written when it names no severity (reported by validation).
    var unknownSeverity: String?

    /// A destination; `filter` defaults to everything.
    public init(
        kind: Kind, enabled: Bool = true, filter: AlertFilter = AlertFilter(), webhookURL: Secret? = nil, username: String = "Alpha Arena",
        botToken: Secret? = nil, chatID: String? = nil, apiURL: String = "https://api.telegram.org"
    ) {
        self.kind = kind
        self.enabled = enabled
        self.filter = filter
        self.webhookURL = webhookURL
        self.username = username
        self.botToken = botToken
        self.chatID = chatID
        self.apiURL = apiURL
    }

    enum CodingKeys: String, CodingKey {
        case kind = "type", enabled, minSeverity = "min_severity", kinds, excludeKinds = "exclude_kinds"
        case webhookURL = "webhook_url", webhookURLFile = "webhook_url_file", username
        case botToken = "bot_token", botTokenFile = "bot_token_file", chatID = "chat_id", apiURL = "api_url"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(Kind.self, forKey: .kind)
        let severity = try c.decode(.minSeverity, default: "info")
        let filter = AlertFilter(
            minimumSeverity: AlertSeverity(rawValue: severity.uppercased()) ?? .info, kinds: try c.decode(.kinds, default: [String]()),
            excludedKinds: try c.decode(.excludeKinds, default: [String]())
        )
        // A chat id is a number in YAML (and in an override) but Telegram takes either form.
        let chatID = try (try? c.decodeIfPresent(Int64.self, forKey: .chatID)).flatMap { $0.map(String.init) } ?? c.decodeIfPresent(String.self, forKey: .chatID)
        self.init(
            kind: kind, enabled: try c.decode(.enabled, default: true), filter: filter,
            webhookURL: try c.decodeSecret(.webhookURL, file: .webhookURLFile), username: try c.decode(.username, default: "Alpha Arena"),
            botToken: try c.decodeSecret(.botToken, file: .botTokenFile), chatID: chatID,
            apiURL: try c.decode(.apiURL, default: "https://api.telegram.org")
        )
        unknownSeverity = AlertSeverity(rawValue: severity.uppercased()) == nil ? severity : nil
    }

    /// The problems of the destination `name`, each naming its key.
    func validate(name: String, into problems: inout ConfigProblems) {
        let key = "alerter.destinations.\(name)"
        if let unknownSeverity {
            problems.add(.invalid(key: "\(key).min_severity", value: unknownSeverity, reason: "one of info, warning, error, critical"))
        }
        for pattern in filter.kinds + filter.excludedKinds {
            if let problem = AlertFilter.problem(with: pattern) { problems.add(.invalid(key: "\(key).kinds", value: pattern, reason: problem)) }
        }
        guard enabled else { return }
        switch kind {
        case .discord:
            if webhookURL == nil {
                problems.add(.missing(key: "\(key).webhook_url (set \(EnvironmentOverrides.variable(forKey: "\(key).webhook_url")) or \(key).webhook_url_file)"))
            } else if let url = webhookURL?.reveal(), !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
                problems.add(.invalid(key: "\(key).webhook_url", value: "***", reason: "a webhook URL starts with https://"))
            }
            if botToken != nil || chatID != nil { problems.add(.invalid(key: key, value: "discord", reason: "bot_token and chat_id are Telegram settings")) }
        case .telegram:
            if botToken == nil {
                problems.add(.missing(key: "\(key).bot_token (set \(EnvironmentOverrides.variable(forKey: "\(key).bot_token")) or \(key).bot_token_file)"))
            }
            if chatID?.isEmpty ?? true { problems.add(.missing(key: "\(key).chat_id")) }
            if !(apiURL.hasPrefix("https://") || apiURL.hasPrefix("http://")) {
                problems.add(.invalid(key: "\(key).api_url", value: apiURL, reason: "an http(s) URL"))
            }
            if webhookURL != nil { problems.add(.invalid(key: key, value: "telegram", reason: "webhook_url is a Discord setting")) }
        }
    }

    /// The channel the destination sends through.
    func channel() -> (any AlertChannel)? {
        switch kind {
        case .discord: webhookURL.map { DiscordWebhook(url: $0.reveal(), username: username) }
        case .telegram: botToken.flatMap { token in chatID.map { TelegramBot(apiURL: apiURL, token: token.reveal(), chatID: $0) } }
        }
    }
}
