import ArenaCore

/// `bollinger_range` (spec §12): fade touches of the Bollinger bands while
/// the bands are narrow (a range, not a trend).
///
/// On the indicator timeframe, with bands BB(bb_period, bb_std) and RSI(14)
/// at the newest closed bar (close = its close):
/// - **Range filter**: bandwidth (upper − lower) / middle ≤ bandwidth_max.
/// - **Long entry**: close ≤ lower × touch_threshold and RSI ≤ rsi_oversold.
/// - **Short entry** (perpetual only; spot is long-only): close ≥ upper /
///   touch_threshold and RSI ≥ rsi_overbought.
/// - **Exit**: a long closes when close ≥ middle, a short when close ≤ middle.
/// - **Stop / target**: stop stop_loss_pct below (long) or above (short) the
///   last price; target the middle band (rounded to 8 places). No bracket.
/// - **Size**: max_position of NAV; leverage max_leverage on a perpetual.
/// - **Confidence**: entry `0.5 + 0.5 × mean(c(RSI distance past its bound / 10), c(1 − bandwidth / bandwidth_max))`,
///   exit `0.5 + 0.5 × c(|close − middle| / (upper − middle))`, with c clamping to 0…1.
public struct BollingerRangeStrategy: RuleStrategy {
    public static let schema = ModelSchema(
        kind: "bollinger_range", summary: "mean reversion between narrow Bollinger bands, confirmed by RSI",
        parameters: [
            .int("bb_period", 20, 2...500, "Bollinger period"),
            .number("bb_std", 2.0, 0.1...10, "Bollinger width in standard deviations"),
            .number("rsi_oversold", 35, 0...100, "RSI(14) at or below which a lower-band touch is bought"),
            .number("rsi_overbought", 65, 0...100, "RSI(14) at or above which an upper-band touch is sold"),
            .number("bandwidth_max", 0.04, 0.0001...1, "widest (upper − lower) / middle that counts as a range"),
            .number("touch_threshold", 1.005, 1...1.5, "how near a band counts as a touch (a factor on the band)"),
            .number("stop_loss_pct", 0.02, 0.0001...0.5, "stop distance, a fraction of the entry price"),
        ] + RuleSizing.parameters(maxPosition: 0.25, maxLeverage: 2) + [.symbolScope]
    )

    static let rsiPeriod = 14

    let bands: BandColumns
    let rsiOversold: Double, rsiOverbought: Double
    let bandwidthMax: Double, touch: Double
    let stopFraction: FixedDecimal
    let sizing: RuleSizing
    public let symbolScope: Symbol?

    public init(parameters p: ModelParameters) throws(ModelConfigError) {
        (rsiOversold, rsiOverbought) = try p.ordered("rsi_oversold", "rsi_overbought")
        bands = BandColumns(period: p.int("bb_period"), deviations: p.double("bb_std"))
        bandwidthMax = p.double("bandwidth_max")
        touch = p.double("touch_threshold")
        stopFraction = p.decimal("stop_loss_pct")
        sizing = RuleSizing(p)
        symbolScope = p.symbolOrAll("symbol")
    }

    public var needs: MarketNeeds { MarketNeeds(indicators: [bands.item, "rsi:\(Self.rsiPeriod)"], bars: 1) }

    public func evaluate(_ entry: SymbolSnapshot, position: PositionState?, input: ModelInput) throws -> RuleSignal {
        let band = try bands.read(entry)
        let rsi = try entry.require("rsi_\(Self.rsiPeriod)"), close = try entry.lastClose()
        let inputs = band.inputs(bands) + [NamedValue("rsi_\(Self.rsiPeriod)", rsi), NamedValue("close", close)]
        let values = "close \(fmt(close)), bands \(fmt(band.lower))/\(fmt(band.middle))/\(fmt(band.upper)), RSI \(fmt(rsi))"

        if let position {
            let side = RuleSide(of: position)
            let reached = side == .long ? close >= band.middle : close <= band.middle
            guard reached else { return .none(reason: "holding \(side.word): \(values)", inputs: inputs) }
            return RuleOrder.close(
                position, confidence: ruleConfidence(abs(close - band.middle) / (band.upper - band.middle)),
                rationale: "close \(fmt(close)) reached the middle band \(fmt(band.middle))", inputs: inputs
            )
        }
        let ranging = band.width <= bandwidthMax
        let long = ranging && close <= band.lower * touch && rsi <= rsiOversold
        let short = ranging && close >= band.upper / touch && rsi >= rsiOverbought
        guard let side = RuleSide.entry(long: long, short: short, market: entry.market) else {
            let why = short ? "upper-band touch on spot (long-only)" : ranging ? "no band touch" : "bands too wide"
            return .none(reason: "\(why): \(values), width \(fmt(band.width))", inputs: inputs)
        }
        let touched = side == .long
            ? "close \(fmt(close)) ≤ lower \(fmt(band.lower)) × \(fmt(touch)), RSI \(fmt(rsi)) ≤ \(fmt(rsiOversold))"
            : "close \(fmt(close)) ≥ upper \(fmt(band.upper)) / \(fmt(touch)), RSI \(fmt(rsi)) ≥ \(fmt(rsiOverbought))"
        let rsiMargin = side == .long ? rsiOversold - rsi : rsi - rsiOverbought
        return RuleOrder.enter(
            side, size: sizing.fraction, at: entry, leverage: sizing.leverage(on: entry.market),
            exits: .percent(stop: stopFraction, target: band.middle),
            confidence: ruleConfidence(rsiMargin / 10, 1 - band.width / bandwidthMax),
            rationale: "\(touched), width \(fmt(band.width)) ≤ \(fmt(bandwidthMax))", inputs: inputs
        )
    }
}

/// The columns of one `bbands` item (shared by the strategies that read Bollinger bands).
struct BandColumns: Sendable, Hashable {
    /// `bbands:20:2`.
    let item: String
    /// `bbands_20_2`.
    let prefix: String

    /// The item of `period` and `deviations`, the deviations written as the
    /// configuration would (`2` for 2.0, `2.5`), exactly.
    init(period: Int, deviations: Double) {
        let k = deviations == deviations.rounded() && abs(deviations) < 1e9 ? String(Int(deviations)) : "\(deviations)"
        item = "bbands:\(period):\(k)"
        prefix = "bbands_\(period)_\(k)"
    }

    /// The three bands at `entry`.
    func read(_ entry: SymbolSnapshot) throws(ModelInputError) -> Bands {
        Bands(
            upper: try entry.require("\(prefix)_upper"), middle: try entry.require("\(prefix)_middle"),
            lower: try entry.require("\(prefix)_lower")
        )
    }
}

/// One reading of Bollinger bands.
struct Bands {
    let upper: Double, middle: Double, lower: Double

    /// (upper − lower) / middle.
    var width: Double { (upper - lower) / middle }

    /// The three bands and the width, named by their columns.
    func inputs(_ columns: BandColumns) -> [NamedValue] {
        [
            NamedValue("\(columns.prefix)_upper", upper), NamedValue("\(columns.prefix)_middle", middle),
            NamedValue("\(columns.prefix)_lower", lower), NamedValue("bandwidth", width),
        ]
    }
}
