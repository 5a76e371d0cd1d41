/// Cutting text to a provider's limit without rejecting it (spec §9: longer text is cut with a
/// marker, never refused).
///
/// Limits are counted in UTF-16 code units: Telegram documents its offsets and lengths that
/// way, and for Discord (which documents "characters") it is never fewer than the code points,
/// so a text within the limit by this count is within it by either.
public enum TextLimit {
    /// What ends a cut text.
    public static let marker = "… [cut]"

    /// The length that limits are checked against.
    public static func length(_ text: some StringProtocol) -> Int { text.utf16.count }

    /// `text` if it fits in `limit`, else its longest prefix of whole characters that fits
    /// with ``marker`` after it.
    public static func cut(_ text: String, to limit: Int, marker: String = marker) -> String {
        guard length(text) > limit else { return text }
        let room = limit - length(marker)
        guard room > 0 else { return String(marker.prefix(max(0, limit))) }
        return prefix(of: text, fitting: room) + marker
    }

    /// The longest prefix of whole characters of `text` within `limit` code units.
    public static func prefix(of text: String, fitting limit: Int) -> String {
        var used = 0
        var end = text.startIndex
        for character in text {
            let size = character.utf16.count
            guard used + size <= limit else { break }
            used += size
            end = text.index(after: end)
        }
        return String(text[..<end])
    }
}
