extension FixedDecimal: LosslessStringConvertible, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// Parses plain decimal text such as `"67124.45"`, `"-0.001"`, `"+3"`, `"1e-8"`, `"2.5E3"`.
    ///
    /// Returns nil for anything else; use ``init(parsing:)`` for the reason.
    public init?(_ description: String) {
        guard let v = try? FixedDecimal(parsing: description) else { return nil }
        self = v
    }

    /// Parses decimal text exactly, throwing ``FixedDecimalError`` with the reason.
    ///
    /// Accepts an optional sign, digits with at most one point, and an optional
    /// exponent. Rejects empty text, spaces, `nan`, `inf`, more than 12 fractional
    /// digits after the exponent is applied (unless they are zeros), and overflow.
    public init(parsing text: some StringProtocol) throws {
        var utf8 = Array(text.utf8)
        guard !utf8.isEmpty else { throw FixedDecimalError.invalidSyntax("empty text") }
        guard utf8.count <= 256 else { throw FixedDecimalError.invalidSyntax("text longer than 256 bytes") }
        var negative = false
        if utf8[0] == UInt8(ascii: "-") || utf8[0] == UInt8(ascii: "+") {
            negative = utf8[0] == UInt8(ascii: "-")
            utf8.removeFirst()
        }
        var exponent = 0
        if let e = utf8.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            exponent = try Self.parseExponent(utf8[(e + 1)...])
            utf8.removeSubrange(e...)
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(utf8.count)
        var fractionDigits = 0
        var sawPoint = false
        for c in utf8 {
            if c == UInt8(ascii: ".") {
                if sawPoint { throw FixedDecimalError.invalidSyntax("more than one decimal point") }
                sawPoint = true
            } else if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                digits.append(c - UInt8(ascii: "0"))
                if sawPoint { fractionDigits += 1 }
            } else {
                throw FixedDecimalError.invalidSyntax("unexpected character '\(Character(Unicode.Scalar(c)))'")
            }
        }
        guard !digits.isEmpty else { throw FixedDecimalError.invalidSyntax("no digits") }
        // value = digits × 10^(exponent - fractionDigits); shift to scale 12.
        var shift = Self.scale + exponent - fractionDigits
        // Trailing digits beyond the scale must be zeros.
        while shift < 0 {
            guard let last = digits.popLast() else { break }
            if last != 0 { throw FixedDecimalError.precisionLoss }
            shift += 1
        }
        var magnitude: UInt128 = 0
        for d in digits {
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt128(d))
            if o1 || o2 { throw FixedDecimalError.overflow }
            magnitude = s
        }
        if shift > 0 {
            guard shift <= 38 else {
                if magnitude == 0 { self = .zero; return }
                throw FixedDecimalError.overflow
            }
            let (m, o) = magnitude.multipliedReportingOverflow(by: UInt128(Self.pow10(shift)))
            if o { throw FixedDecimalError.overflow }
            magnitude = m
        }
        let limit = negative ? UInt128(Int128.max) + 1 : UInt128(Int128.max)
        guard magnitude <= limit else { throw FixedDecimalError.overflow }
        if negative {
            raw = magnitude == UInt128(Int128.max) + 1 ? Int128.min : -Int128(magnitude)
        } else {
            raw = Int128(magnitude)
        }
    }

    private static func parseExponent(_ bytes: ArraySlice<UInt8>) throws -> Int {
        var it = bytes[...]
        var negative = false
        if let f = it.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") {
            negative = f == UInt8(ascii: "-")
            it = it.dropFirst()
        }
        guard !it.isEmpty, it.count <= 3 else { throw FixedDecimalError.invalidSyntax("bad exponent") }
        var e = 0
        for c in it {
            guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else {
                throw FixedDecimalError.invalidSyntax("bad exponent")
            }
            e = e * 10 + Int(c - UInt8(ascii: "0"))
        }
        return negative ? -e : e
    }

    /// Canonical text: no exponent, no trailing fractional zeros, `"-"` for negatives.
    public var description: String {
        let negative = raw < 0
        if let small = UInt64(exactly: raw.magnitude) { return Self.text(negative: negative, magnitude: small) }
        let magnitude = raw.magnitude
        let unit = UInt128(Self.unitRaw)
        let whole = magnitude / unit
        var fraction = magnitude % unit
        var s = negative ? "-" : ""
        s += String(whole)
        if fraction != 0 {
            var width = Self.scale
            while fraction % 10 == 0 { fraction /= 10; width -= 1 }
            let f = String(fraction)
            s += "." + String(repeating: "0", count: width - f.count) + f
        }
        return s
    }

    /// ``description`` of a magnitude below 2^64 (|value| < 18 446 744, most prices and amounts),
    /// written byte by byte in native 64-bit arithmetic: the same text, several times faster than
    /// the generic 128-bit division and printing.
    private static func text(negative: Bool, magnitude: UInt64) -> String {
        let (whole, fraction) = magnitude.quotientAndRemainder(dividingBy: UInt64(unitRaw))
        var wholeDigits = 1
        var rest = whole / 10
        while rest > 0 { wholeDigits += 1; rest /= 10 }
        var significant = fraction, fractionDigits = fraction == 0 ? 0 : scale
        while significant != 0 && significant % 10 == 0 { significant /= 10; fractionDigits -= 1 }
        let count = (negative ? 1 : 0) + wholeDigits + (fractionDigits > 0 ? 1 + fractionDigits : 0)
        return String(unsafeUninitializedCapacity: count) { bytes in
            var end = 0
            if negative { bytes[0] = UInt8(ascii: "-"); end = 1 }
            /// Writes the `width` lowest decimal digits of `value` (zero-padded) at `end`.
            func put(_ value: UInt64, width: Int) {
                var value = value
                for index in stride(from: end + width - 1, through: end, by: -1) {
                    bytes[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                end += width
            }
            put(whole, width: wholeDigits)
            if fractionDigits > 0 {
                bytes[end] = UInt8(ascii: ".")
                end += 1
                put(significant, width: fractionDigits)
            }
            return end
        }
    }

    /// Text with exactly `places` fractional digits, rounded with `mode`.
    public func formatted(places: Int, _ mode: RoundingMode = .halfEven) -> String {
        let r = rounded(toPlaces: places, mode)
        var text = r.description
        guard places > 0 else { return text }
        let have = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? -1
        if have < 0 { text += "." }
        return text + String(repeating: "0", count: places - Swift.max(have, 0))
    }

    /// An integer literal; traps if out of range (a programming error).
    public init(integerLiteral value: Int) { self.init(value) }
}

extension FixedDecimal: Codable {
    /// Decodes from a JSON string (exact) or a JSON integer. Binary codecs
    /// intercept the type and carry ``raw`` directly.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let text = try? c.decode(String.self) {
            do { self = try FixedDecimal(parsing: text) } catch {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "\(error): \"\(text.prefix(64))\"")
            }
        } else if let int = try? c.decode(Int.self) {
            self.init(int)
        } else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a decimal string")
        }
    }

    /// Encodes as its canonical string, so that JSON never goes through `Double`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
