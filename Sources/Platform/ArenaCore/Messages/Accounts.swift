/// Where an account state came from.
public enum AccountSource: String, WireEnum {
    /// The arena's starting capital: the OMS has not reported this model yet.
    case opening = "OPENING"
    /// The OMS's ledger.
    case ledger = "LEDGER"
}

/// One model's account as the OMS publishes it on `acct.<model>` and as a
/// scoring job carries it. Exact decimals throughout.
public struct AccountState: Sendable, Hashable, Codable {
    public var modelID: ModelID
    public var source: AccountSource
    /// The ledger time this state is for.
    public var asOf: Timestamp
    /// The OMS's per-model sequence number; a higher one supersedes a lower.
    public var sequence: Int64
    /// Cash in the quote currency (USDT).
    public var cash: FixedDecimal
    /// Open positions, by symbol.
    public var positions: [PositionState]
    /// Cash + marked positions.
    public var nav: FixedDecimal
    public var realizedPnL: FixedDecimal
    /// Fees paid, ≥ 0.
    public var fees: FixedDecimal
    /// Funding received (negative: paid), perpetuals only.
    public var funding: FixedDecimal
    /// The sum of the positions' unrealised PnL at their marks.
    public var unrealizedPnL: FixedDecimal
    /// Margin held by perpetual positions (isolated), in the quote currency.
    public var marginUsed: FixedDecimal
    /// The highest NAV seen (the drawdown reference).
    public var peakNAV: FixedDecimal
    /// NAV at the start of the current UTC day (the daily-drawdown reference).
    public var dayStartNAV: FixedDecimal

    public init(
        modelID: ModelID, source: AccountSource, asOf: Timestamp, sequence: Int64, cash: FixedDecimal,
        positions: [PositionState], nav: FixedDecimal, realizedPnL: FixedDecimal, fees: FixedDecimal,
        funding: FixedDecimal = .zero, unrealizedPnL: FixedDecimal = .zero, marginUsed: FixedDecimal = .zero,
        peakNAV: FixedDecimal? = nil, dayStartNAV: FixedDecimal? = nil
    ) {
        self.funding = funding
        self.unrealizedPnL = unrealizedPnL
        self.marginUsed = marginUsed
        self.peakNAV = peakNAV ?? nav
        self.dayStartNAV = dayStartNAV ?? nav
        self.modelID = modelID
        self.source = source
        self.asOf = asOf
        self.sequence = sequence
        self.cash = cash
        self.positions = positions
        self.nav = nav
        self.realizedPnL = realizedPnL
        self.fees = fees
    }

    /// A flat account holding `capital` in cash, before the OMS has reported.
    public static func opening(model: ModelID, capital: FixedDecimal, at time: Timestamp) -> AccountState {
        AccountState(
            modelID: model, source: .opening, asOf: time, sequence: 0, cash: capital, positions: [], nav: capital,
            realizedPnL: .zero, fees: .zero
        )
    }
}

/// An open position.
public struct PositionState: Sendable, Hashable, Codable {
    public var symbol: Symbol
    /// Signed base quantity: negative is short.
    public var quantity: FixedDecimal
    public var averagePrice: FixedDecimal
    public var unrealizedPnL: FixedDecimal
    public var market: MarketKind
    /// The price it is marked at.
    public var markPrice: FixedDecimal
    /// Perpetuals: leverage, isolated margin and the liquidation price (1, 0 and nil on spot).
    public var leverage: FixedDecimal
    public var margin: FixedDecimal
    public var liquidationPrice: FixedDecimal?
    /// When the position was opened from flat (the holding-time and time-stop reference).
    public var openedAt: Timestamp

    public init(
        symbol: Symbol, quantity: FixedDecimal, averagePrice: FixedDecimal, unrealizedPnL: FixedDecimal,
        market: MarketKind = .spot, markPrice: FixedDecimal? = nil, leverage: FixedDecimal = 1, margin: FixedDecimal = .zero,
        liquidationPrice: FixedDecimal? = nil, openedAt: Timestamp = Timestamp(nanoseconds: 0)
    ) {
        self.market = market
        self.markPrice = markPrice ?? averagePrice
        self.leverage = leverage
        self.margin = margin
        self.liquidationPrice = liquidationPrice
        self.openedAt = openedAt
        self.symbol = symbol
        self.quantity = quantity
        self.averagePrice = averagePrice
        self.unrealizedPnL = unrealizedPnL
    }
}
