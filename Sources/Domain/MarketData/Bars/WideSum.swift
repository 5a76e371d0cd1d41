import ArenaCore

/// An exact sum of products of non-negative decimals, rounded once at the end.
///
/// A trade's notional `price × quantity` has up to twice the decimals of its
/// factors (8 + 8 on Binance), more than ``FixedDecimal`` keeps. Summing the
/// full 256-bit products of the raw values and dividing by the scale once per
/// bar keeps a bar's quote volume exact up to that single half-even rounding,
/// and costs one wide multiply and add per trade instead of a division.
struct WideSum: Sendable, Hashable {
    private var high: UInt128 = 0
    private var low: UInt128 = 0

    /// Adds `a × b` (both raw values non-negative); returns false on overflow of 256 bits.
    @inline(__always)
    mutating func add(_ a: FixedDecimal, times b: FixedDecimal) -> Bool {
        let p = a.raw.magnitude.multipliedFullWidth(by: b.raw.magnitude)
        let (l, carry) = low.addingReportingOverflow(p.low)
        let (h1, o1) = high.addingReportingOverflow(p.high)
        let (h2, o2) = h1.addingReportingOverflow(carry ? 1 : 0)
        low = l
        high = h2
        return !(o1 || o2)
    }

    /// The sum as a decimal (divided by the scale, rounded half to even), or nil when it does not fit.
    var value: FixedDecimal? {
        let unit = UInt128(FixedDecimal.unitRaw)
        guard high < unit else { return nil }
        let (q, r) = unit.dividingFullWidth((high, low))
        var m = q
        // Half to even: round up above half, and at exactly half when the quotient is odd.
        if r > unit - r || (r == unit - r && q & 1 == 1) { m += 1 }
        guard m <= UInt128(Int128.max) else { return nil }
        return FixedDecimal(raw: Int128(m))
    }
}
