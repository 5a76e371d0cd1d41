/// What a decision does to the model's position in its symbol. The action
/// (BUY or SELL) gives the direction of the order; the intent says whether it
/// opens, adds to, reduces, closes or flips a position, so the risk guard can
/// let every closing order through a halt (spec §6) without guessing.
public enum PositionIntent: String, WireEnum {
    /// No order (a HOLD).
    case none = "NONE"
    /// Opens a position from flat in the action's direction.
    case open = "OPEN"
    /// Adds to a position in the same direction.
    case add = "ADD"
    /// Closes the fraction `position_size_pct` of the position.
    case reduce = "REDUCE"
    /// Closes the whole position.
    case close = "CLOSE"
    /// Closes the position, then opens the other way (`position_size_pct` of NAV).
    case flip = "FLIP"

    /// Whether the order adds risk (a halt blocks it); closing and reducing never do.
    public var addsRisk: Bool { self == .open || self == .add || self == .flip }
}

/// The exit plan of an entry (spec §7, §13): a stop, a first target that
/// closes a fraction and can move the stop to break-even, an optional second
/// target and a time stop. Levels are absolute prices; when they come from
/// ATR multiples, the ATR and the multiples are stated too, and 1R (the loss
/// at the stop) is stated in the quote currency.
public struct Bracket: Sendable, Hashable, Codable {
    /// The price the levels were computed from (the last price at the tick).
    public var entryReference: FixedDecimal
    public var stopLoss: FixedDecimal
    public var takeProfit1: FixedDecimal
    /// The fraction of the position TP1 closes (0.5 in spec §13).
    public var takeProfit1Fraction: FixedDecimal
    public var takeProfit2: FixedDecimal?
    /// After TP1, the stop moves to the entry price.
    public var breakEvenAfterTakeProfit1: Bool
    /// The position is closed at market this long after entry, if still open.
    public var timeStopSeconds: Int64?
    /// The ATR the levels are multiples of, and the multiples (nil for levels set otherwise).
    public var atr: FixedDecimal?
    public var stopATR: FixedDecimal?
    public var takeProfit1ATR: FixedDecimal?
    public var takeProfit2ATR: FixedDecimal?
    /// 1R: what the stop loses on the intended size, in the quote currency.
    public var riskAmount: FixedDecimal?

    /// A bracket.
    public init(
        entryReference: FixedDecimal, stopLoss: FixedDecimal, takeProfit1: FixedDecimal, takeProfit1Fraction: FixedDecimal,
        takeProfit2: FixedDecimal?, breakEvenAfterTakeProfit1: Bool, timeStopSeconds: Int64?, atr: FixedDecimal? = nil,
        stopATR: FixedDecimal? = nil, takeProfit1ATR: FixedDecimal? = nil, takeProfit2ATR: FixedDecimal? = nil,
        riskAmount: FixedDecimal? = nil
    ) {
        self.entryReference = entryReference
        self.stopLoss = stopLoss
        self.takeProfit1 = takeProfit1
        self.takeProfit1Fraction = takeProfit1Fraction
        self.takeProfit2 = takeProfit2
        self.breakEvenAfterTakeProfit1 = breakEvenAfterTakeProfit1
        self.timeStopSeconds = timeStopSeconds
        self.atr = atr
        self.stopATR = stopATR
        self.takeProfit1ATR = takeProfit1ATR
        self.takeProfit2ATR = takeProfit2ATR
        self.riskAmount = riskAmount
    }
}

/// Why a model decided what it did, in numbers: the input values that
/// triggered it, and for the kinds that have them the layer scores (order-flow
/// scorer), the strategy weights (allocators) or the members' votes
/// (ensembles). Nothing here is free text a reader must parse.
public struct DecisionDetails: Sendable, Hashable, Codable {
    /// The inputs the rule read, by name (`ema_9`, `rsi_14`, `close`), with their values as used.
    public var inputs: [NamedValue]
    /// A scorer's total, its entry threshold and tier (`standard`, `heavy`), and the direction it reads.
    public var score: Double?
    public var threshold: Double?
    public var tier: String?
    public var direction: TradeAction?
    /// A scorer's layers in order.
    public var layers: [LayerScore]
    /// An allocator's weights over strategies.
    public var allocations: [Allocation]
    /// An ensemble's members' votes.
    public var votes: [Vote]
    /// Facts worth stating that are not values (`open interest missing: environment scored 10`).
    public var notes: [String]

    /// Details with the given parts.
    public init(
        inputs: [NamedValue] = [], score: Double? = nil, threshold: Double? = nil, tier: String? = nil, direction: TradeAction? = nil,
        layers: [LayerScore] = [], allocations: [Allocation] = [], votes: [Vote] = [], notes: [String] = []
    ) {
        self.inputs = inputs
        self.score = score
        self.threshold = threshold
        self.tier = tier
        self.direction = direction
        self.layers = layers
        self.allocations = allocations
        self.votes = votes
        self.notes = notes
    }

