import ArenaCore

/// Text-level helpers for store URLs: percent-coding and password masking.
enum URLText {
    /// Query parameters whose values are secrets and are never shown.
    static let secretParameters: Set<String> = ["password", "sslpassword"]

    /// Decodes `%XX` escapes; nil when an escape is malformed or the bytes
    /// are not UTF-8. `+` stays `+` (libpq does not treat it as a space).
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var it = text.utf8.makeIterator()
        while let b = it.next() {
            guard b == UInt8(ascii: "%") else { bytes.append(b); continue }
            guard let hi = it.next().flatMap(HexText.value(ofDigit:)), let lo = it.next().flatMap(HexText.value(ofDigit:)) else { return nil }
            bytes.append(hi << 4 | lo)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Escapes every byte outside the URL's unreserved set, so the result
    /// reads back through ``percentDecoded(_:)`` unchanged.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for b in text.utf8 {
            if isUnreserved(b) {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += "%" + String(decoding: [HexText.digit(b >> 4, uppercase: true), HexText.digit(b & 15, uppercase: true)], as: UTF8.self)
            }
        }
        return out
    }

    /// `text` with any password masked: the part of the user info after the
    /// first `:` and the values of secret query parameters become `***`.
    ///
    /// Works on text that did not parse, so it is deliberately greedy: the
    /// user info runs to the last `@`, in case a password holds `/`, `?` or
    /// `#` unescaped.
    static func redact(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        var out = String(text[..<scheme.upperBound])
        var tail = rest
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            if let colon = userInfo.firstIndex(of: ":") {
                out += userInfo[..<colon] + ":***"
            } else {
                out += userInfo
            }
            tail = rest[at...]
        }
        guard let question = tail.firstIndex(of: "?") else { return out + tail }
        out += tail[...question]
        let pairs = tail[tail.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false)
        out += pairs.map { pair -> String in
            let name = pair.prefix { $0 != "=" }
            let decoded = percentDecoded(name)?.lowercased() ?? String(name)
            return secretParameters.contains(decoded) && name.count < pair.count ? name + "=***" : String(pair)
        }.joined(separator: "&")
        return out
    }

    private static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default: false
        }
    }
}
