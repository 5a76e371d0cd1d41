import ArenaCore

/// `grid_trading` (spec §12): a grid of buy levels below the Bollinger
/// middle band (and, on a perpetual, of sell levels above it), held
/// statelessly: the position held tells how many grids are filled.
///
/// On the indicator timeframe, at the newest closed bar: the grid step is
/// middle × grid_range / grid_count, and the close's depth is (middle − close)
/// / step on the long side, (close − middle) / step on the short side. A grid
/// is bought when the close reaches its level and sold one level higher (the
/// classic grid), so: add up to ⌊depth⌋ grids, keep ⌈depth⌉. Both are within
/// 0…min(grid_count, ⌊max_position / position_per_grid⌋), so the position
/// never exceeds max_position. Filled grids g = |quantity| × average price /
/// NAV / position_per_grid, rounded, on the side of the position held; flat,
/// the side is long below the middle and (perpetual only; spot is long-only) short above it.
/// - **Entry / add**: ⌊depth⌋ > g → OPEN (flat) or ADD (⌊depth⌋ − g) ×
///   position_per_grid of NAV. No new grid while the bandwidth (upper − lower)
///   / middle exceeds grid_range (a move wider than the grid is a trend, not a range).
/// - **Exit**: ⌈depth⌉ < g → CLOSE when ⌈depth⌉ ≤ 0 (back at or past the
///   middle), else REDUCE the fraction (g − ⌈depth⌉) / g of the position.
/// - **Stop / target**: target the middle band; stop one step beyond the last
///   level: middle × (1 ∓ (grid_range + grid_range / grid_count)) (both rounded to 8 places). No bracket.
/// - **Leverage**: max_leverage on a perpetual.
/// - **Confidence**: `0.5 + 0.5 × c(grids bought or sold / grid_count)`, c clamping to 0…1.
public struct GridTradingStrategy: RuleStrategy {
    public static let schema = ModelSchema(
        kind: "grid_trading", summary: "a grid of levels around the Bollinger middle band, filled and emptied as the price crosses them",
        parameters: [
            .int("grid_count", 5, 1...100, "levels on each side of the middle"),
            .number("grid_range", 0.04, 0.001...0.5, "the grid's depth, a fraction of the middle band"),
            .int("bb_period", 20, 2...500, "Bollinger period (the middle band is the grid's centre)"),
            .number("bb_std", 2.0, 0.1...10, "Bollinger width in standard deviations (the trend filter)"),
            .number("position_per_grid", 0.05, 0.001...1, "size per grid, a fraction of NAV"),
        ] + RuleSizing.parameters(maxPosition: 0.30, maxLeverage: 2) + [.symbolScope]
    )

    let gridCount: Int, range: Double, bands: BandColumns
    let perGrid: FixedDecimal, perGridValue: Double
    /// The most grids on one side: grid_count, or fewer when max_position allows fewer.
    let maxGrids: Int
    let sizing: RuleSizing
    public let symbolScope: Symbol?

    public init(parameters p: ModelParameters) throws(ModelConfigError) {
        try p.ordered("position_per_grid", "max_position", orEqual: true)
        sizing = RuleSizing(p)
        (perGrid, perGridValue) = (p.decimal("position_per_grid"), p.double("position_per_grid"))
        gridCount = p.int("grid_count")
        range = p.double("grid_range")
        bands = BandColumns(period: p.int("bb_period"), deviations: p.double("bb_std"))
        maxGrids = min(gridCount, Int((p.double("max_position") / perGridValue + 1e-9).rounded(.down)))
        symbolScope = p.symbolOrAll("symbol")
    }

    public var needs: MarketNeeds { MarketNeeds(indicators: [bands.item], bars: 1) }

    public func evaluate(_ entry: SymbolSnapshot, position: PositionState?, input: ModelInput) throws -> RuleSignal {
        let band = try bands.read(entry)
        let close = try entry.lastClose(), step = band.middle * range / Double(gridCount)
        let level = step > 0 ? (band.middle - close) / step : 0
        let nav = input.account.nav.doubleValue
        let notional = position.map { $0.quantity.magnitude.doubleValue * $0.averagePrice.doubleValue } ?? 0
        let held = nav > 0 ? Int((notional / nav / perGridValue).rounded()) : 0
        let side = position.map(RuleSide.init(of:)) ?? (level < 0 && entry.market == .perpetual ? .short : .long)
        let depth = side.sign * level
        let grids = { (x: Double) in max(0, min(self.maxGrids, Int(x))) }
        let (buy, keep) = (grids(depth.rounded(.down)), grids(depth.rounded(.up)))
        let inputs = [NamedValue("close", close)] + band.inputs(bands) + [
            NamedValue("grid_step", step), NamedValue("grid_depth", depth), NamedValue("position_notional", notional),
            NamedValue("nav", nav), NamedValue("grid_filled", side.sign * Double(held)),
        ]
        let state = "close \(fmt(close)), middle \(fmt(band.middle)), depth \(fmt(depth)) \(side.word), \(held) grid(s) held"

        if buy > held {
            guard band.width <= range else {
                return .none(reason: "trending: width \(fmt(band.width)) > grid range \(fmt(range)), no new grid; \(state)", inputs: inputs)
            }
            let stop = band.middle * (1 - side.sign * (range + range / Double(gridCount)))
            return RuleOrder.enter(
                side, intent: position == nil ? .open : .add, size: FixedDecimal(buy - held) * perGrid, at: entry,
                leverage: sizing.leverage(on: entry.market), exits: .levels(stop: stop, target: band.middle),
                confidence: ruleConfidence(Double(buy - held) / Double(gridCount)),
                rationale: "close \(fmt(close)) \(fmt(depth)) steps of \(fmt(step)) \(side == .long ? "below" : "above") middle "
                    + "\(fmt(band.middle)): \(buy) grid(s) \(side.word), \(held) held, width \(fmt(band.width))",
                inputs: inputs
            )
        }
        guard let position, keep < held else {
            let why = position != nil ? "holding \(side.word)"
                : entry.market != .perpetual && level < 0 ? "above the middle on spot (long-only)" : "no grid level reached"
            return .none(reason: "\(why): \(state)", inputs: inputs)
        }
        let confidence = ruleConfidence(Double(held - keep) / Double(gridCount))
        let rationale = "close \(fmt(close)) rose to depth \(fmt(depth)) below middle \(fmt(band.middle)): \(keep) grid(s) kept of \(held)"
        guard keep > 0 else { return RuleOrder.close(position, confidence: confidence, rationale: rationale, inputs: inputs) }
        let fraction = (try? FixedDecimal(held - keep).divided(by: FixedDecimal(held))) ?? .one
        return .exit(ModelProposal(
            action: side == .long ? .sell : .buy, intent: .reduce, symbol: entry.symbol, positionSizePct: fraction,
            confidence: confidence, rationale: "\(entry.symbol): \(rationale)", details: DecisionDetails(inputs: inputs)
        ))
    }
}
