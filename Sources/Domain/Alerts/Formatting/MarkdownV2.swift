/// Telegram's MarkdownV2 escaping (Bot API, "MarkdownV2 style").
///
/// Outside entities every one of `_ * [ ] ( ) ~ ` > # + - = | { } . !` and the backslash
/// itself must be preceded by a backslash; inside `code` and `pre` only the backtick and the
/// backslash. Escaping every reserved character (not only the ones that would form markup) is
/// what makes any text — prose, code fences, things that look like links — arrive as written.
public enum MarkdownV2 {
    /// The characters that must be escaped outside entities.
    public static let reserved: Set<Character> = [
        "_", "*", "[", "]", "(", ")", "~", "`", ">", "#", "+", "-", "=", "|", "{", "}", ".", "!", "\\",
    ]

    /// `text` as plain text.
    public static func escape(_ text: some StringProtocol) -> String {
        escape(text, where: reserved.contains)
    }

    /// `text` as the content of an inline `code` or a `pre` block.
    public static func escapeCode(_ text: some StringProtocol) -> String {
        escape(text) { $0 == "`" || $0 == "\\" }
    }

    private static func escape(_ text: some StringProtocol, where needsEscape: (Character) -> Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for character in text {
            if needsEscape(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}

/// A piece of a Telegram message: the MarkdownV2 sent and the plain text a reader sees.
public struct TelegramText: Sendable, Hashable {
    /// What goes in `sendMessage`'s `text` with `parse_mode: MarkdownV2`.
    public var markdown: String
    /// What Telegram shows once it has parsed ``markdown``.
    public var plain: String

    /// Plain text, escaped.
    public init(_ text: some StringProtocol) {
        markdown = MarkdownV2.escape(text)
        plain = String(text)
    }

    init(markdown: String, plain: String) {
        self.markdown = markdown
        self.plain = plain
    }

    /// Bold text.
    public static func bold(_ text: String) -> TelegramText { TelegramText(markdown: "*\(MarkdownV2.escape(text))*", plain: text) }
    /// Italic text.
    public static func italic(_ text: String) -> TelegramText { TelegramText(markdown: "_\(MarkdownV2.escape(text))_", plain: text) }
    /// Inline fixed-width text.
    public static func code(_ text: String) -> TelegramText { TelegramText(markdown: "`\(MarkdownV2.escapeCode(text))`", plain: text) }

    /// The length Telegram limits (UTF-16 code units), measured on the markup, which is never shorter than what it shows.
    public var length: Int { TextLimit.length(markdown) }

    /// The two pieces one after the other.
    public static func + (lhs: TelegramText, rhs: TelegramText) -> TelegramText {
        TelegramText(markdown: lhs.markdown + rhs.markdown, plain: lhs.plain + rhs.plain)
    }
}
