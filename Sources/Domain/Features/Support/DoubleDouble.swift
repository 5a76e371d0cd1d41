/// An unevaluated sum `hi + lo` of two `Double`s (about 106 significant bits),
/// for rolling sums that must subtract what they added without residue.
///
/// Only the operations the rolling moments need: exact products of two
/// `Double`s (via fused multiply-add), sums, a square and a division by a count.
public struct DoubleDouble: Sendable, Hashable {
    /// The leading part: the value rounded to a `Double`.
    public var hi: Double
    /// The remainder, |lo| ≤ ulp(hi)/2.
    public var lo: Double

    /// `hi + lo`, renormalised.
    public init(_ hi: Double, _ lo: Double = 0) {
        let s = hi + lo
        self.hi = s
        self.lo = lo - (s - hi)
    }

    /// Zero.
    public static let zero = DoubleDouble(0)

    /// The exact product `a·b`.
    public static func product(_ a: Double, _ b: Double) -> DoubleDouble {
        let p = a * b
        return DoubleDouble(p, (-p).addingProduct(a, b))
    }

    /// `a + b` with the rounding error of the leading parts kept (Knuth's TwoSum).
    public static func + (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let s = a.hi + b.hi
        let bb = s - a.hi
        let e = (a.hi - (s - bb)) + (b.hi - bb)
        return DoubleDouble(s, e + a.lo + b.lo)
    }

    /// `−a`.
    public static prefix func - (a: DoubleDouble) -> DoubleDouble {
        var r = a
        r.hi = -a.hi
        r.lo = -a.lo
        return r
    }

    /// `a − b`.
    public static func - (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble { a + (-b) }

    /// `a²`.
    public var squared: DoubleDouble {
        let p = Self.product(hi, hi)
        return DoubleDouble(p.hi, p.lo + 2 * hi * lo)
    }

    /// `a / n`.
    public func divided(by n: Double) -> DoubleDouble {
        let q = hi / n
        let p = Self.product(q, n)
        return DoubleDouble(q, ((hi - p.hi) - p.lo + lo) / n)
    }

    /// The nearest `Double`.
    public var value: Double { hi + lo }
}
