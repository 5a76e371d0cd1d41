/// TDLib's `parse_markdown_v2`, which the Bot API runs for `parse_mode=MarkdownV2`, followed step
/// by step so that the same texts parse to the same entities and fail with the same words.
/// It walks the UTF-8 bytes (error offsets are byte offsets) and counts UTF-16 units as it goes.
struct MarkdownV2Parser {
    typealias Entity = TelegramMarkdownV2.Entity
    typealias ParseError = TelegramMarkdownV2.ParseError

    /// Characters that must be escaped outside code and link URLs.
    static let reserved = Set("_*[]()~`>#+-=|{}.!".utf8)

    private enum Kind: String {
        // Raw values are TDLib's names, as its errors print them.
        case bold = "Bold", italic = "Italic", underline = "Underline", strikethrough = "Strikethrough", spoiler = "Spoiler"
        case code = "Code", pre = "Pre", preCode = "PreCode", textURL = "TextUrl", customEmoji = "CustomEmoji"
        case blockQuote = "BlockQuote", expandableBlockQuote = "ExpandableBlockQuote"
    }

    /// An entity opened and not yet closed.
    private struct Open {
        let kind: Kind
        let language: String
        let offset: Int
        let byteOffset: Int
        let resultStart: Int
    }

    private let text: [UInt8]
    private var i = 0
    private var result: [UInt8] = []
    private var utf16 = 0
    private var stack: [Open] = []
    private var entities: [Entity] = []
    private var haveBlockquote = false
    private var canStartBlockquote = true

    init(_ text: String) {
        self.text = Array(text.utf8)
    }

    /// The byte at `index`, or 0 past the end (TDLib reads its NUL terminator there).
    private func at(_ index: Int) -> UInt8 { index < text.count ? text[index] : 0 }

    private static func byte(_ scalar: Unicode.Scalar) -> UInt8 { UInt8(ascii: scalar) }

    /// Whether the byte after `index` may be escaped by a `\` at `index` (codes 1 to 126).
    private func escapable(after index: Int) -> Bool { (1...126).contains(at(index + 1)) }

    mutating func run() throws(ParseError) -> (String, [Entity]) {
        while i < text.count {
            try step()
            i += 1
        }
        if haveBlockquote { closeBlockquoteAtEnd() }
        if let open = stack.last { throw Self.unclosed(open) }
        return (String(decoding: result, as: UTF8.self), entities.sorted(by: Entity.ordered))
    }

    /// One byte (or escape, or markup token) at `i`; `run` then moves past it.
    private mutating func step() throws(ParseError) {
        let c = text[i]
        if c == Self.byte("\\") && escapable(after: i) {
            i += 1
            utf16 += 1
            result.append(text[i])
            if text[i] != Self.byte("\r") { canStartBlockquote = text[i] == Self.byte("\n") }
            return
        }
        let inCode = [.code, .pre, .preCode].contains(stack.last?.kind)
        let isReserved = inCode ? c == Self.byte("`") : (Self.reserved.contains(c) || c == Self.byte("\n"))
        guard isReserved else {
            if c & 0xC0 != 0x80 {  // the first byte of a character; four-byte ones take two UTF-16 units
                utf16 += c >= 0xF0 ? 2 : 1
                if c != Self.byte("\r") { canStartBlockquote = false }
            }
            result.append(c)
            return
        }
        if isEnd(c) {
            try end(c)
        } else {
            try begin(c)
        }
    }

    /// Whether `c` closes the innermost open entity (a line not starting with `>` ends a quotation).
    private func isEnd(_ c: UInt8) -> Bool {
        guard let open = stack.last else { return false }
        if haveBlockquote && c == Self.byte("\n") && (i + 1 == text.count || text[i + 1] != Self.byte(">")) { return true }
        switch open.kind {
        case .bold: return c == Self.byte("*")
        case .italic: return c == Self.byte("_") && at(i + 1) != Self.byte("_")
        case .underline: return c == Self.byte("_") && at(i + 1) == Self.byte("_")
        case .strikethrough: return c == Self.byte("~")
        case .spoiler: return c == Self.byte("|") && at(i + 1) == Self.byte("|")
        case .code: return c == Self.byte("`")
        case .pre, .preCode: return c == Self.byte("`") && at(i + 1) == Self.byte("`") && at(i + 2) == Self.byte("`")
        case .textURL, .customEmoji: return c == Self.byte("]")
        case .blockQuote, .expandableBlockQuote: return false
        }
    }

    /// A reserved character that does not close anything: it opens an entity, or is a line break,
    /// or is refused.
    private mutating func begin(_ c: UInt8) throws(ParseError) {
        let byteOffset = i
        var language = ""
        let kind: Kind
        switch Unicode.Scalar(c) {
        case "_":
            kind = at(i + 1) == Self.byte("_") ? .underline : .italic
            if kind == .underline { i += 1 }
        case "*": kind = .bold
        case "~": kind = .strikethrough
        case "|":
            guard at(i + 1) == Self.byte("|") else { throw Self.reserved(c) }
            i += 1
            kind = .spoiler
        case "[": kind = .textURL
        case "`":
            guard at(i + 1) == Self.byte("`") && at(i + 2) == Self.byte("`") else {
                kind = .code
                break
            }
            (kind, language) = openPre()
        case "!":
            guard at(i + 1) == Self.byte("[") else { throw Self.reserved(c) }
            i += 1
            kind = .customEmoji
        case "\n":
            utf16 += 1
            result.append(c)
            canStartBlockquote = true
            return
        case ">":
            guard canStartBlockquote else { throw Self.reserved(c) }
            // A `>` continuing the current quotation is only dropped.
            guard !haveBlockquote else { return }
            haveBlockquote = true
            kind = .blockQuote
        default:
            throw Self.reserved(c)
        }
        stack.append(Open(kind: kind, language: language, offset: utf16, byteOffset: byteOffset, resultStart: result.count))
    }

