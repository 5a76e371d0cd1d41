/// What Telegram does to every message text after parsing it (TDLib's `fix_formatted_text`),
/// entities moved along: characters cleaned, then blanks trimmed at both ends.
enum TelegramText {
    typealias Entity = TelegramMarkdownV2.Entity

    /// Drops `\r`, the line and paragraph separators and directional marks U+2028–U+202E, and
    /// the combining marks U+030A, U+0333 and U+033F; makes other control characters (tab included,
    /// line feed excepted) spaces; removes entities left empty.
    static func clean(_ text: String, _ entities: [Entity]) -> (text: String, entities: [Entity]) {
        var cleaned = String.UnicodeScalarView()
        var removed: [Int] = []  // UTF-16 offsets of the dropped characters, ascending
        var offset = 0
        for scalar in text.unicodeScalars {
            defer { offset += scalar.utf16.count }
            switch scalar.value {
            case 0x0D, 0x2028...0x202E, 0x030A, 0x0333, 0x033F:
                removed.append(offset)
            case 0x0A:
                cleaned.append(scalar)
            case 0...0x1F:
                cleaned.append(" ")
            default:
                cleaned.append(scalar)
            }
        }
        guard !removed.isEmpty else { return (text, entities.filter { $0.length > 0 }) }
        let moved = entities.compactMap { entity -> Entity? in
            let dropped = { (position: Int) in removed.prefix { $0 < position }.count }
            var entity = entity
            let end = entity.offset + entity.length
            entity.offset -= dropped(entity.offset)
            entity.length = end - dropped(end) - entity.offset
            return entity.length > 0 ? entity : nil
        }
        return (String(cleaned), moved.sorted(by: Entity.ordered))
    }

    /// Trims spaces and line feeds at the end, and at the start up to the first entity; nil when
    /// nothing else is left (Telegram: "text must be non-empty").
    static func trim(_ text: String, _ entities: [Entity]) -> (text: String, entities: [Entity])? {
        let blank: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\n" }
        let scalars = text.unicodeScalars
        guard let last = scalars.lastIndex(where: { !blank($0) }) else { return nil }
        let kept = String(scalars[...last])
        let end = kept.utf16.count
        var trimmed = entities.compactMap { entity -> Entity? in
            guard entity.offset < end else { return nil }
            var entity = entity
            entity.length = min(entity.length, end - entity.offset)
            return entity
        }
        let firstEntity = trimmed.map(\.offset).min() ?? end
        let leading = min(kept.unicodeScalars.prefix(while: blank).count, firstEntity)
        for index in trimmed.indices { trimmed[index].offset -= leading }
        return (String(kept.unicodeScalars.dropFirst(leading)), trimmed.sorted(by: Entity.ordered))
    }
}

/// How Telegram reads the URL of a `[text](url)` or `![emoji](url)` entity (after TDLib's
/// `LinkManager`, simplified: the fake checks shape, not that hosts exist).
enum TelegramLinks {
    /// The user id of a `tg://user?id=<id>` link, which makes a `text_mention`.
    static func mentionedUser(_ url: String) -> Int64? {
        guard let parameters = tgParameters(url, host: "user"), let id = parameters["id"].flatMap({ Int64($0) }), id > 0 else { return nil }
        return id
    }

    /// The link as Telegram stores it, or nil when Telegram would drop the entity: `tg:`/`ton:`
    /// links as given; others http(s) only (no scheme means http), a host with a dot, no user
    /// info, the scheme and host lowercased, a default port dropped, and at least `/` after the
    /// host (the rest is kept as written, as TDLib's `HttpUrl` keeps it).
    static func checked(_ url: String) -> String? {
        let lower = url.lowercased()
        for scheme in ["tg:", "ton:", "tonsite:"] where lower.hasPrefix(scheme) {
            var rest = url.dropFirst(scheme.count)
            if rest.hasPrefix("//") { rest = rest.dropFirst(2) }
            return rest.isEmpty ? nil : "\(scheme)//\(rest)"
        }
        var scheme = "http", rest = Substring(url)
        if let separator = url.range(of: "://") {
            scheme = url[..<separator.lowerBound].lowercased()
            guard scheme == "http" || scheme == "https" else { return nil }
            rest = url[separator.upperBound...]
        }
        let authority = rest.prefix { !"/?#".contains($0) }
        var path = String(rest.dropFirst(authority.count))
        guard !authority.contains("@"), !authority.contains(where: \.isWhitespace) else { return nil }
        var host = authority, port: Int?
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else { return nil }
            host = authority[..<colon]
            port = number
        }
        guard host.contains(".") || host.hasPrefix("[") else { return nil }
        if port == (scheme == "https" ? 443 : 80) { port = nil }
        if !path.hasPrefix("/") { path = "/" + path }
        return "\(scheme)://\(host.lowercased())\(port.map { ":\($0)" } ?? "")\(path)"
    }

    /// Fills a `![…](url)` entity: `tg://emoji?id=<id>` makes a `custom_emoji`,
    /// `tg://time?unix=<time>&format=<format>` a `date_time`; anything else is refused.
    static func emojiOrTime(_ url: String, into entity: inout TelegramMarkdownV2.Entity) throws(TelegramMarkdownV2.ParseError) {
        if let id = tgParameters(url, host: "emoji")?["id"].flatMap({ Int64($0) }), id != 0 {
            entity.type = "custom_emoji"
            entity.customEmojiID = String(id)
            return
        }
        guard let parameters = tgParameters(url, host: "time"), let time = parameters["unix"].flatMap({ Int32($0) }) else {
            throw .init(reason: "Invalid tg://emoji or tg://time URL specified")
        }
        let format = parameters["format"] ?? ""
        // TDLib's date flags: r/R (relative) alone, or any of t T d D w W.
        guard format == "r" || format == "R" || format.allSatisfy({ "tTdDwW".contains($0) }) else {
            throw .init(reason: "Invalid date format used")
        }
        entity.type = "date_time"
        entity.unixTime = Int64(time)
        entity.dateTimeFormat = format.isEmpty ? nil : format
    }

    /// The query parameters of `tg:[//]<host>[/]?…`, or nil for another link.
    private static func tgParameters(_ url: String, host: String) -> [String: String]? {
        var rest = Substring(url)
        guard rest.lowercased().hasPrefix("tg:") else { return nil }
        rest = rest.dropFirst(3)
        if rest.hasPrefix("//") { rest = rest.dropFirst(2) }
        guard rest.lowercased().hasPrefix(host) else { return nil }
        rest = rest.dropFirst(host.count)
        if rest.hasPrefix("/") { rest = rest.dropFirst() }
        guard rest.hasPrefix("?") else { return nil }
        let query = rest.dropFirst().prefix { $0 != "#" }
        var parameters: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).lowercased()
            if parameters[key] == nil { parameters[key] = parts.count > 1 ? String(parts[1]) : "" }
        }
        return parameters
    }
}
