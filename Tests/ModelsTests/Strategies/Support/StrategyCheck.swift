import ArenaCore
import ArenaWire
import Models
import Testing

/// Decisions of the rule strategies on real snapshots, and the checks the
/// strategy tests share.
enum StrategyCheck {
    static let catalog = ModelCatalog(RuleStrategies.all)

    /// The decision of `kind` with `parameters` at `snapshot`, flat or holding `position`.
    static func decide(
        _ kind: String, _ parameters: [String: String] = [:], at snapshot: MarketSnapshot, holding position: PositionState? = nil,
        nav: FixedDecimal = 10_000
    ) async throws -> ModelDecision {
        let spec = try Jobs.spec("rules-\(kind.replacingOccurrences(of: "_", with: "-"))", kind: kind, parameters)
        let account = Jobs.account(spec.id, at: snapshot.tick, cash: nav, positions: position.map { [$0] } ?? [])
        return try await Jobs.decide(try Jobs.job(spec, snapshot, account: account), catalog: catalog)
    }

    /// The snapshot of `market` at `milliseconds`, or a recorded issue.
    static func snapshot(_ market: RealMarket, _ milliseconds: Int64, sourceLocation: SourceLocation = #_sourceLocation) throws -> MarketSnapshot {
        try #require(market.snapshot(at: Timestamp(milliseconds: milliseconds)), sourceLocation: sourceLocation)
    }

    /// A position of `quantity` (negative: short) in `symbol` bought at `price`.
    static func position(_ symbol: Symbol, _ quantity: FixedDecimal, at price: FixedDecimal) -> PositionState {
        PositionState(symbol: symbol, quantity: quantity, averagePrice: price, unrealizedPnL: .zero)
    }

    /// `actual` equals `expected` to `relative` (1e-9 unless told).
    static func expectClose(
        _ actual: Double?, _ expected: Double, relative: Double = 1e-9, _ name: String = "", sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let actual else {
            Issue.record("\(name) is missing", sourceLocation: sourceLocation)
            return
        }
        let scale = max(abs(expected), 1e-300)
        #expect(abs(actual - expected) / scale <= relative, "\(name): \(actual) vs reference \(expected)", sourceLocation: sourceLocation)
    }

    /// Every input of `decision` named in `expected` equals its reference value to 1e-9 relative, and no other input is missing.
    static func expectInputs(_ decision: ModelDecision, _ expected: [String: Double], sourceLocation: SourceLocation = #_sourceLocation) {
        let inputs = decision.details?.inputs ?? []
        #expect(Set(inputs.map(\.name)) == Set(expected.keys), "inputs \(inputs.map(\.name))", sourceLocation: sourceLocation)
        for (name, value) in expected.sorted(by: { $0.key < $1.key }) {
            expectClose(decision.details?.input(name), value, name, sourceLocation: sourceLocation)
        }
    }

    /// A HOLD with no order.
    static func expectHold(_ decision: ModelDecision, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(decision.action == .hold && decision.intent == PositionIntent.none, "\(decision.rationale)", sourceLocation: sourceLocation)
        #expect(decision.positionSizePct == .zero && decision.stopLoss == nil && decision.takeProfit == nil, sourceLocation: sourceLocation)
    }

    /// `price` rounded half-even to 8 places, as strategies state levels computed in floating point.
    static func price(_ x: Double) -> FixedDecimal { FixedDecimal(approximating: x)! }
}

/// One symbol of a real market at one tick: its snapshot, the reference
/// computation over the raw bars and the index of the bar closing at the tick,
/// and the last 1m close (the price levels are computed from).
struct At {
    let snapshot: MarketSnapshot
    let reference: Reference
    let i: Int
    let last: FixedDecimal

    init(_ market: RealMarket, _ symbol: Symbol, _ milliseconds: Int64, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let tick = Timestamp(milliseconds: milliseconds)
        snapshot = try #require(market.snapshot(at: tick), sourceLocation: sourceLocation)
        let minutes = try #require(market.minutes[symbol], sourceLocation: sourceLocation)
        reference = Reference(minutes)
        i = reference.index(closingAt: tick)
        last = try #require(minutes.last { $0.closeTime == tick }?.close, sourceLocation: sourceLocation)
    }
}

