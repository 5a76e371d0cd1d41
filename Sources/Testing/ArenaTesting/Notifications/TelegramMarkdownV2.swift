/// Telegram's MarkdownV2 as the Bot API documents it
/// (https://core.telegram.org/bots/api#markdownv2-style).
///
/// The rules are the documented ones, applied the way Telegram's own parser (TDLib's
/// `parse_markdown_v2`, which the Bot API runs) applies them, so that the same texts are refused
/// with the same words: `*bold*`, `_italic_`, `__underline__`, `~strikethrough~`, `||spoiler||`,
/// `[text](url)`, `![👍](tg://emoji?id=…)`, `` `code` ``, ```` ```language ```` blocks, `>` block
/// quotations and `**>` … `||` expandable ones; `\` escapes any character of code 1–126; inside
/// code only `` ` `` and `\` must be escaped, inside a link's `(…)` only `)` and `\`, and
/// elsewhere `_*[]()~`>#+-=|{}.!` are reserved. `__` always opens or closes an underline, so
/// italic underline is written `___text_\r__` (the `\r` is dropped afterwards).
public enum TelegramMarkdownV2 {
    /// A message entity as the Bot API returns it (offsets and lengths in UTF-16 code units).
    public struct Entity: Sendable, Hashable, Codable {
        /// `bold`, `italic`, `underline`, `strikethrough`, `spoiler`, `code`, `pre`, `text_link`,
        /// `text_mention`, `custom_emoji`, `date_time`, `blockquote` or `expandable_blockquote`.
        public var type: String
        /// Where it starts, in UTF-16 code units of the plain text.
        public var offset: Int
        /// How long it is, in UTF-16 code units.
        public var length: Int
        /// `text_link`: the URL opened.
        public var url: String?
        /// `pre`: the language of the block, when one was given.
        public var language: String?
        /// `text_mention` (a `tg://user?id=` link): the user.
        public var user: User?
        /// `custom_emoji`: the emoji's id.
        public var customEmojiID: String?
        /// `date_time` (a `tg://time?unix=` link): the time shown.
        public var unixTime: Int64?
        /// `date_time`: how it is shown.
        public var dateTimeFormat: String?

        enum CodingKeys: String, CodingKey {
            case type, offset, length, url, language, user
            case customEmojiID = "custom_emoji_id"
            case unixTime = "unix_time"
            case dateTimeFormat = "date_time_format"
        }

        /// An entity.
        public init(
            type: String, offset: Int, length: Int, url: String? = nil, language: String? = nil, user: User? = nil,
            customEmojiID: String? = nil, unixTime: Int64? = nil, dateTimeFormat: String? = nil
        ) {
            self.type = type
            self.offset = offset
            self.length = length
            self.url = url
            self.language = language
            self.user = user
            self.customEmojiID = customEmojiID
            self.unixTime = unixTime
            self.dateTimeFormat = dateTimeFormat
        }
    }

    /// The user of a `text_mention` (the fake knows only the id; its first name is left empty).
    public struct User: Sendable, Hashable, Codable {
        /// The user's id.
        public var id: Int64
        /// Always false here.
        public var isBot: Bool
        /// Empty: the fake knows no names.
        public var firstName: String

        enum CodingKeys: String, CodingKey {
            case id
            case isBot = "is_bot"
            case firstName = "first_name"
        }

        /// A mentioned user.
        public init(id: Int64, isBot: Bool = false, firstName: String = "") {
            self.id = id
            self.isBot = isBot
            self.firstName = firstName
        }
    }

    /// Why Telegram refuses a text, in its words.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// TDLib's reason, e.g. `Character '.' is reserved and must be escaped with the preceding '\'`
        /// or `Can't find end of Bold entity at byte offset 0` (offsets in UTF-8 bytes of the input).
        public let reason: String

        /// A refusal for `reason`.
        public init(reason: String) {
            self.reason = reason
        }

        /// As the Bot API words it after `Bad Request: `: `can't parse entities: <reason>`.
        public var description: String { "can't parse entities: \(reason)" }
    }

    /// Parses MarkdownV2 into the plain text and its entities, or refuses it as Telegram would.
    ///
    /// The text is also cleaned as Telegram cleans every message text (`\r` and a few invisible
    /// characters dropped, other control characters made spaces, entities moved to match); it is
    /// not trimmed (``FakeTelegram`` trims what it delivers, as Telegram does).
    public static func parse(_ text: String) throws(ParseError) -> (text: String, entities: [Entity]) {
        var parser = MarkdownV2Parser(text)
        let (plain, entities) = try parser.run()
        return TelegramText.clean(plain, entities)
    }

    /// Escapes `text` so that it reads as itself: every reserved character and `\` get a `\`.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character.isASCII, let ascii = character.asciiValue, MarkdownV2Parser.reserved.contains(ascii) || ascii == UInt8(ascii: "\\") {
                escaped.append("\\")
            }
            escaped.append(character)
        }
        return escaped
    }
}

extension TelegramMarkdownV2.Entity {
    /// TDLib's order of entities: by offset, longer first, then by a fixed rank of types.
    static func ordered(_ a: Self, _ b: Self) -> Bool {
        if a.offset != b.offset { return a.offset < b.offset }
        if a.length != b.length { return a.length > b.length }
        return a.rank < b.rank
    }

    private var rank: Int {
        switch type {
        case "blockquote", "expandable_blockquote": 0
        case "pre": language == nil ? 11 : 10
        case "code": 20
        case "date_time": 30
        case "text_link", "text_mention": 49
        case "bold": 90
        case "italic": 91
        case "underline": 92
        case "strikethrough": 93
        case "spoiler": 94
        default: 99
        }
    }
}
