/// How a result that falls between two representable values is rounded.
public enum RoundingMode: String, Sendable, CaseIterable, Codable {
    /// Toward negative infinity.
    case down = "floor"
    /// Toward positive infinity.
    case up = "ceiling"
    /// Toward zero (truncate).
    case towardZero = "toward_zero"
    /// Away from zero.
    case awayFromZero = "away_from_zero"
    /// To nearest; ties away from zero (the school rule).
    case halfUp = "half_up"
    /// To nearest; ties to the even neighbour (banker's rounding, IEEE default).
    case halfEven = "half_even"
    /// The result must be exact; otherwise ``FixedDecimalError/precisionLoss``.
    case unnecessary
}

extension FixedDecimal {
    /// `lhs + rhs`, throwing ``FixedDecimalError/overflow``.
    public func adding(_ other: FixedDecimal) throws -> FixedDecimal {
        let (r, o) = raw.addingReportingOverflow(other.raw)
        if o { throw FixedDecimalError.overflow }
        return FixedDecimal(raw: r)
    }

    /// `lhs - rhs`, throwing ``FixedDecimalError/overflow``.
    public func subtracting(_ other: FixedDecimal) throws -> FixedDecimal {
        let (r, o) = raw.subtractingReportingOverflow(other.raw)
        if o { throw FixedDecimalError.overflow }
        return FixedDecimal(raw: r)
    }

    /// The exact product rounded once to ``scale`` digits with `mode`.
    public func multiplied(by other: FixedDecimal, rounding mode: RoundingMode = .halfEven) throws -> FixedDecimal {
        try FixedDecimal(raw: Self.mulDiv(raw, other.raw, Self.unitRaw, mode))
    }

    /// The quotient rounded once to ``scale`` digits with `mode`.
    public func divided(by other: FixedDecimal, rounding mode: RoundingMode = .halfEven) throws -> FixedDecimal {
        guard other.raw != 0 else { throw FixedDecimalError.divisionByZero }
        return try FixedDecimal(raw: Self.mulDiv(raw, Self.unitRaw, other.raw, mode))
    }

    /// The value rounded to `places` fractional digits (0...12) with `mode`.
    public func rounded(toPlaces places: Int, _ mode: RoundingMode) -> FixedDecimal {
        precondition(places >= 0 && places <= Self.scale, "places must be in 0...\(Self.scale)")
        if places == Self.scale { return self }
        let step = Self.pow10(Self.scale - places)
        // Rounding a multiple of a step can only move the value by less than one step,
        // which cannot overflow except at the extreme ends of the range.
        guard let q = try? Self.divideRounded(raw, by: step, mode) else { return self }
        let (r, o) = q.multipliedReportingOverflow(by: step)
        return o ? self : FixedDecimal(raw: r)
    }

    /// The value rounded to a multiple of `increment` (a tick or step size).
    public func rounded(toMultipleOf increment: FixedDecimal, _ mode: RoundingMode) throws -> FixedDecimal {
        guard increment.raw > 0 else { throw FixedDecimalError.divisionByZero }
        let q = try Self.divideRounded(raw, by: increment.raw, mode)
        let (r, o) = q.multipliedReportingOverflow(by: increment.raw)
        if o { throw FixedDecimalError.overflow }
        return FixedDecimal(raw: r)
    }

    /// `a × b / c` with a 256-bit intermediate and one rounding.
    static func mulDiv(_ a: Int128, _ b: Int128, _ c: Int128, _ mode: RoundingMode) throws -> Int128 {
        precondition(c != 0)
        let negative = (a < 0) != (b < 0) ? !(c < 0) : (c < 0)
        let ua = a.magnitude, ub = b.magnitude, uc = c.magnitude
        let product = multipliedFullWidth(ua, ub)
        guard product.high < uc else { throw FixedDecimalError.overflow }
        let (q, r) = dividedFullWidth(product, by: uc)
        return try applyRounding(quotient: q, remainder: r, divisor: uc, negative: negative && (q != 0 || r != 0), mode)
    }

    /// `a × b` in 256 bits. Operands that fit 64 bits (most prices and quantities) take the
    /// native 64 × 64 → 128 multiply; the generic 128-bit one is several times slower.
    @inline(__always)
    private static func multipliedFullWidth(_ a: UInt128, _ b: UInt128) -> (high: UInt128, low: UInt128) {
        guard let a64 = UInt64(exactly: a), let b64 = UInt64(exactly: b) else { return a.multipliedFullWidth(by: b) }
        let (high, low) = a64.multipliedFullWidth(by: b64)
        return (0, UInt128(high) << 64 | UInt128(low))
    }

