import ArenaCore

/// The seven rule strategies of spec §12, for a ``ModelCatalog``.
public enum RuleStrategies {
    public static let all: [any TradingModel.Type] = [
        EMATrendStrategy.self, BollingerRangeStrategy.self, BreakoutStrategy.self, MomentumStrategy.self,
        MeanReversionStrategy.self, GridTradingStrategy.self, FundingRateArbitrageStrategy.self,
    ]
}

/// The side of a rule strategy's position.
enum RuleSide: Sendable {
    case long, short

    /// The side of `position` (a negative quantity is short).
    init(of position: PositionState) { self = position.quantity.isNegative ? .short : .long }

    /// BUY opens a long, SELL a short.
    var action: TradeAction { self == .long ? .buy : .sell }
    /// +1 for a long, −1 for a short.
    var sign: Double { self == .long ? 1 : -1 }
    var word: String { self == .long ? "long" : "short" }

    /// The side whose entry conditions hold, long first; a short only on a
    /// perpetual (spot is long-only).
    static func entry(long: Bool, short: Bool, market: MarketKind) -> RuleSide? {
        if long { return .long }
        return short && market == .perpetual ? .short : nil
    }
}

/// What every rule strategy's entries share: the size (`max_position`, a
/// fraction of NAV) and, on a perpetual, the leverage (`max_leverage`).
struct RuleSizing: Sendable, Hashable {
    let fraction: FixedDecimal
    let maxLeverage: FixedDecimal

    /// The two parameters with a kind's defaults.
    static func parameters(maxPosition: Double, maxLeverage: Int) -> [ParameterSpec] {
        [
            .number("max_position", maxPosition, 0.001...1, "position size, a fraction of NAV"),
            .int("max_leverage", maxLeverage, 1...125, "leverage on a perpetual (spot trades unlevered)"),
        ]
    }

    init(_ parameters: ModelParameters) {
        fraction = parameters.decimal("max_position")
        maxLeverage = parameters.decimal("max_leverage")
    }

    /// `max_leverage` on a perpetual, nil on spot.
    func leverage(on market: MarketKind) -> FixedDecimal? { market == .perpetual ? maxLeverage : nil }
}

extension ModelParameters {
    /// The numbers `low` and `high`, which must be in that order: `low` below
    /// `high` (or equal, when `orEqual`); otherwise an error naming `low`.
    @discardableResult
    func ordered(_ low: String, _ high: String, orEqual: Bool = false) throws(ModelConfigError) -> (low: Double, high: Double) {
        let (a, b) = (double(low), double(high))
        guard orEqual ? a <= b : a < b else {
            throw .inconsistent(key: low, reason: "\(low) \(fmt(a)) must be \(orEqual ? "at most" : "below") \(high) \(fmt(b))")
        }
        return (a, b)
    }
}

/// The ATR stop and target of the trend strategies: `atr_period`,
/// `stop_loss_atr`, `take_profit_atr` (a target nearer than the stop is refused).
struct ATRExitRule: Sendable, Hashable {
    let period: Int
    let stop: FixedDecimal
    let target: FixedDecimal

    /// The three parameters with a kind's defaults.
    static func parameters(stop: Double, target: Double) -> [ParameterSpec] {
        [
            .int("atr_period", 14, 1...500, "ATR period for the stop and target"),
            .number("stop_loss_atr", stop, 0.1...50, "stop distance in ATRs"),
            .number("take_profit_atr", target, 0.1...100, "target distance in ATRs"),
        ]
    }

    init(_ p: ModelParameters) throws(ModelConfigError) {
        period = p.int("atr_period")
        stop = p.decimal("stop_loss_atr")
        target = p.decimal("take_profit_atr")
        guard target > stop else {
            throw .inconsistent(key: "take_profit_atr", reason: "take_profit_atr \(target) must exceed stop_loss_atr \(stop)")
        }
    }

    /// `atr:N` and its column `atr_N`.
    var item: String { "atr:\(period)" }
    var column: String { "atr_\(period)" }

    /// The exits of an entry when the ATR is `atr`.
    func exits(_ atr: Double) -> RuleExits { .atr(atr, stop: stop, target: target) }
}

/// Where an entry's stop and target are, from the last price.
enum RuleExits {
    /// `stop` and `target` ATRs away (losing and winning side); the target
    /// closes the whole position. Levels are exact decimals of the ATR rounded
    /// to 8 places (``Bracket/atr(entry:atr:long:stop:target1:target2:fraction:breakEven:timeStopSeconds:riskAmount:)``).
    case atr(Double, stop: FixedDecimal, target: FixedDecimal)
    /// A stop the fraction `stop` away on the losing side; a target at the price `target` (rounded to 8 places).
    case percent(stop: FixedDecimal, target: Double)
    /// A stop and a target at the prices `stop` and `target` (rounded to 8 places).
    case levels(stop: Double, target: Double)

