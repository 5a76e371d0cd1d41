import ArenaCore
import Foundation

/// One symbol the fake Binance trades, with its filters as `exchangeInfo` serves them.
public struct FakeBinanceSymbol: Sendable {
    public var symbol: String
    public var baseAsset: String
    public var quoteAsset: String
    /// `PRICE_FILTER`.
    public var minPrice: FixedDecimal = FixedDecimal("0.01")!
    public var maxPrice: FixedDecimal = 1_000_000
    public var tickSize: FixedDecimal = FixedDecimal("0.01")!
    /// `LOT_SIZE`.
    public var minQty: FixedDecimal = FixedDecimal("0.001")!
    public var maxQty: FixedDecimal = 1_000
    public var stepSize: FixedDecimal = FixedDecimal("0.001")!
    /// `MARKET_LOT_SIZE` (zero fields: as LOT_SIZE, as Binance serves them).
    public var marketMaxQty: FixedDecimal = 100
    /// Spot `NOTIONAL` / USDⓈ-M `MIN_NOTIONAL` minimum, and spot `NOTIONAL` maximum.
    public var minNotional: FixedDecimal = 10
    public var maxNotional: FixedDecimal = 9_000_000
    /// The price a MARKET order (or a marketable LIMIT) fills at.
    public var marketPrice: FixedDecimal = 50_000

    public init(symbol: String = "BTCUSDT", baseAsset: String = "BTC", quoteAsset: String = "USDT") {
        self.symbol = symbol
        self.baseAsset = baseAsset
        self.quoteAsset = quoteAsset
    }
}

/// One order the fake holds.
public struct FakeBinanceOrder: Sendable, Hashable {
    public var orderID: Int64
    public var clientOrderID: String
    public var symbol: String
    public var side: String
    public var type: String
    public var timeInForce: String?
    public var price: FixedDecimal
    public var stopPrice: FixedDecimal
    public var quantity: FixedDecimal
    public var executed: FixedDecimal = .zero
    public var cumulativeQuote: FixedDecimal = .zero
    public var status: String = "NEW"
    public var reduceOnly = false
    /// Placed on USDⓈ-M (`/fapi`), else spot: which user-data stream reports it.
    public var usdm = false
    public var time: Int64
    public var updateTime: Int64

    /// Whether it can still fill or be cancelled.
    public var isOpen: Bool { status == "NEW" || status == "PARTIALLY_FILLED" }
}

/// One execution the fake made.
struct FakeBinanceTrade: Sendable {
    var id: Int64
    var orderID: Int64
    var symbol: String
    var side: String
    var price: FixedDecimal
    var quantity: FixedDecimal
    var time: Int64
    var maker: Bool
    var commission: FixedDecimal = .zero
    var commissionAsset: String?
}

/// What the next order placements do instead of answering at once.
public enum FakeBinanceFault: Sendable, Hashable {
    /// Accept (and fill, for a MARKET order) the order, then answer only after `hold` —
    /// past the client's timeout, so the client cannot know the order exists.
    case acceptThenHold(Duration)
    /// Answer with this HTTP status and no Binance error body; with `accept` the order was placed first.
    case serverError(status: Int, accept: Bool)
}

/// The fake's whole mutable state, behind one lock.
struct FakeBinanceState {
    var symbols: [String: FakeBinanceSymbol]
    var balances: [String: FixedDecimal]
    var orders: [FakeBinanceOrder] = []
    var trades: [FakeBinanceTrade] = []
    var nextOrderID: Int64 = 1_000
    var nextTradeID: Int64 = 1
    var clockOffsetMilliseconds: Int64 = 0
    var faults: [FakeBinanceFault] = []
    var canWithdraw: Bool
    // Counters a test asserts on.
    var requestsByPath: [String: Int] = [:]
    var apiKeysSeen: Set<String> = []
    var placementsAccepted = 0
    // The weight budget: `weightBudget` per `weightWindow`, from the window's first request.
    var weightBudget: Int
    var weightWindow: Duration
    var windowStart: ContinuousClock.Instant?
    var weightUsed = 0
    var ordersIn10s: [ContinuousClock.Instant] = []
    var ordersToday = 0
    /// Commission per fill, as a fraction of its quote amount, charged in the quote asset.
    var commissionRate: FixedDecimal = .zero
    /// The user-data streams (``FakeBinanceStreams``).
    var streams = FakeBinanceStreams()

    /// Counts `weight` against the budget: nil when it fits, else the seconds until the window ends (a 429's `Retry-After`).
    mutating func charge(_ weight: Int, now: ContinuousClock.Instant) -> Int? {
        if let start = windowStart, now - start >= weightWindow { windowStart = nil }
        if windowStart == nil {
            windowStart = now
            weightUsed = 0
        }
        guard weightUsed + weight <= weightBudget else {
            let left = weightWindow - (now - windowStart!)
            let (s, a) = left.components
            return Int(s) + (a > 0 ? 1 : 0)
        }
        weightUsed += weight
        return nil
    }

    /// Index of the order with this client id or order id.
    func index(clientOrderID: String?, orderID: Int64?) -> Int? {
        orders.firstIndex { o in (clientOrderID != nil && o.clientOrderID == clientOrderID) || (orderID != nil && o.orderID == orderID) }
    }

    /// Fills `quantity` of order `i` at `price`: the order's status and totals, the balances, a trade.
    mutating func fill(_ i: Int, quantity: FixedDecimal, price: FixedDecimal, now: Int64, maker: Bool) {
        var o = orders[i]
        let q = Swift.min(quantity, o.quantity - o.executed)
        guard q.isPositive, o.isOpen else { return }
        let quote = q * price
        o.executed += q
        o.cumulativeQuote += quote
        o.status = o.executed >= o.quantity ? "FILLED" : "PARTIALLY_FILLED"
        o.updateTime = now
        orders[i] = o
        var trade = FakeBinanceTrade(id: nextTradeID, orderID: o.orderID, symbol: o.symbol, side: o.side, price: price, quantity: q, time: now, maker: maker)
        if let s = symbols[o.symbol] {
            let sign: FixedDecimal = o.side == "BUY" ? 1 : -1
            if commissionRate.isPositive { (trade.commission, trade.commissionAsset) = (quote * commissionRate, s.quoteAsset) }
            balances[s.baseAsset, default: .zero] += sign * q
            balances[s.quoteAsset, default: .zero] -= sign * quote + trade.commission
        }
        trades.append(trade)
        nextTradeID += 1
        publish(o, execution: "TRADE", trade: trade, now: now)
    }
}