    /// The value of input `name`.
    public func input(_ name: String) -> Double? { inputs.first { $0.name == name }?.value }
    /// The layer `name`.
    public func layer(_ name: String) -> LayerScore? { layers.first { $0.name == name } }
}

/// A named number a decision was made from.
public struct NamedValue: Sendable, Hashable, Codable {
    public var name: String
    public var value: Double

    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}

/// One layer of a score: its points out of its maximum, and why.
public struct LayerScore: Sendable, Hashable, Codable {
    public var name: String
    public var score: Double
    public var maximum: Double
    public var reason: String

    public init(name: String, score: Double, maximum: Double, reason: String) {
        self.name = name
        self.score = score
        self.maximum = maximum
        self.reason = reason
    }
}

/// One strategy's weight in a blend, its signal (−1 short … +1 long) and its score.
public struct Allocation: Sendable, Hashable, Codable {
    public var strategy: String
    public var weight: Double
    public var signal: Double
    public var score: Double
    public var reason: String

    public init(strategy: String, weight: Double, signal: Double, score: Double, reason: String) {
        self.strategy = strategy
        self.weight = weight
        self.signal = signal
        self.score = score
        self.reason = reason
    }
}

/// One member's vote in an ensemble: the decision it made for the same tick.
public struct Vote: Sendable, Hashable, Codable {
    public var model: ModelID
    public var decisionID: String
    public var action: TradeAction
    public var symbol: Symbol?
    public var confidence: Double
    public var outcome: DecisionOutcome

    public init(model: ModelID, decisionID: String, action: TradeAction, symbol: Symbol?, confidence: Double, outcome: DecisionOutcome) {
        self.model = model
        self.decisionID = decisionID
        self.action = action
        self.symbol = symbol
        self.confidence = confidence
        self.outcome = outcome
    }
}

/// One of a model's earlier decisions, as its later jobs carry it: what a
/// stateless model needs to know about its own past (cooldowns, flips,
/// holding time) without any memory of its own.
public struct DecisionSummary: Sendable, Hashable, Codable {
    public var tick: Timestamp
    public var outcome: DecisionOutcome
    public var action: TradeAction
    public var intent: PositionIntent
    public var symbol: Symbol?
    public var positionSizePct: FixedDecimal
    public var confidence: Double
    /// A scorer's score and direction, when it has them.
    public var score: Double?
    public var direction: TradeAction?
    /// The last price of each symbol at the tick, in snapshot order: what the
    /// model's past signals are scored against later.
    public var prices: [SymbolPrice]
    /// An allocator's per-strategy signals (−1…+1) at the tick, by strategy, and the regime of the
    /// decision's symbol as `regime=<REGIME>` (see ``regime``).
    public var signals: [NamedValue]

    public init(
        tick: Timestamp, outcome: DecisionOutcome, action: TradeAction, intent: PositionIntent, symbol: Symbol?,
        positionSizePct: FixedDecimal, confidence: Double, score: Double?, direction: TradeAction?, prices: [SymbolPrice] = [],
        signals: [NamedValue] = []
    ) {
        self.prices = prices
        self.signals = signals
        self.tick = tick
        self.outcome = outcome
        self.action = action
        self.intent = intent
        self.symbol = symbol
        self.positionSizePct = positionSizePct
        self.confidence = confidence
        self.score = score
        self.direction = direction
    }

    /// The summary of `decision`, made from `snapshot` (its tick's market).
    public init(_ decision: ModelDecision, snapshot: MarketSnapshot?) {
        self.init(
            tick: decision.tick, outcome: decision.outcome, action: decision.action, intent: decision.intent, symbol: decision.symbol,
            positionSizePct: decision.positionSizePct, confidence: decision.confidence, score: decision.details?.score,
            direction: decision.details?.direction,
            prices: snapshot?.symbols.map { SymbolPrice(symbol: $0.symbol, price: $0.ticker.last) } ?? [],
            signals: (decision.details?.allocations.map { NamedValue($0.strategy, $0.signal) } ?? [])
                + (decision.symbol.flatMap { snapshot?.entry(for: $0) }.map { [NamedValue(Self.regimePrefix + $0.regime.regime.rawValue, 1)] } ?? [])
        )
    }

    /// The name prefix of the signal that records the regime of the decision's symbol at its tick
    /// (`regime=STRONG_TREND`, value 1): what an agent's feedback groups its results by.
    public static let regimePrefix = "regime="

    /// The regime of the decision's symbol at its tick, when it had a symbol.
    public var regime: String? {
        signals.first { $0.name.hasPrefix(Self.regimePrefix) }.map { String($0.name.dropFirst(Self.regimePrefix.count)) }
    }

    /// The last price of `symbol` at this decision's tick.
    public func price(of symbol: Symbol) -> FixedDecimal? { prices.first { $0.symbol == symbol }?.price }
}

/// A symbol's price at a moment.
public struct SymbolPrice: Sendable, Hashable, Codable {
    public var symbol: Symbol
    public var price: FixedDecimal

    public init(symbol: Symbol, price: FixedDecimal) {
        self.symbol = symbol
        self.price = price
    }
}