    /// After ```` ``` ```` at `i`: the language up to the first blank (when something follows it),
    /// and one line break skipped; leaves `i` on the last byte consumed.
    private mutating func openPre() -> (Kind, String) {
        i += 3
        var kind = Kind.pre, language = ""
        var end = i
        // TDLib's is_space counts NUL, so the scan stops at the end of the text.
        while ![0, 9, 10, 11, 12, 13, 32].contains(at(end)) && at(end) != Self.byte("`") { end += 1 }
        if i != end && end < text.count && at(end) != Self.byte("`") {
            kind = .preCode
            language = String(decoding: text[i..<end], as: UTF8.self)
            i = end
        }
        let cr = Self.byte("\r"), lf = Self.byte("\n")
        if at(i) == lf || at(i) == cr {
            i += (at(i + 1) == lf || at(i + 1) == cr) && at(i) != at(i + 1) ? 2 : 1
        }
        i -= 1
        return (kind, language)
    }

    /// `c` closes the innermost entity: records it unless it is empty.
    private mutating func end(_ c: UInt8) throws(ParseError) {
        var kind = stack[stack.count - 1].kind
        if c == Self.byte("\n") && kind != .blockQuote {
            // Only `||` right at the end of a quoted line may be left open: it marks the quotation expandable.
            let open = stack[stack.count - 1]
            let atLineEnd = open.byteOffset == i - 2 || (open.byteOffset == i - 3 && result.last == Self.byte("\r"))
            guard kind == .spoiler && atLineEnd else { throw Self.unclosed(open) }
            stack.removeLast()
            guard let quote = stack.last, quote.kind == .blockQuote else { throw Self.unclosed(stack.last ?? open) }
            kind = .expandableBlockQuote
        }
        let open = stack[stack.count - 1]
        var skip = utf16 == open.offset
        var entity = Entity(type: "", offset: open.offset, length: 0)
        switch kind {
        case .bold: entity.type = "bold"
        case .italic: entity.type = "italic"
        case .strikethrough: entity.type = "strikethrough"
        case .code: entity.type = "code"
        case .underline, .spoiler:
            entity.type = kind == .underline ? "underline" : "spoiler"
            i += 1
        case .pre, .preCode:
            entity.type = "pre"
            entity.language = kind == .preCode ? open.language : nil
            i += 2
        case .textURL:
            let url = at(i + 1) == Self.byte("(") ? try linkURL() : String(decoding: result[open.resultStart...], as: UTF8.self)
            if let user = TelegramLinks.mentionedUser(url) {
                entity.type = "text_mention"
                entity.user = TelegramMarkdownV2.User(id: user)
            } else if let link = TelegramLinks.checked(url) {
                entity.type = "text_link"
                entity.url = link
            } else {
                skip = true  // Telegram drops a link it does not accept, keeping its text.
            }
        case .customEmoji:
            guard at(i + 1) == Self.byte("(") else { throw ParseError(reason: "The entity must contain a tg://emoji or tg://time URL") }
            try TelegramLinks.emojiOrTime(linkURL(), into: &entity)
        case .blockQuote, .expandableBlockQuote:
            entity.type = kind == .blockQuote ? "blockquote" : "expandable_blockquote"
            haveBlockquote = false
            result.append(c)
            canStartBlockquote = true
            utf16 += 1
            skip = false
        }
        if !skip {
            entity.length = utf16 - open.offset
            entities.append(entity)
        }
        stack.removeLast()
    }

    /// The `(…)` after `]` at `i`, unescaped; leaves `i` on the `)`.
    private mutating func linkURL() throws(ParseError) -> String {
        i += 2
        let start = i
        var url: [UInt8] = []
        while i < text.count && text[i] != Self.byte(")") {
            if text[i] == Self.byte("\\") && escapable(after: i) {
                url.append(text[i + 1])
                i += 2
            } else {
                url.append(text[i])
                i += 1
            }
        }
        guard at(i) == Self.byte(")") else { throw ParseError(reason: "Can't find end of a URL at byte offset \(start)") }
        return String(decoding: url, as: UTF8.self)
    }

    /// A quotation still open at the end of the text ends there (expandable when `||` ends the text).
    private mutating func closeBlockquoteAtEnd() {
        var type = "blockquote"
        if let open = stack.last, open.kind == .spoiler, open.byteOffset == text.count - 2 {
            stack.removeLast()
            type = "expandable_blockquote"
        }
        guard let open = stack.last, open.kind == .blockQuote else { return }
        haveBlockquote = false
        if utf16 != open.offset { entities.append(Entity(type: type, offset: open.offset, length: utf16 - open.offset)) }
        stack.removeLast()
    }

    private static func reserved(_ c: UInt8) -> ParseError {
        ParseError(reason: "Character '\(Character(Unicode.Scalar(c)))' is reserved and must be escaped with the preceding '\\'")
    }

    private static func unclosed(_ open: Open) -> ParseError {
        ParseError(reason: "Can't find end of \(open.kind.rawValue) entity at byte offset \(open.byteOffset)")
    }
}
