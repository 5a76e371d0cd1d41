import ArenaCore

/// Why the risk guard could not do something. Evaluation never throws (a
/// failing computation rejects the decision); replay does.
public enum RiskError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A decimal computation overflowed or divided by zero.
    case arithmetic(String)
    /// A record or input names a model the engine does not know.
    case unknownModel(ModelID)
    /// A record cannot have come from this engine (its content contradicts itself).
    case invalidRecord(String)

    public var description: String {
        switch self {
        case .arithmetic(let what): "arithmetic overflow or division by zero in \(what)"
        case .unknownModel(let model): "unknown model \(model)"
        case .invalidRecord(let why): "invalid record: \(why)"
        }
    }
}

/// Checked exact arithmetic: every error of ``FixedDecimal`` becomes ``RiskError/arithmetic(_:)``.
enum Exact {
    static func add(_ a: FixedDecimal, _ b: FixedDecimal) throws(RiskError) -> FixedDecimal {
        do { return try a.adding(b) } catch { throw .arithmetic("\(a) + \(b)") }
    }

    static func sub(_ a: FixedDecimal, _ b: FixedDecimal) throws(RiskError) -> FixedDecimal {
        do { return try a.subtracting(b) } catch { throw .arithmetic("\(a) − \(b)") }
    }

    static func mul(_ a: FixedDecimal, _ b: FixedDecimal, _ mode: RoundingMode = .halfEven) throws(RiskError) -> FixedDecimal {
        do { return try a.multiplied(by: b, rounding: mode) } catch { throw .arithmetic("\(a) × \(b)") }
    }

    static func div(_ a: FixedDecimal, _ b: FixedDecimal, _ mode: RoundingMode = .halfEven) throws(RiskError) -> FixedDecimal {
        do { return try a.divided(by: b, rounding: mode) } catch { throw .arithmetic("\(a) ÷ \(b)") }
    }

    /// `value` rounded down to a multiple of `step` (toward zero for a positive quantity).
    static func floor(_ value: FixedDecimal, step: FixedDecimal) throws(RiskError) -> FixedDecimal {
        do { return try value.rounded(toMultipleOf: step, .down) } catch { throw .arithmetic("\(value) rounded to \(step)") }
    }

    /// `|a|`, failing for the one value without a magnitude.
    static func abs(_ a: FixedDecimal) throws(RiskError) -> FixedDecimal {
        guard a != .min else { throw .arithmetic("|\(a)|") }
        return a.magnitude
    }
}

extension Timestamp {
    /// This instant `seconds` later, saturating at the ends of the range.
    func adding(seconds: Int64) -> Timestamp {
        let (ns, o1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if o1 { return Timestamp(nanoseconds: seconds < 0 ? .min : .max) }
        let (sum, o2) = nanoseconds.addingReportingOverflow(ns)
        if o2 { return Timestamp(nanoseconds: ns < 0 ? .min : .max) }
        return Timestamp(nanoseconds: sum)
    }

    /// 00:00 UTC of the day after this instant's UTC day.
    var nextUTCMidnight: Timestamp {
        let day: Int64 = 86_400_000_000_000
        let index = nanoseconds >= 0 ? nanoseconds / day : (nanoseconds - (day - 1)) / day
        let (next, o) = (index + 1).multipliedReportingOverflow(by: day)
        return Timestamp(nanoseconds: o ? .max : next)
    }
}
