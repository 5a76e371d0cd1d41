import ArenaCore

/// The fields of one CSV line as byte ranges, split on `,` with surrounding
/// spaces trimmed (some recorders write `", "`). No quoting: none of the
/// replayed layouts quote fields, and a quote is reported as an error by the
/// field parsers rather than silently unwrapped.
///
/// One value is reused line after line, so splitting allocates nothing.
public struct CSVFields {
    /// Start and end offsets of each field within the line.
    private var starts: [Int] = []
    private var ends: [Int] = []
    /// The line the fields index (valid while the caller's buffer is).
    private(set) var line = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

    public init() {
        starts.reserveCapacity(16)
        ends.reserveCapacity(16)
    }

    /// Number of fields on the line.
    public var count: Int { starts.count }

    /// Splits `line`.
    public mutating func split(_ line: UnsafeBufferPointer<UInt8>) {
        self.line = line
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        var fieldStart = 0
        var i = 0
        let n = line.count
        while true {
            if i == n || line[i] == UInt8(ascii: ",") {
                var s = fieldStart, e = i
                while s < e && line[s] == UInt8(ascii: " ") { s += 1 }
                while e > s && line[e - 1] == UInt8(ascii: " ") { e -= 1 }
                starts.append(s)
                ends.append(e)
                if i == n { return }
                fieldStart = i + 1
            }
            i += 1
        }
    }

    /// The bytes of field `index`.
    @inline(__always)
    public subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: line[starts[index]..<ends[index]])
    }

    /// Field `index` as text, for headers and error messages.
    public func text(_ index: Int) -> String { String(decoding: self[index], as: UTF8.self) }

    /// Every field as lower-case text, for matching a header.
    public func lowercasedTexts() -> [String] { (0..<count).map { text($0).lowercased() } }
}

/// Field parsers over ASCII bytes; each failure is a reason in words, which
/// the caller wraps with file, line and field.
enum ASCIIField {
    /// A non-negative integer without sign, spaces or separators, up to `Int64.max`.
    @inline(__always)
    static func integer(_ b: UnsafeBufferPointer<UInt8>) throws(ExactNumber.Problem) -> Int64 {
        guard !b.isEmpty, b.count <= 19 else { throw problem(b, "is not a non-negative integer of at most 19 digits") }
        var v: UInt64 = 0
        for c in b {
            let d = c &- UInt8(ascii: "0")
            guard d <= 9 else { throw problem(b, "is not a non-negative integer") }
            v = v &* 10 &+ UInt64(d)
        }
        // 19 digits cannot overflow UInt64, but may exceed Int64.
        guard v <= UInt64(Int64.max) else { throw problem(b, "is out of range") }
        return Int64(v)
    }

    /// An exact decimal.
    @inline(__always)
    static func decimal(_ b: UnsafeBufferPointer<UInt8>) throws(ExactNumber.Problem) -> FixedDecimal {
        do { return try FixedDecimal(parsingASCII: b) } catch { throw problem(b, "is not an exact decimal (\(error))") }
    }

    /// A decimal that must be above zero (prices, quantities).
    @inline(__always)
    static func positive(_ b: UnsafeBufferPointer<UInt8>) throws(ExactNumber.Problem) -> FixedDecimal {
        let v = try decimal(b)
        guard v.raw > 0 else { throw problem(b, "must be above zero") }
        return v
    }

    /// `true`/`false` in any letter case (Python writes `True`).
    @inline(__always)
    static func bool(_ b: UnsafeBufferPointer<UInt8>) throws(ExactNumber.Problem) -> Bool {
        // The first letter decides; the rest must then spell the word.
        if b.count == 4, b[0] | 0x20 == UInt8(ascii: "t"), b[1] | 0x20 == UInt8(ascii: "r"), b[2] | 0x20 == UInt8(ascii: "u"),
           b[3] | 0x20 == UInt8(ascii: "e") { return true }
        if b.count == 5, b[0] | 0x20 == UInt8(ascii: "f"), String(decoding: b, as: UTF8.self).lowercased() == "false" { return false }
        throw problem(b, "is not true or false")
    }

    /// An epoch timestamp in milliseconds or microseconds (data.binance.vision spot files from 2025 use µs).
    @inline(__always)
    static func epochTime(_ b: UnsafeBufferPointer<UInt8>) throws(ExactNumber.Problem) -> Timestamp {
        let n = try integer(b)
        return try ExactNumber.epochTime(milliseconds: n)
    }

    static func problem(_ b: UnsafeBufferPointer<UInt8>, _ what: String) -> ExactNumber.Problem {
        ExactNumber.Problem(reason: "\"\(String(decoding: b.prefix(40), as: UTF8.self))\" \(what)")
    }
}
