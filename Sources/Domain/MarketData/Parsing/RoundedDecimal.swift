import ArenaCore

/// Reads decimal text that was written from a binary float and rounds it,
/// half to even, to a stated number of fractional digits.
///
/// Exchanges publish funding rates with 8 decimals, but exports that pass them
/// through `float64` write the float's shortest text (`-0.0021933400000000002`),
/// which no exact decimal of 12 places holds. Rounding back to the exchange's
/// precision recovers its value; it is applied only when a caller asks for it.
enum RoundedDecimal {
    /// `text` (`[sign] digits [. digits] [e|E [sign] digits]`) rounded to `places` (0…12) fractional digits.
    static func parse(_ text: some Collection<UInt8>, places: Int) throws(ExactNumber.Problem) -> FixedDecimal {
        func bad() -> ExactNumber.Problem { ExactNumber.Problem(reason: "\"\(String(decoding: text.prefix(40), as: UTF8.self))\" is not a decimal number") }
        var bytes = Array(text)
        var negative = false
        if let f = bytes.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") {
            negative = f == UInt8(ascii: "-")
            bytes.removeFirst()
        }
        var exponent = 0
        if let e = bytes.firstIndex(where: { $0 | 0x20 == UInt8(ascii: "e") }) {
            var exp = bytes[(e + 1)...]
            let expNegative = exp.first == UInt8(ascii: "-")
            if exp.first == UInt8(ascii: "-") || exp.first == UInt8(ascii: "+") { exp = exp.dropFirst() }
            guard (1...3).contains(exp.count), exp.allSatisfy({ $0 &- 0x30 <= 9 }) else { throw bad() }
            exponent = exp.reduce(0) { $0 * 10 + Int($1 - 0x30) } * (expNegative ? -1 : 1)
            bytes.removeSubrange(e...)
        }
        var digits: [UInt8] = []
        var integerDigits: Int?
        for c in bytes {
            if c == UInt8(ascii: "."), integerDigits == nil { integerDigits = digits.count; continue }
            guard c &- 0x30 <= 9 else { throw bad() }
            digits.append(c - 0x30)
        }
        guard !digits.isEmpty else { throw bad() }
        // The first `keep` digits form round(|value| × 10^places); the rest decide the rounding.
        let keep = (integerDigits ?? digits.count) + exponent + places
        var kept = keep > 0 ? Array(digits.prefix(keep)) + Array(repeating: 0, count: max(0, keep - digits.count)) : []
        let rest = keep >= 0 ? Array(digits.dropFirst(keep)) : []
        if let first = rest.first, first >= 5 {
            let tie = first == 5 && rest.dropFirst().allSatisfy { $0 == 0 }
            if !tie || (kept.last ?? 0) % 2 == 1 { increment(&kept) }
        }
        let magnitude = kept.isEmpty ? "0" : String(decoding: kept.map { $0 + 0x30 }, as: UTF8.self)
        do { return try FixedDecimal(parsing: (negative ? "-" : "") + magnitude + "e-\(places)") } catch {
            throw ExactNumber.Problem(reason: "\"\(String(decoding: text.prefix(40), as: UTF8.self))\" is out of range (\(error))")
        }
    }

    /// Adds one to a big-endian digit array.
    private static func increment(_ digits: inout [UInt8]) {
        var i = digits.count - 1
        while i >= 0 {
            if digits[i] < 9 { digits[i] += 1; return }
            digits[i] = 0
            i -= 1
        }
        digits.insert(1, at: 0)
    }
}
