import ArenaCore
import Foundation

/// One instrument the fake OKX trades, with its rules as `public/instruments` serves them.
public struct FakeOKXInstrument: Sendable {
    public var instID: String
    /// `SPOT` or `SWAP`.
    public var instType: String
    public var baseCcy: String
    public var quoteCcy: String
    public var tickSz: FixedDecimal = FixedDecimal("0.1")!
    public var lotSz: FixedDecimal = FixedDecimal("0.0001")!
    public var minSz: FixedDecimal = FixedDecimal("0.001")!
    public var maxLmtSz: FixedDecimal = 10_000
    public var maxMktSz: FixedDecimal = 100
    /// A swap contract's value in base units (ignored on spot).
    public var ctVal: FixedDecimal = FixedDecimal("0.01")!
    public var state = "live"
    /// The price a market order (or a marketable limit) fills at.
    public var marketPrice: FixedDecimal = 50_000

    public init(instID: String, instType: String, baseCcy: String, quoteCcy: String) {
        self.instID = instID
        self.instType = instType
        self.baseCcy = baseCcy
        self.quoteCcy = quoteCcy
    }

    /// `BTC-USDT` spot: tick 0.1, lot 0.0001, minimum 0.001 BTC.
    public static let btcUSDT = FakeOKXInstrument(instID: "BTC-USDT", instType: "SPOT", baseCcy: "BTC", quoteCcy: "USDT")

    /// `BTC-USDT-SWAP`: contracts of 0.01 BTC, lot 0.01, minimum 0.01 contract.
    public static var btcUSDTSwap: FakeOKXInstrument {
        var i = FakeOKXInstrument(instID: "BTC-USDT-SWAP", instType: "SWAP", baseCcy: "BTC", quoteCcy: "USDT")
        i.lotSz = FixedDecimal("0.01")!
        i.minSz = FixedDecimal("0.01")!
        return i
    }

    var isSwap: Bool { instType == "SWAP" }
}

/// One order the fake holds.
public struct FakeOKXOrder: Sendable, Hashable {
    public var ordID: String
    public var clOrdID: String
    public var instID: String
    public var instType: String
    public var tdMode: String
    public var side: String
    public var ordType: String
    public var px: FixedDecimal?
    public var sz: FixedDecimal
    public var accFillSz: FixedDecimal = .zero
    /// Σ price × size of the fills (for `avgPx`).
    public var filledValue: FixedDecimal = .zero
    /// Accumulated fee, OKX's sign (negative: charged).
    public var fee: FixedDecimal = .zero
    public var feeCcy: String
    public var state = "live"
    public var cTime: Int64
    public var uTime: Int64
    /// The latest execution.
    public var lastTradeID = ""
    public var lastFillPx: FixedDecimal?
    public var lastFillSz: FixedDecimal?
    public var lastFillFee: FixedDecimal = .zero
    public var lastFillTime: Int64?

    /// Whether it can still fill or be cancelled.
    public var isOpen: Bool { state == "live" || state == "partially_filled" }
}

/// One execution the fake made.
struct FakeOKXFill: Sendable {
    var tradeID: String
    var order: FakeOKXOrder
    var price: FixedDecimal
    var size: FixedDecimal
    var fee: FixedDecimal
    var time: Int64
    var maker: Bool
}

/// What the next order placements do instead of answering at once.
public enum FakeOKXFault: Sendable, Hashable {
    /// Accept (and fill, for a market order) the order, then answer only after `hold` — past the
    /// client's timeout, so the client cannot know the order exists.
    case acceptThenHold(Duration)
    /// Answer with this HTTP status and no OKX body; with `accept` the order was placed first.
    case serverError(status: Int, accept: Bool)
}

/// The fake's whole mutable state, behind one lock.
struct FakeOKXState {
    var instruments: [String: FakeOKXInstrument]
    var balances: [String: FixedDecimal]
    var orders: [FakeOKXOrder] = []
    var fills: [FakeOKXFill] = []
    var nextOrderID: Int64 = 600_000_000_000
    var nextTradeID: Int64 = 1
    var faults: [FakeOKXFault] = []
    var rateLimitNext = 0
    /// Open private WebSocket connections: their outbound queue, and whether logged in and subscribed.
    var connections: [Int: FakeOKXConnection] = [:]
    var nextConnection = 1
    /// Set by `stop()`: held answers stop waiting.
    var stopping = false
    // Counters a test asserts on.
    var requestsByPath: [String: Int] = [:]
    var productionRequests = 0
    var placementsAccepted = 0
    var logins = 0
    var pings = 0
    var apiKeysSeen: Set<String> = []

    /// Index of the order with this client id or order id.
    func index(clOrdID: String?, ordID: String?) -> Int? {
        orders.firstIndex { o in (clOrdID.map { !$0.isEmpty && o.clOrdID == $0 } ?? false) || (ordID.map { o.ordID == $0 } ?? false) }
    }

    /// Fills `size` of order `i` at `price`: the order's state and totals, the balances, a fill record.
    /// Fees are charged in the quote (settlement) currency, 0.08 % maker and 0.1 % taker (a simplification).
    mutating func fill(_ i: Int, size: FixedDecimal, price: FixedDecimal, now: Int64, maker: Bool) {
        var o = orders[i]
        let q = Swift.min(size, o.sz - o.accFillSz)
        guard q.isPositive, o.isOpen, let inst = instruments[o.instID] else { return }
        let base = inst.isSwap ? q * inst.ctVal : q
        let value = base * price
        let fee = FixedDecimal.zero - (value * (maker ? FixedDecimal("0.0008")! : FixedDecimal("0.001")!)).rounded(toPlaces: 8, .up)
        o.accFillSz += q
        o.filledValue += q * price
        o.fee += fee
        o.state = o.accFillSz >= o.sz ? "filled" : "partially_filled"
        o.uTime = now
        o.lastTradeID = String(nextTradeID)
        (o.lastFillPx, o.lastFillSz, o.lastFillFee, o.lastFillTime) = (price, q, fee, now)
        orders[i] = o
        let sign: FixedDecimal = o.side == "buy" ? 1 : -1
        if !inst.isSwap { balances[inst.baseCcy, default: .zero] += sign * base }
        balances[inst.quoteCcy, default: .zero] -= inst.isSwap ? .zero : sign * value
        balances[inst.quoteCcy, default: .zero] += fee
        fills.append(FakeOKXFill(tradeID: String(nextTradeID), order: o, price: price, size: q, fee: fee, time: now, maker: maker))
        nextTradeID += 1
    }

    /// Queues `text` on every subscribed private connection.
    func push(_ text: String) {
        for connection in connections.values where connection.subscribed { connection.outbound.yield(text) }
    }
}

/// One private WebSocket connection of the fake.
struct FakeOKXConnection: Sendable {
    var outbound: AsyncStream<String>.Continuation
    var loggedIn = false
    var subscribed = false
}