    /// The stop, the target and (for ATR exits) the bracket of a `side` entry
    /// at `price`; nil when a level is not a positive price.
    func levels(from price: FixedDecimal, _ side: RuleSide) -> (stop: FixedDecimal, target: FixedDecimal, bracket: Bracket?)? {
        switch self {
        case .atr(let atr, let stop, let target):
            let b = Bracket.atr(
                entry: price, atr: atr, long: side == .long, stop: stop, target1: target, target2: nil, fraction: .one, breakEven: false,
                timeStopSeconds: nil
            )
            return b.map { ($0.stopLoss, $0.takeProfit1, $0) }
        case .percent(let fraction, let target):
            let offset = price * fraction
            return Self.checked(side == .long ? price - offset : price + offset, FixedDecimal(approximating: target))
        case .levels(let stop, let target):
            return Self.checked(FixedDecimal(approximating: stop), FixedDecimal(approximating: target))
        }
    }

    private static func checked(_ stop: FixedDecimal?, _ target: FixedDecimal?) -> (stop: FixedDecimal, target: FixedDecimal, bracket: Bracket?)? {
        guard let stop, let target, stop.isPositive, target.isPositive else { return nil }
        return (stop, target, nil)
    }
}

/// The proposals rule strategies make.
enum RuleOrder {
    /// Opens (or adds to) a `side` position of `size` (a fraction of NAV) at
    /// `entry`'s last price, with `exits` (nil: no stop or target);
    /// `confidence` also ranks the entry across symbols. No signal when the
    /// exits give no valid level (an ATR of 0, a stop at or below 0).
    static func enter(
        _ side: RuleSide, intent: PositionIntent = .open, size: FixedDecimal, at entry: SymbolSnapshot, leverage: FixedDecimal?,
        exits: RuleExits?, confidence: Double, rationale: String, inputs: [NamedValue]
    ) -> RuleSignal {
        var levels: (stop: FixedDecimal, target: FixedDecimal, bracket: Bracket?)?
        if let exits {
            guard let found = exits.levels(from: entry.ticker.last, side) else {
                return .none(reason: "no valid stop or target (\(rationale))", inputs: inputs)
            }
            levels = found
        }
        let proposal = ModelProposal(
            action: side.action, intent: intent, symbol: entry.symbol, positionSizePct: size, takeProfit: levels?.target,
            stopLoss: levels?.stop, leverage: leverage, confidence: confidence, rationale: "\(entry.symbol): \(rationale)",
            bracket: levels?.bracket, details: DecisionDetails(inputs: inputs)
        )
        return .enter(proposal, strength: confidence)
    }

    /// Closes the whole of `position`.
    static func close(_ position: PositionState, confidence: Double, rationale: String, inputs: [NamedValue]) -> RuleSignal {
        .exit(.close(position, confidence: confidence, rationale: "\(position.symbol): \(rationale)", details: DecisionDetails(inputs: inputs)))
    }
}

/// How strongly conditions hold, as a confidence in 0.5…1: 0.5 when each
/// just holds, 1 when each holds by its full scale. `margins` are each
/// condition's distance past its threshold in units of its scale; each is
/// clamped to 0…1 and the confidence is `0.5 + 0.5 × mean(margins)`.
func ruleConfidence(_ margins: Double...) -> Double {
    guard !margins.isEmpty else { return 0.5 }
    let sum = margins.reduce(0) { $0 + min(1, max(0, $1.isFinite ? $1 : 0)) }
    return 0.5 + 0.5 * sum / Double(margins.count)
}

/// The newest bar's volume against the mean volume of the `lookback` bars before it.
struct VolumeRatio {
    let volume: Double
    let mean: Double
    /// `volume / mean` (0 when the mean is 0).
    let ratio: Double

    /// Of `bars` (oldest first), which must hold `lookback + 1` bars.
    init(_ bars: ArraySlice<SnapshotBar>, lookback: Int) {
        volume = bars.last?.volume.doubleValue ?? 0
        let previous = bars.dropLast().suffix(lookback)
        mean = previous.isEmpty ? 0 : previous.reduce(0.0) { $0 + $1.volume.doubleValue } / Double(previous.count)
        ratio = mean > 0 ? volume / mean : 0
    }

    /// `volume`, `volume_mean_N`, `volume_ratio`.
    func inputs(lookback: Int) -> [NamedValue] {
        [NamedValue("volume", volume), NamedValue("volume_mean_\(lookback)", mean), NamedValue("volume_ratio", ratio)]
    }
}

extension SymbolSnapshot {
    /// The newest closed indicator-timeframe bar's close, as a number.
    func lastClose() throws(ModelInputError) -> Double { try requireBars(1).last?.close.doubleValue ?? 0 }
}
