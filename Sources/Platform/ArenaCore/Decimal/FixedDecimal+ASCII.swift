extension FixedDecimal {
    /// Parses decimal text held as ASCII bytes, with exactly the rules and
    /// results of ``init(parsing:)`` (same values, same errors).
    ///
    /// This is the hot-path form for byte-level scanners (replayed trade files
    /// parse millions of prices a second): plain `[sign] digits [. digits]` text
    /// with at most 18 significant digits is read in one pass without
    /// allocating; anything else (exponents, long mantissas, bad characters)
    /// takes ``init(parsing:)``, so every rule lives in one place.
    public init(parsingASCII bytes: UnsafeBufferPointer<UInt8>) throws(FixedDecimalError) {
        if let raw = Self.fastRaw(bytes) {
            self.init(raw: raw)
            return
        }
        do { self = try FixedDecimal(parsing: String(decoding: bytes, as: UTF8.self)) } catch let e as FixedDecimalError {
            throw e
        } catch {
            // init(parsing:) throws nothing else; keep the error typed regardless.
            throw .invalidSyntax("\(error)")
        }
    }

    /// The raw value of simple decimal text, or nil when the text needs the general parser
    /// (which then also produces the error for invalid text).
    @inline(__always)
    static func fastRaw(_ bytes: UnsafeBufferPointer<UInt8>) -> Int128? {
        var i = 0
        let n = bytes.count
        guard n > 0, n <= 256 else { return nil }
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            i = 1
        }
        // Significant digits accumulate in `significand`; zeros after the last
        // non-zero digit wait in `pendingZeros`, so trailing zeros ("0.02000000")
        // cost nothing and never overflow.
        var significand: UInt64 = 0
        var significantDigits = 0
        var pendingZeros = 0
        var fractionDigits = 0
        var sawPoint = false
        var sawDigit = false
        while i < n {
            let c = bytes[i]
            i += 1
            if c == UInt8(ascii: ".") {
                if sawPoint { return nil }
                sawPoint = true
                continue
            }
            let d = c &- UInt8(ascii: "0")
            guard d <= 9 else { return nil }
            sawDigit = true
            if sawPoint { fractionDigits += 1 }
            if d == 0 {
                if significand != 0 { pendingZeros += 1 }
                continue
            }
            significantDigits += pendingZeros + 1
            guard significantDigits <= 18 else { return nil }
            significand = significand * pow10Table[pendingZeros + 1] + UInt64(d)
            pendingZeros = 0
        }
        guard sawDigit else { return nil }
        if significand == 0 { return 0 }
        // value = significand × 10^(pendingZeros - fractionDigits); raw shifts that by the scale.
        let shift = pendingZeros + scale - fractionDigits
        // Dropping a non-zero digit below the scale is a precision loss; the general parser reports it.
        guard shift >= 0, shift <= 38 else { return nil }
        let (m, o) = UInt128(significand).multipliedReportingOverflow(by: UInt128(pow10Table[Swift.min(shift, 19)]))
        guard !o else { return nil }
        var magnitude = m
        if shift > 19 {
            let (m2, o2) = magnitude.multipliedReportingOverflow(by: UInt128(pow10Table[shift - 19]))
            guard !o2 else { return nil }
            magnitude = m2
        }
        guard magnitude <= UInt128(Int128.max) else { return nil }
        return negative ? -Int128(magnitude) : Int128(magnitude)
    }

    /// `10^0 … 10^19`, the powers that fit in `UInt64`; a shift up to 38 is applied in two steps.
    private static let pow10Table: [UInt64] = {
        var t: [UInt64] = [1]
        for _ in 1...19 { t.append(t.last! * 10) }
        return t
    }()
}
