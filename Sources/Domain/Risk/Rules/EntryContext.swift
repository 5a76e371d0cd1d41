import ArenaCore

/// What an entry is judged on.
struct EntryContext {
    let limits: RiskLimits
    let decision: ModelDecision
    let symbol: Symbol
    let side: Side
    let account: AccountState
    let book: ModelBook
    /// The stricter of the model's and the arena's state.
    let state: TradingState
    let now: Timestamp
    /// The symbol's market at the tick, nil when the snapshot lacks it.
    let market: SymbolSnapshot?
    /// A symbol whose position the same decision closes first (a flip's close leg): not counted as held.
    let closing: Symbol?

    /// The positions that stay open while this entry is placed.
    var remainingPositions: [PositionState] {
        account.positions.filter { !$0.quantity.isZero && $0.symbol != closing }
    }

    /// The entry price: the last price at the tick (positive), or nil.
    var price: FixedDecimal? {
        guard let last = market?.ticker.last, last.isPositive else { return nil }
        return last
    }

    /// The ATR percentile of the symbol at the tick as a fraction (0…1), if
    /// known: the snapshot states it as a percentile rank, 0…100.
    var atrPercentile: Double? { market?.regime.inputs.atrPercentile.map { $0 / 100 } }
}

/// An entry as the rules shape it: each rule may change a field and says so.
struct EntryDraft {
    let side: Side
    let market: MarketKind
    let price: FixedDecimal
    var quantity: FixedDecimal
    var leverage: FixedDecimal
    var stop: FixedDecimal = .zero
    var takeProfit: FixedDecimal = .zero
    /// Whether the entry has a stop and a target (a bracket); false only without default exits.
    var exits = true
    /// The quote currency the entry may spend, fees included, when sized at the fill (`risk.size_at_fill`):
    /// NAV × the decision's fraction, then `quantity × price` after any rule shrank the quantity.
    var budget: FixedDecimal?
    var changes: [VerdictChange] = []

    /// +1 for a long, −1 for a short.
    var direction: FixedDecimal { side == .buy ? 1 : -1 }

    /// `quantity × price`.
    func notional() throws(RiskError) -> FixedDecimal { try Exact.mul(quantity, price) }

    /// Sets `quantity` to `new` rounded down to `step` (only ever smaller) and records why.
    mutating func resize(to new: FixedDecimal, step: FixedDecimal, rule: String) throws(RiskError) {
        let rounded = try Exact.floor(max(new, .zero), step: step)
        guard rounded < quantity else { return }
        changes.append(VerdictChange(field: "quantity", from: quantity.description, to: rounded.description, rule: rule))
        quantity = rounded
        if budget != nil { budget = try notional() }
    }

    /// Records a change of a non-quantity field.
    mutating func note(_ field: String, from: FixedDecimal?, to: FixedDecimal, rule: String) {
        changes.append(VerdictChange(field: field, from: from?.description ?? "none", to: to.description, rule: rule))
    }
}

/// What the entry rules made of an entry.
enum EntryJudgement {
    case accepted(EntryDraft, OrderPlan)
    /// A reason code and words.
    case rejected(String, String)
}
