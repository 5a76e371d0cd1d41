import ArenaCore

/// An alert as Telegram `sendMessage` texts in MarkdownV2: the severity and title in bold, the
/// message, the facts one per line, and the time and id; split into several messages when
/// longer than Telegram's 4,096.
///
/// A message is split between lines where it can be and inside a line only where it must,
/// never inside an escape or an entity; each part then starts with which it is ("(2/3) ").
public enum TelegramFormatter {
    /// Telegram's limit on a message's text.
    public static let limit = 4096
    /// Room kept in each part for its "(k/n) " prefix.
    static let partLabelRoom = 16

    /// The texts for `alert`, in order.
    public static func messages(for alert: Alert) -> [TelegramText] {
        split(lines(for: alert), limit: limit)
    }

    /// The lines of `alert`'s text, before splitting.
    public static func lines(for alert: Alert) -> [TelegramText] {
        var lines = [TelegramText.bold("\(alert.severity.mark) \(alert.severity.rawValue) · \(TextLimit.cut(alert.title, to: 512))")]
        if !alert.message.isEmpty { lines += alert.message.split(separator: "\n", omittingEmptySubsequences: false).map { TelegramText($0) } }
        lines += alert.displayFields.map { TelegramText("\($0.name): \($0.value)") }
        lines.append(.italic(alert.time.description) + TelegramText(" · ") + .code(alert.id))
        return lines
    }

    /// `lines` joined by newlines into as few texts within `limit` as possible.
    public static func split(_ lines: [TelegramText], limit: Int) -> [TelegramText] {
        let room = limit - partLabelRoom
        var parts: [TelegramText] = []
        var current: TelegramText?
        for line in lines.flatMap({ $0.length <= room ? [$0] : pieces(of: $0, room: room) }) {
            if let text = current, text.length + 1 + line.length <= room {
                current = text + TelegramText("\n") + line
            } else {
                if let text = current { parts.append(text) }
                current = line
            }
        }
        if let current { parts.append(current) }
        guard parts.count > 1 else { return parts }
        return parts.enumerated().map { i, part in TelegramText("(\(i + 1)/\(parts.count)) ") + part }
    }

    /// A line longer than `room`, cut into escaped pieces that each fit. Only plain lines are
    /// this long (titles are cut first), so each piece is its plain text escaped again.
    static func pieces(of line: TelegramText, room: Int) -> [TelegramText] {
        var pieces: [TelegramText] = []
        var plain = "", size = 0
        for character in line.plain {
            let cost = TextLimit.length(MarkdownV2.escape(String(character)))
            if size + cost > room {
                pieces.append(TelegramText(plain))
                plain = ""
                size = 0
            }
            plain.append(character)
            size += cost
        }
        if !plain.isEmpty { pieces.append(TelegramText(plain)) }
        return pieces
    }
}
