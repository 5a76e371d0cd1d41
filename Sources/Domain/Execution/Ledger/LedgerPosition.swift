import ArenaCore

/// An open position in a ``ModelLedger``.
///
/// The entry is kept as a cost basis (Σ entry notional of the open quantity)
/// rather than an average price, so the ledger's identities hold exactly:
/// the average price is derived from it.
public struct LedgerPosition: Sendable, Hashable, Codable {
    public var symbol: Symbol
    public var market: MarketKind
    /// Signed base quantity: negative is short (perpetuals only).
    public var quantity: FixedDecimal
    /// Σ quantity × price of the open quantity at entry, ≥ 0.
    public var costBasis: FixedDecimal
    /// 1 on spot.
    public var leverage: FixedDecimal
    /// Isolated margin held (0 on spot).
    public var margin: FixedDecimal
    /// When the position was opened from flat.
    public var openedAt: Timestamp

    /// The average entry price (half-even to 12 places).
    public var averagePrice: FixedDecimal {
        (try? costBasis.divided(by: quantity.magnitude)) ?? .zero
    }

    /// What the position holds out of cash: the cost basis on spot, the margin on a perpetual.
    public var lockedCapital: FixedDecimal { market == .spot ? costBasis : margin }

    /// The position's value at `mark` minus its cost: `quantity × mark − cost basis` for a long,
    /// `cost basis − |quantity| × mark` for a short.
    public func unrealizedPnL(at mark: FixedDecimal) throws(LedgerError) -> FixedDecimal {
        let value = try Checked.mul(quantity.magnitude, mark, "position value")
        return quantity.isNegative ? try Checked.sub(costBasis, value, "unrealised PnL") : try Checked.sub(value, costBasis, "unrealised PnL")
    }

    /// What the position adds to NAV at `mark`: its value on spot, margin + unrealised PnL on a perpetual.
    public func navContribution(at mark: FixedDecimal) throws(LedgerError) -> FixedDecimal {
        if market == .spot { return try Checked.mul(quantity, mark, "position value") }
        return try Checked.add(margin, try unrealizedPnL(at: mark), "position NAV")
    }

    /// The isolated-margin liquidation price (perpetuals; nil on spot or when the formula gives ≤ 0).
    public func liquidationPrice(maintenanceMarginRate mmr: FixedDecimal) -> FixedDecimal? {
        guard market == .perpetual, !quantity.isZero else { return nil }
        return try? Self.liquidationPrice(entry: averagePrice, leverage: leverage, long: quantity.isPositive, mmr: mmr)
    }

    /// Isolated-margin liquidation price with maintenance-margin rate `mmr`:
    /// long `entry × (1 − 1/leverage + mmr)`, short `entry × (1 + 1/leverage − mmr)`.
    ///
    /// It ignores the venue's tiered maintenance brackets, the maintenance amount and fees: a
    /// single rate for every size, which is what a paper arena needs. Nil when it is ≤ 0.
    public static func liquidationPrice(
        entry: FixedDecimal, leverage: FixedDecimal, long: Bool, mmr: FixedDecimal
    ) throws(LedgerError) -> FixedDecimal? {
        let inverse = try Checked.div(.one, leverage, "1 / leverage")
        let factor = long
            ? try Checked.add(try Checked.sub(.one, inverse, "liquidation factor"), mmr, "liquidation factor")
            : try Checked.sub(try Checked.add(.one, inverse, "liquidation factor"), mmr, "liquidation factor")
        let price = try Checked.mul(entry, factor, "liquidation price")
        return price.isPositive ? price : nil
    }
}
