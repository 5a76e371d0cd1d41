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
    public var fees: FixedDecimal

    public init(
        modelID: ModelID, source: AccountSource, asOf: Timestamp, sequence: Int64, cash: FixedDecimal,
        positions: [PositionState], nav: FixedDecimal, realizedPnL: FixedDecimal, fees: FixedDecimal
    ) {
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

    public init(symbol: Symbol, quantity: FixedDecimal, averagePrice: FixedDecimal, unrealizedPnL: FixedDecimal) {
        self.symbol = symbol
        self.quantity = quantity
        self.averagePrice = averagePrice
        self.unrealizedPnL = unrealizedPnL
    }
}
