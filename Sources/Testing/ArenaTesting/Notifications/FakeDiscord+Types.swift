import Foundation

extension FakeDiscord {
    /// A message Discord accepted (answered 200 or 204).
    public struct Message: Sendable {
        /// The webhook it was posted to.
        public let webhookID: String
        /// The message id (a snowflake) Discord gave it, as `?wait=true` answers it.
        public let id: String
        /// The decoded body.
        public let payload: Payload
        /// The body as it arrived.
        public let body: Data
        /// When the request arrived.
        public let receivedAt: ContinuousClock.Instant
        /// Whether `?wait=true` was given (answered 200 with the message, else 204).
        public let wait: Bool
    }

    /// One request to the fake, whatever its answer.
    public struct Request: Sendable, Equatable {
        /// The webhook id in the path.
        public let webhookID: String
        /// The status answered; 0 for a request held unanswered (``FakeNotifierAnswer/hang``).
        public let status: Int
        /// When it arrived.
        public let receivedAt: ContinuousClock.Instant
    }

    /// An Execute Webhook JSON body (the fields an alerter uses).
    public struct Payload: Sendable, Codable, Equatable {
        /// The message text (up to 2000 characters).
        public var content: String?
        /// Overrides the webhook's user name.
        public var username: String?
        /// Overrides the webhook's avatar.
        public var avatarURL: String?
        /// Text to speech.
        public var tts: Bool?
        /// Up to 10 rich embeds (empty when none were sent).
        public var embeds: [Embed]
        /// Message flags (4 suppresses embeds of links, 4096 suppresses notifications).
        public var flags: Int?

        enum CodingKeys: String, CodingKey {
            case content, username, tts, embeds, flags
            case avatarURL = "avatar_url"
        }

        /// A payload as an alerter would build it.
        public init(content: String? = nil, username: String? = nil, avatarURL: String? = nil, tts: Bool? = nil, embeds: [Embed] = [], flags: Int? = nil) {
            self.content = content
            self.username = username
            self.avatarURL = avatarURL
            self.tts = tts
            self.embeds = embeds
            self.flags = flags
        }

        /// Decodes a body as Discord reads it: every member optional, no `embeds` meaning none.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            content = try c.decodeIfPresent(String.self, forKey: .content)
            username = try c.decodeIfPresent(String.self, forKey: .username)
            avatarURL = try c.decodeIfPresent(String.self, forKey: .avatarURL)
            tts = try c.decodeIfPresent(Bool.self, forKey: .tts)
            embeds = try c.decodeIfPresent([Embed].self, forKey: .embeds) ?? []
            flags = try c.decodeIfPresent(Int.self, forKey: .flags)
        }
    }

    /// A rich embed.
    public struct Embed: Sendable, Codable, Equatable {
        /// Title (up to 256 characters).
        public var title: String?
        /// Description (up to 4096 characters).
        public var description: String?
        /// The link of the title.
        public var url: String?
        /// ISO 8601 time shown in the footer.
        public var timestamp: String?
        /// The colour bar, as an RGB integer.
        public var color: Int?
        /// Up to 25 fields.
        public var fields: [Field]?
        /// Footer line.
        public var footer: Footer?
        /// Author line.
        public var author: Author?

        /// An embed as an alerter would build it.
        public init(
            title: String? = nil, description: String? = nil, url: String? = nil, timestamp: String? = nil, color: Int? = nil,
            fields: [Field]? = nil, footer: Footer? = nil, author: Author? = nil
        ) {
            self.title = title
            self.description = description
            self.url = url
            self.timestamp = timestamp
            self.color = color
            self.fields = fields
            self.footer = footer
            self.author = author
        }
    }

    /// An embed field.
    public struct Field: Sendable, Codable, Equatable {
        /// Name (1 to 256 characters).
        public var name: String
        /// Value (1 to 1024 characters).
        public var value: String
        /// Shown beside its neighbours.
        public var inline: Bool?

        /// A field.
        public init(name: String, value: String, inline: Bool? = nil) {
            self.name = name
            self.value = value
            self.inline = inline
        }
    }

    /// An embed footer.
    public struct Footer: Sendable, Codable, Equatable {
        /// Text (up to 2048 characters).
        public var text: String
        /// A footer.
        public init(text: String) { self.text = text }
    }

    /// An embed author.
    public struct Author: Sendable, Codable, Equatable {
        /// Name (up to 256 characters).
        public var name: String
        /// Where the name links to.
        public var url: String?
        /// An author.
        public init(name: String, url: String? = nil) {
            self.name = name
            self.url = url
        }
    }
}
