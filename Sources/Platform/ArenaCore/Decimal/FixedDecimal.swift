/// An exact fixed-point decimal for prices, quantities, money and fees.
///
/// The value is `raw / 10^12`, with `raw` an `Int128`. Twelve fractional digits
/// cover every exchange tick and step size (Binance and OKX use at most eight)
/// and keep fee and funding products exact; the range (about ±1.7e26) holds
/// totals far beyond 1e12. Intermediate products use 256-bit arithmetic, so
/// `a * b` is exact before its single, explicit rounding. See ADR 0002.
///
/// Operators (`+`, `-`, `*`) trap on overflow, like Swift's integers; the
/// `adding(_:)`-style methods throw ``FixedDecimalError/overflow`` instead, and
/// are what ledgers and parsers of untrusted input use.
public struct FixedDecimal: Sendable, Hashable {
    /// Number of fractional decimal digits held exactly.
    public static let scale = 12
    /// `10^scale`, the raw value of one unit.
    public static let unitRaw: Int128 = 1_000_000_000_000

    /// The scaled integer: the value times `10^scale`.
    public let raw: Int128

    /// Creates a value from its scaled integer representation.
    @inlinable
    public init(raw: Int128) { self.raw = raw }

    /// Zero.
    public static let zero = FixedDecimal(raw: 0)
    /// One.
    public static let one = FixedDecimal(raw: unitRaw)
    /// The largest representable value.
    public static let max = FixedDecimal(raw: Int128.max)
    /// The smallest representable value.
    public static let min = FixedDecimal(raw: Int128.min)

    /// An exact integer value; throws if it does not fit.
    public init(exactly value: Int) throws {
        let (r, o) = Int128(value).multipliedReportingOverflow(by: Self.unitRaw)
        if o { throw FixedDecimalError.overflow }
        raw = r
    }

    /// An integer value; `Int` always fits (|Int.max| × 10^12 < Int128.max).
    public init(_ value: Int) {
        raw = Int128(value) * Self.unitRaw
    }

    /// `mantissa × 10^-exponent`, for example `(6712445, 2)` is 67124.45.
    ///
    /// Throws ``FixedDecimalError/precisionLoss`` when `exponent` exceeds
    /// ``scale`` and the value is not exactly representable.
    public init(mantissa: Int64, exponent: Int) throws {
        guard exponent >= 0 else { throw FixedDecimalError.precisionLoss }
        if exponent <= Self.scale {
            raw = Int128(mantissa) * Self.pow10(Self.scale - exponent)
        } else {
            let divisor = Self.pow10(exponent - Self.scale)
            let (q, r) = Int128(mantissa).quotientAndRemainder(dividingBy: divisor)
            guard r == 0 else { throw FixedDecimalError.precisionLoss }
            raw = q
        }
    }

    /// `10^n` for `0 ≤ n ≤ 38`.
    @inlinable
    static func pow10(_ n: Int) -> Int128 {
        precondition(n >= 0 && n <= 38, "10^\(n) does not fit in Int128")
        var r: Int128 = 1
        for _ in 0..<n { r &*= 10 }
        return r
    }

    /// True when the value is below zero.
    public var isNegative: Bool { raw < 0 }
    /// True when the value is zero.
    public var isZero: Bool { raw == 0 }
    /// True when the value is above zero.
    public var isPositive: Bool { raw > 0 }
    /// The absolute value.
    public var magnitude: FixedDecimal { FixedDecimal(raw: raw < 0 ? -raw : raw) }
    /// -1, 0 or 1.
    public var signum: Int { raw < 0 ? -1 : (raw == 0 ? 0 : 1) }

    /// The nearest `Double`; for indicators and display, never for money.
    public var doubleValue: Double {
        // Most values fit 64 bits (±9.2 million at 12 places); 64-bit division and
        // conversion are native, where Int128's go through generic code ~20× slower.
        if raw >= Int128(Int64.min) && raw <= Int128(Int64.max) {
            let (q, r) = Int64(truncatingIfNeeded: raw).quotientAndRemainder(dividingBy: 1_000_000_000_000)
            return Double(q) + Double(r) / 1e12
        }
        let (q, r) = raw.quotientAndRemainder(dividingBy: Self.unitRaw)
        return Double(q) + Double(r) / 1e12
    }

    /// The value rounded to an integer (half-even), if it fits in `Int`.
    public var intValue: Int? {
        Int(exactly: rounded(toPlaces: 0, .halfEven).raw / Self.unitRaw)
    }
}

/// Errors from decimal parsing and checked arithmetic.
public enum FixedDecimalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The result does not fit in the representable range.
    case overflow
    /// Division by zero.
    case divisionByZero
    /// The value has more fractional digits than ``FixedDecimal/scale`` (or
    /// than a rounding mode of `.unnecessary` allows).
    case precisionLoss
    /// The text is not a decimal number; the payload says why.
    case invalidSyntax(String)

    public var description: String {
        switch self {
        case .overflow: "decimal overflow"
        case .divisionByZero: "decimal division by zero"
        case .precisionLoss: "decimal value needs more than \(FixedDecimal.scale) fractional digits"
        case .invalidSyntax(let why): "invalid decimal: \(why)"
        }
    }
}

extension FixedDecimal: Comparable {
    @inlinable
    public static func < (lhs: FixedDecimal, rhs: FixedDecimal) -> Bool { lhs.raw < rhs.raw }
}
