/// The body of Discord's Execute Webhook request, as far as the alerter uses it.
public struct DiscordWebhookPayload: Codable, Sendable, Equatable {
    /// The name the message is posted under.
    public var username: String?
    /// Plain content (unused by alerts; kept so decoded payloads round-trip).
    public var content: String?
    /// The embeds; an alert is one.
    public var embeds: [DiscordEmbed]
    /// Which mentions may ping; alerts allow none, so `@everyone` in an alert's text stays text.
    public var allowedMentions: AllowedMentions?

    /// A payload.
    public init(username: String? = nil, content: String? = nil, embeds: [DiscordEmbed], allowedMentions: AllowedMentions? = .nobody) {
        self.username = username
        self.content = content
        self.embeds = embeds
        self.allowedMentions = allowedMentions
    }

    /// Discord's `allowed_mentions` object.
    public struct AllowedMentions: Codable, Sendable, Equatable {
        /// Mention types parsed from the content; empty parses none.
        public var parse: [String]

        /// No mention pings anyone.
        public static let nobody = AllowedMentions(parse: [])
    }

    enum CodingKeys: String, CodingKey {
        case username, content, embeds, allowedMentions = "allowed_mentions"
    }
}

/// One Discord embed.
public struct DiscordEmbed: Codable, Sendable, Equatable {
    public var title: String?
    public var description: String?
    /// The colour bar, as an RGB integer.
    public var color: Int?
    public var fields: [Field]
    public var footer: Footer?
    /// ISO 8601.
    public var timestamp: String?

    /// An embed.
    public init(title: String?, description: String?, color: Int?, fields: [Field], footer: Footer?, timestamp: String?) {
        self.title = title
        self.description = description
        self.color = color
        self.fields = fields
        self.footer = footer
        self.timestamp = timestamp
    }

    /// A name and value shown in the embed.
    public struct Field: Codable, Sendable, Equatable {
        public var name: String
        public var value: String
        public var inline: Bool?

        /// A field.
        public init(name: String, value: String, inline: Bool? = nil) {
            self.name = name
            self.value = value
            self.inline = inline
        }
    }

    /// The small text at the bottom.
    public struct Footer: Codable, Sendable, Equatable {
        public var text: String

        /// A footer.
        public init(text: String) { self.text = text }
    }

    /// The characters Discord counts against the 6,000 of a message.
    public var countedLength: Int {
        [title, description, footer?.text].compactMap { $0 }.map(TextLimit.length).reduce(0, +)
            + fields.map { TextLimit.length($0.name) + TextLimit.length($0.value) }.reduce(0, +)
    }
}