extension StrategyCheck {
    /// `decision` is `action` with `intent` in `symbol` at `tick`, of `size`, with `leverage`.
    static func expectOrder(
        _ d: ModelDecision, _ action: TradeAction, _ intent: PositionIntent, _ symbol: Symbol, size: String, leverage: String? = nil,
        at milliseconds: Int64, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(d.tick == Timestamp(milliseconds: milliseconds) && d.outcome == .decided, sourceLocation: sourceLocation)
        #expect(
            d.action == action && d.intent == intent && d.symbol == symbol, "\(d.action) \(d.intent) \(d.rationale)", sourceLocation: sourceLocation
        )
        #expect(d.positionSizePct == FixedDecimal(size), sourceLocation: sourceLocation)
        #expect(d.leverage == leverage.flatMap { FixedDecimal($0) }, sourceLocation: sourceLocation)
        #expect((0...1).contains(d.confidence) && d.rationale.count <= 200, sourceLocation: sourceLocation)
    }

    /// The stop and target are `stop` and `target` ATRs from `entry` (the ATR rounded to 8 places), stated in a
    /// bracket that closes all at the target.
    static func expectATRExits(
        _ d: ModelDecision, entry: FixedDecimal, atr: Double, long: Bool, stop: FixedDecimal, target: FixedDecimal,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let unit = price(atr), sign: FixedDecimal = long ? .one : FixedDecimal(-1)
        let (sl, tp) = (entry - sign * stop * unit, entry + sign * target * unit)
        #expect(d.stopLoss == sl, "SL \(d.stopLoss?.description ?? "-") vs \(sl)", sourceLocation: sourceLocation)
        #expect(d.takeProfit == tp, "TP \(d.takeProfit?.description ?? "-") vs \(tp)", sourceLocation: sourceLocation)
        let expected = Bracket(
            entryReference: entry, stopLoss: sl, takeProfit1: tp, takeProfit1Fraction: .one, takeProfit2: nil, breakEvenAfterTakeProfit1: false,
            timeStopSeconds: nil, atr: unit, stopATR: stop, takeProfit1ATR: target
        )
        #expect(d.bracket == expected, sourceLocation: sourceLocation)
    }

    /// An exit or a HOLD carries no new stop, target or bracket.
    static func expectNoLevels(_ d: ModelDecision, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(d.stopLoss == nil && d.takeProfit == nil && d.bracket == nil && d.leverage == nil, sourceLocation: sourceLocation)
    }

    /// `c(x)` of the documented confidence formulas: `x` clamped to 0…1.
    static func c(_ x: Double) -> Double { min(1, max(0, x)) }
}

extension StrategyCheck {
    /// `kind`'s HOLD at `tick` of `market` (flat, or holding `held`), its inputs checked against `reference` at `symbol`.
    static func expectHold(
        _ kind: String, _ market: RealMarket, _ symbol: Symbol, at tick: Int64, parameters: [String: String] = [:],
        holding held: PositionState? = nil, reference: (At) -> [String: Double], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> ModelDecision {
        let at = try At(market, symbol, tick, sourceLocation: sourceLocation)
        let d = try await decide(kind, parameters, at: at.snapshot, holding: held)
        expectHold(d, sourceLocation: sourceLocation)
        #expect(d.tick == at.snapshot.tick && d.symbol == held?.symbol, sourceLocation: sourceLocation)
        expectInputs(d, reference(at), sourceLocation: sourceLocation)
        return d
    }

    /// Holding `held`, `kind` still HOLDs at `before` (checked as above) and
    /// exits at `tick`: that decision, with the reference values there.
    static func exit(
        _ kind: String, _ market: RealMarket, parameters: [String: String] = [:], holding held: PositionState, before: Int64, at tick: Int64,
        reference: (At) -> [String: Double], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (decision: ModelDecision, x: [String: Double]) {
        let hold = try await expectHold(
            kind, market, held.symbol, at: before, parameters: parameters, holding: held, reference: reference, sourceLocation: sourceLocation
        )
        #expect(hold.rationale.hasPrefix("\(held.symbol): holding "), "\(hold.rationale)", sourceLocation: sourceLocation)
        let at = try At(market, held.symbol, tick, sourceLocation: sourceLocation)
        let d = try await decide(kind, parameters, at: at.snapshot, holding: held)
        let x = reference(at)
        expectInputs(d, x, sourceLocation: sourceLocation)
        expectNoLevels(d, sourceLocation: sourceLocation)
        return (d, x)
    }
}

extension StrategyCheck {
    /// `kind`'s decision at `tick` of `market`, flat, with its inputs checked against `reference` at `symbol`:
    /// the decision, the reference values and the tick's data.
    static func entry(
        _ kind: String, _ market: RealMarket, _ symbol: Symbol, at tick: Int64, parameters: [String: String] = [:],
        reference: (At) -> [String: Double], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (decision: ModelDecision, x: [String: Double], at: At) {
        let at = try At(market, symbol, tick, sourceLocation: sourceLocation)
        let d = try await decide(kind, parameters, at: at.snapshot)
        let x = reference(at)
        expectInputs(d, x, sourceLocation: sourceLocation)
        return (d, x, at)
    }
}