    /// `n / d` with its remainder (`n.high < d`). A 128-bit dividend and a 64-bit divisor (the
    /// scale, most prices) take two native 128 ÷ 64 divisions; the generic 256 ÷ 128 one is
    /// several times slower. Both are exact, so the result is the same.
    @inline(__always)
    private static func dividedFullWidth(_ n: (high: UInt128, low: UInt128), by d: UInt128) -> (quotient: UInt128, remainder: UInt128) {
        guard n.high == 0, let d64 = UInt64(exactly: d) else { return d.dividingFullWidth(n) }
        let (highQuotient, highRemainder) = UInt64(truncatingIfNeeded: n.low >> 64).quotientAndRemainder(dividingBy: d64)
        let (lowQuotient, remainder) = d64.dividingFullWidth((highRemainder, UInt64(truncatingIfNeeded: n.low)))
        return (UInt128(highQuotient) << 64 | UInt128(lowQuotient), UInt128(remainder))
    }

    /// `n / d` rounded with `mode` (d > 0).
    static func divideRounded(_ n: Int128, by d: Int128, _ mode: RoundingMode) throws -> Int128 {
        let (q, r) = n.magnitude.quotientAndRemainder(dividingBy: d.magnitude)
        return try applyRounding(quotient: q, remainder: r, divisor: d.magnitude, negative: (n < 0) != (d < 0) && n != 0, mode)
    }

    /// Rounds the magnitude quotient `q` (with remainder `r` of `d`) and applies the sign.
    private static func applyRounding(quotient q: UInt128, remainder r: UInt128, divisor d: UInt128, negative: Bool, _ mode: RoundingMode) throws -> Int128 {
        var m = q
        if r != 0 {
            let roundMagnitudeUp: Bool
            switch mode {
            case .towardZero: roundMagnitudeUp = false
            case .awayFromZero: roundMagnitudeUp = true
            case .down: roundMagnitudeUp = negative
            case .up: roundMagnitudeUp = !negative
            case .halfUp, .halfEven:
                // Compare 2r with d without overflow: r ≥ d - r  ⇔  2r ≥ d.
                let other = d - r
                if r > other { roundMagnitudeUp = true }
                else if r < other { roundMagnitudeUp = false }
                else { roundMagnitudeUp = mode == .halfUp || (q & 1) == 1 }
            case .unnecessary: throw FixedDecimalError.precisionLoss
            }
            if roundMagnitudeUp {
                let (s, o) = m.addingReportingOverflow(1)
                if o { throw FixedDecimalError.overflow }
                m = s
            }
        }
        if negative {
            guard m <= UInt128(Int128.max) + 1 else { throw FixedDecimalError.overflow }
            return m == UInt128(Int128.max) + 1 ? Int128.min : -Int128(m)
        }
        guard m <= UInt128(Int128.max) else { throw FixedDecimalError.overflow }
        return Int128(m)
    }

    /// Sum; traps on overflow like `Int`. Use ``adding(_:)`` for untrusted values.
    @inlinable
    public static func + (lhs: FixedDecimal, rhs: FixedDecimal) -> FixedDecimal { FixedDecimal(raw: lhs.raw + rhs.raw) }
    /// Difference; traps on overflow like `Int`.
    @inlinable
    public static func - (lhs: FixedDecimal, rhs: FixedDecimal) -> FixedDecimal { FixedDecimal(raw: lhs.raw - rhs.raw) }
    /// Negation; traps for ``min``.
    @inlinable
    public static prefix func - (value: FixedDecimal) -> FixedDecimal { FixedDecimal(raw: -value.raw) }
    /// Product rounded half-even; traps on overflow. Use ``multiplied(by:rounding:)`` to choose.
    public static func * (lhs: FixedDecimal, rhs: FixedDecimal) -> FixedDecimal {
        do { return try lhs.multiplied(by: rhs) } catch { preconditionFailure("FixedDecimal multiplication overflow") }
    }
    /// In-place sum; traps on overflow.
    @inlinable
    public static func += (lhs: inout FixedDecimal, rhs: FixedDecimal) { lhs = lhs + rhs }
    /// In-place difference; traps on overflow.
    @inlinable
    public static func -= (lhs: inout FixedDecimal, rhs: FixedDecimal) { lhs = lhs - rhs }
}
