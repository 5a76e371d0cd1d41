import ArenaCore

/// A JSON value as written: numbers keep their text so prices parse exactly,
/// and objects keep their keys in order so a duplicate can be named.
public indirect enum JSONNode: Sendable, Hashable {
    case object([(key: String, value: JSONNode)])
    case array([JSONNode])
    case string(String)
    /// The number's literal text (`65000.5`, `-1e-3`).
    case number(String)
    case bool(Bool)
    case null

    public static func == (a: JSONNode, b: JSONNode) -> Bool { a.canonical == b.canonical }
    public func hash(into hasher: inout Hasher) { hasher.combine(canonical) }

    /// The member `key` of an object.
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The value as canonical JSON: keys sorted by their UTF-8 bytes, no spaces, numbers as written.
    public var canonical: String {
        switch self {
        case .object(let members):
            let sorted = members.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            return "{" + sorted.map { JSONNode.quote($0.key) + ":" + $0.value.canonical }.joined(separator: ",") + "}"
        case .array(let items): return "[" + items.map(\.canonical).joined(separator: ",") + "]"
        case .string(let s): return JSONNode.quote(s)
        case .number(let text): return text
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }

    /// `s` as a JSON string literal.
    public static func quote(_ s: String) -> String { JSONText.quoted(s) }
}

/// Why a text is not one JSON value, with the byte offset where reading stopped.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The text ended inside a value: a cut reply.
        case unexpectedEnd
        /// A character that cannot start or continue a value there.
        case unexpectedCharacter
        /// A key given twice in one object.
        case duplicateKey(String)
        /// Text after the value.
        case trailingText
    }

    public var kind: Kind
    public var offset: Int

    public var description: String {
        switch kind {
        case .unexpectedEnd: "the text ends inside a value (offset \(offset))"
        case .unexpectedCharacter: "unexpected character at offset \(offset)"
        case .duplicateKey(let key): "key \"\(key)\" appears twice (offset \(offset))"
        case .trailingText: "text after the JSON value (offset \(offset))"
        }
    }
}

/// A strict RFC 8259 reader: exactly one value, whitespace around it and nothing else.
public enum StrictJSON {
    /// The one JSON value `text` holds.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONNode {
        var reader = Reader(bytes: Array(text.utf8))
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.atEnd else { throw JSONSyntaxError(kind: .trailingText, offset: reader.index) }
        return value
    }

    struct Reader {
        let bytes: [UInt8]
        var index = 0
        static let maxDepth = 64

        var atEnd: Bool { index >= bytes.count }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        func fail(_ kind: JSONSyntaxError.Kind? = nil) -> JSONSyntaxError {
            JSONSyntaxError(kind: kind ?? (atEnd ? .unexpectedEnd : .unexpectedCharacter), offset: index)
        }

        mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONNode {
            guard !atEnd else { throw fail() }
            guard depth < Self.maxDepth else { throw fail(.unexpectedCharacter) }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: return .number(try number())
            }
        }

        mutating func literal(_ word: String) throws(JSONSyntaxError) {
            for byte in word.utf8 {
                guard !atEnd else { throw fail() }
                guard bytes[index] == byte else { throw fail() }
                index += 1
            }
        }

        mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONNode {
            index += 1
            var members: [(key: String, value: JSONNode)] = []
            skipSpace()
            if !atEnd, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipSpace()
                guard !atEnd else { throw fail() }
                guard bytes[index] == UInt8(ascii: "\"") else { throw fail() }
                let keyOffset = index
                let key = try string()
                guard !members.contains(where: { $0.key == key }) else { throw JSONSyntaxError(kind: .duplicateKey(key), offset: keyOffset) }
                skipSpace()
                guard !atEnd else { throw fail() }
                guard bytes[index] == UInt8(ascii: ":") else { throw fail() }
                index += 1
                skipSpace()
                members.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard !atEnd else { throw fail() }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "}") else { throw fail() }
                index += 1
                return .object(members)
            }
        }

        mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONNode {
            index += 1
            var items: [JSONNode] = []
            skipSpace()
            if !atEnd, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard !atEnd else { throw fail() }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "]") else { throw fail() }
                index += 1
                return .array(items)
            }
        }

        mutating func string() throws(JSONSyntaxError) -> String {
            index += 1
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            while true {
                guard !atEnd else { throw fail() }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    guard let tail = String(validating: raw, as: UTF8.self) else { throw fail(.unexpectedCharacter) }
                    scalars.append(contentsOf: tail.unicodeScalars)
                    return String(scalars)
                }
                guard byte >= 0x20 else { throw fail() }
                if byte != UInt8(ascii: "\\") { raw.append(byte); index += 1; continue }
                guard let head = String(validating: raw, as: UTF8.self) else { throw fail(.unexpectedCharacter) }
                scalars.append(contentsOf: head.unicodeScalars)
                raw.removeAll(keepingCapacity: true)
                index += 1
                guard !atEnd else { throw fail() }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"): scalars.append(try unicodeEscape())
                default: index -= 1; throw fail()
                }
            }
        }

        mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard !atEnd else { throw fail() }
                guard let digit = hexDigit(bytes[index]) else { throw fail() }
                value = value << 4 | digit
                index += 1
            }
            return value
        }

        func hexDigit(_ b: UInt8) -> UInt32? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
            default: nil
            }
        }

        mutating func unicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
            let first = try hex4()
            if (0xD800...0xDBFF).contains(first) {
                // A surrogate pair: \uD83D\uDE00.
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { throw fail() }
                index += 2
                let second = try hex4()
                guard (0xDC00...0xDFFF).contains(second),
                      let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) else { throw fail(.unexpectedCharacter) }
                return scalar
            }
            guard let scalar = Unicode.Scalar(first) else { throw fail(.unexpectedCharacter) }
            return scalar
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
        mutating func number() throws(JSONSyntaxError) -> String {
            let start = index
            if !atEnd, bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard !atEnd else { throw fail() }
            if bytes[index] == UInt8(ascii: "0") { index += 1 } else { try digits() }
            if !atEnd, bytes[index] == UInt8(ascii: ".") { index += 1; try digits() }
            if !atEnd, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if !atEnd, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                try digits()
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func digits() throws(JSONSyntaxError) {
            let start = index
            while !atEnd, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            guard index > start else { throw fail() }
        }
    }
}
