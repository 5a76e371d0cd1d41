import ArenaCore

/// Why a ledger refused a fill or a payment (the ledger is then unchanged).
public enum LedgerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A spot sell of more than is held (spot is long only).
    case spotShort(symbol: Symbol, held: FixedDecimal, selling: FixedDecimal)
    /// A fill with quantity or price ≤ 0, or a negative fee.
    case invalidFill(String)
    /// Leverage ≤ 0 on a perpetual, or ≠ 1 on spot.
    case invalidLeverage(FixedDecimal)
    /// The fill or payment belongs to another model.
    case wrongModel(expected: ModelID, found: ModelID)
    /// A funding payment for a symbol with no perpetual position.
    case noPosition(Symbol)
    /// A decimal overflow: the amounts are beyond what the ledger can hold.
    case arithmetic(String)

    public var description: String {
        switch self {
        case .spotShort(let s, let held, let selling): "spot is long only: selling \(selling) \(s) with \(held) held"
        case .invalidFill(let why): "invalid fill: \(why)"
        case .invalidLeverage(let l): "invalid leverage \(l)"
        case .wrongModel(let e, let f): "entry for model \(f) applied to the ledger of \(e)"
        case .noPosition(let s): "no perpetual position in \(s)"
        case .arithmetic(let what): "decimal overflow computing \(what)"
        }
    }
}

/// Checked decimal arithmetic that reports overflow as ``LedgerError/arithmetic(_:)`` naming the quantity.
enum Checked {
    static func add(_ a: FixedDecimal, _ b: FixedDecimal, _ what: String) throws(LedgerError) -> FixedDecimal {
        do { return try a.adding(b) } catch { throw .arithmetic(what) }
    }

    static func sub(_ a: FixedDecimal, _ b: FixedDecimal, _ what: String) throws(LedgerError) -> FixedDecimal {
        do { return try a.subtracting(b) } catch { throw .arithmetic(what) }
    }

    static func mul(
        _ a: FixedDecimal, _ b: FixedDecimal, _ what: String, _ mode: RoundingMode = .halfEven
    ) throws(LedgerError) -> FixedDecimal {
        do { return try a.multiplied(by: b, rounding: mode) } catch { throw .arithmetic(what) }
    }

    static func div(
        _ a: FixedDecimal, _ b: FixedDecimal, _ what: String, _ mode: RoundingMode = .halfEven
    ) throws(LedgerError) -> FixedDecimal {
        do { return try a.divided(by: b, rounding: mode) } catch { throw .arithmetic(what) }
    }

    /// `whole × part / of`, exact when `part == of` (the last close releases everything that is left).
    static func share(_ whole: FixedDecimal, part: FixedDecimal, of total: FixedDecimal, _ what: String) throws(LedgerError) -> FixedDecimal {
        if part == total { return whole }
        return try div(try mul(whole, part, what), total, what)
    }
}
