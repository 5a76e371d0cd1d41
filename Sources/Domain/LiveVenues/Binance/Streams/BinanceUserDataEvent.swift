import ArenaCore

/// What a Binance user-data stream delivers, spot or USDⓈ-M, in exact decimals.
///
/// The connection markers are part of the stream so that the OMS knows when it may have missed
/// something: after every ``reconnected`` (and at the first ``connected``) it must reconcile open
/// orders, recent fills and balances through REST, because the venue does not replay events sent
/// while no connection was subscribed.
public enum BinanceUserDataEvent: Sendable, Hashable {
    /// An order changed: placed, filled (partly), cancelled, expired, rejected.
    case order(BinanceOrderUpdate)
    /// Balances (and, on USDⓈ-M, positions) after a change.
    case account(BinanceAccountUpdate)
    /// Spot `balanceUpdate`: a deposit, withdrawal or transfer changed `asset` by `delta`.
    case balanceDelta(asset: String, delta: FixedDecimal, eventTime: Int64)
    /// The first subscription is live: events from now on are delivered.
    case connected
    /// The subscription ended (closed, dropped, expired key, rotation); events may be missed until ``reconnected``.
    case disconnected(reason: String)
    /// A new subscription is live after a ``disconnected``: reconcile now.
    case reconnected
}

/// Why an order update was sent (Binance's execution type, `x`).
public enum BinanceExecutionType: Sendable, Hashable {
    case new, canceled, replaced, rejected, trade, expired, tradePrevention, amendment, calculated
    /// A type this build does not know, kept verbatim.
    case other(String)

    /// The type for Binance's text.
    public init(_ text: String) {
        switch text {
        case "NEW": self = .new
        case "CANCELED": self = .canceled
        case "REPLACED": self = .replaced
        case "REJECTED": self = .rejected
        case "TRADE": self = .trade
        case "EXPIRED": self = .expired
        case "TRADE_PREVENTION": self = .tradePrevention
        case "AMENDMENT": self = .amendment
        // USDⓈ-M: a liquidation or ADL execution.
        case "CALCULATED": self = .calculated
        default: self = .other(text)
        }
    }
}

/// One order change (spot `executionReport`, USDⓈ-M `ORDER_TRADE_UPDATE`).
public struct BinanceOrderUpdate: Sendable, Hashable {
    public var symbol: String
    /// The order's client id. On spot a cancellation reports the cancel request's own id in `c` and
    /// the order's in `C`; this is always the order's.
    public var clientOrderID: String
    /// The venue's order id (`i`).
    public var orderID: Int64
    /// `BUY` or `SELL`.
    public var side: String
    /// `LIMIT`, `MARKET`, …, as Binance names it.
    public var orderType: String
    public var executionType: BinanceExecutionType
    /// The order's status after this change; nil for a status this build does not know.
    public var status: BinanceOrderStatus?
    /// The status text as sent (`X`).
    public var statusText: String
    public var quantity: FixedDecimal
    public var price: FixedDecimal
    public var stopPrice: FixedDecimal
    /// The execution this update reports (`l`, `L`); zero unless ``executionType`` is `.trade`.
    public var lastFilledQuantity: FixedDecimal
    public var lastFilledPrice: FixedDecimal
    /// Σ filled so far (`z`).
    public var cumulativeFilledQuantity: FixedDecimal
    /// The commission of this execution (`n`) and its asset (`N`; nil when none was charged).
    public var commission: FixedDecimal
    public var commissionAsset: String?
    /// The execution's trade id (`t`); nil unless ``executionType`` is `.trade` (or `.calculated`).
    public var tradeID: Int64?
    /// When the venue made the change (`T`), ms.
    public var transactionTime: Int64
    /// When the event was sent (`E`), ms.
    public var eventTime: Int64
    /// Whether this execution was on the maker side (`m`).
    public var isMaker: Bool
    /// USDⓈ-M `R`; false on spot.
    public var reduceOnly: Bool
}

/// Balances (and USDⓈ-M positions) after a change (spot `outboundAccountPosition`, USDⓈ-M `ACCOUNT_UPDATE`).
public struct BinanceAccountUpdate: Sendable, Hashable {
    /// One asset. Spot: `free` and `locked`. USDⓈ-M: `wallet` (`wb`) and `crossWallet` (`cw`).
    public struct Balance: Sendable, Hashable {
        public var asset: String
        public var free: FixedDecimal?
        public var locked: FixedDecimal?
        public var wallet: FixedDecimal?
        public var crossWallet: FixedDecimal?

        /// A balance; the fields a market does not send are nil.
        public init(asset: String, free: FixedDecimal?, locked: FixedDecimal?, wallet: FixedDecimal?, crossWallet: FixedDecimal?) {
            (self.asset, self.free, self.locked, self.wallet, self.crossWallet) = (asset, free, locked, wallet, crossWallet)
        }
    }

    /// One USDⓈ-M position (`P`).
    public struct Position: Sendable, Hashable {
        public var symbol: String
        /// Signed amount (`pa`): positive long, negative short.
        public var amount: FixedDecimal
        public var entryPrice: FixedDecimal
        public var unrealizedPnL: FixedDecimal
        /// `BOTH`, `LONG` or `SHORT`.
        public var positionSide: String

        /// A position.
        public init(symbol: String, amount: FixedDecimal, entryPrice: FixedDecimal, unrealizedPnL: FixedDecimal, positionSide: String) {
            (self.symbol, self.amount, self.entryPrice, self.unrealizedPnL, self.positionSide) = (symbol, amount, entryPrice, unrealizedPnL, positionSide)
        }
    }

    public var eventTime: Int64
    /// USDⓈ-M `m` (`ORDER`, `FUNDING_FEE`, `DEPOSIT`, …); nil on spot.
    public var reason: String?
    public var balances: [Balance]
    public var positions: [Position]

    /// An update.
    public init(eventTime: Int64, reason: String?, balances: [Balance], positions: [Position]) {
        (self.eventTime, self.reason, self.balances, self.positions) = (eventTime, reason, balances, positions)
    }
}
