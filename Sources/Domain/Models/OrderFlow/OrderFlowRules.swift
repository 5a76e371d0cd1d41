import ArenaCore

/// One layer's points in the seed's raw scale (``OrderFlowLayer/rawMaximum``),
/// the reason naming the values, and a note for each missing input.
public struct RawLayerScore: Sendable, Hashable {
    public var points: Double
    public var reason: String
    public var notes: [String]

    public init(_ points: Double, _ reason: String, notes: [String] = []) {
        self.points = points
        self.reason = reason
        self.notes = notes
    }

    /// The parts added up, their reasons joined.
    static func sum(_ parts: [RawLayerScore]) -> RawLayerScore {
        RawLayerScore(parts.map(\.points).reduce(0, +), parts.map(\.reason).joined(separator: "; "), notes: parts.flatMap(\.notes))
    }

    /// A missing input: scored `points`, the reason and a note saying so.
    static func missing(_ input: String, _ points: Double, scale: Double, why: String) -> RawLayerScore {
        RawLayerScore(points, "\(input) missing: \(fmt(points))", notes: ["\(input) missing (\(why)): scored \(fmt(points)) of \(fmt(scale))"])
    }
}

/// The layer rules of spec §13 and seed 003 §3.5–3.8, each in the seed's own
/// points; ``OrderFlowScorecard`` scales them to a profile's weights.
///
/// A missing input scores the seed's middle value (top trader 5 of 10, open
/// interest 10 of 15, Coinbase premium 2 of 5; likewise the long/short ratio
/// 5 of 10 and the P99 large trades 10 of 15, "none adverse"); a missing CVD
/// or acceleration scores 0, since it cannot agree; funding and liquidations
/// score 0 when missing, and 0 on spot, which has neither.
public enum OrderFlowRules {
    /// The raw score of `layer` for `side`.
    public static func score(_ layer: OrderFlowLayer, _ r: OrderFlowReading, _ side: FlowSide) -> RawLayerScore {
        switch layer {
        case .direction: .sum([cvd("CVD 30m", r.cvd30m, side), cvd("CVD 4h", r.cvd4h, side), largeTrades(r, side)])
        case .acceleration: acceleration(r, side)
        case .crowding: .sum([longShortRatio(r, side), topTraders(r, side)])
        case .funding: funding(r, side)
        case .environment: openInterest(r)
        case .confirmation: confirmation(r)
        case .liquidation: liquidations(r, side)
        case .auxiliary: coinbasePremium(r, side)
        }
    }

    /// 15 when the CVD agrees with `side`.
    static func cvd(_ name: String, _ value: FixedDecimal?, _ side: FlowSide) -> RawLayerScore {
        guard let value else { return .missing(name, 0, scale: 15, why: "window warming") }
        let agrees = side.agrees(with: value)
        return RawLayerScore(agrees ? 15 : 0, "\(name) \(signed(value)) \(agrees ? "agrees" : "against"): \(agrees ? 15 : 0)")
    }

    /// P99 trades of the last 15 min: one on `side` 15, none against 10, only against 0.
    static func largeTrades(_ r: OrderFlowReading, _ side: FlowSide) -> RawLayerScore {
        guard let buys = r.largeBuys, let sells = r.largeSells, let p99 = r.p99Notional else {
            return .missing("P99 large trades", 10, scale: 15, why: "24 h thresholds warming; taken as none adverse")
        }
        let (aligned, adverse) = side == .long ? (buys, sells) : (sells, buys)
        let (points, verdict): (Double, String) = aligned.count > 0 ? (15, "aligned") : adverse.count == 0 ? (10, "none adverse") : (0, "only adverse")
        return RawLayerScore(
            points, "P99 $\(fmt(p99.doubleValue)) 15m: \(aligned.count) aligned $\(fmt(aligned.notional.doubleValue)), "
                + "\(adverse.count) adverse $\(fmt(adverse.notional.doubleValue)), \(verdict): \(fmt(points))"
        )
    }

    /// 5 when the 30 min CVD's acceleration points to `side`.
    static func acceleration(_ r: OrderFlowReading, _ side: FlowSide) -> RawLayerScore {
        guard let a = r.acceleration else { return .missing("CVD 30m acceleration", 0, scale: 5, why: "needs 40 min of flow") }
        let agrees = side.agrees(with: a)
        return RawLayerScore(agrees ? 5 : 0, "CVD 30m acceleration \(signed(a)) \(agrees ? "agrees" : "does not agree"): \(agrees ? 5 : 0)")
    }

    /// Contrarian: a long scores when accounts are net short (< 0.5 → 10, < 0.67 → 5), a short when net long (> 2.0 → 10, > 1.5 → 5).
    static func longShortRatio(_ r: OrderFlowReading, _ side: FlowSide) -> RawLayerScore {
        guard let lsr = r.longShortRatio else { return .missing("long/short ratio", 5, scale: 10, why: "mid score") }
        let bands: [(edge: String, points: Double)] = side == .long ? [("0.5", 10), ("0.67", 5)] : [("2.0", 10), ("1.5", 5)]
        let hit = bands.first { side == .long ? lsr < FixedDecimal($0.edge)! : lsr > FixedDecimal($0.edge)! }
        let points = hit?.points ?? 0
        let test = hit.map { "\(side == .long ? "<" : ">") \($0.edge)" } ?? "neutral"
        return RawLayerScore(points, "long/short ratio \(fmt(lsr.doubleValue)) \(test): \(fmt(points))")
    }

    /// With the top traders: share ≥ 0.55 → 10 for a long (0 for a short), ≤ 0.45 the mirror, else 5.
    static func topTraders(_ r: OrderFlowReading, _ side: FlowSide) -> RawLayerScore {
        guard let share = r.topTraderLongShare else { return .missing("top-trader long share", 5, scale: 10, why: "mid score") }
        let leaning: FlowSide? = share >= FixedDecimal("0.55")! ? .long : share <= FixedDecimal("0.45")! ? .short : nil
        let points: Double = leaning.map { $0 == side ? 10 : 0 } ?? 5
        return RawLayerScore(points, "top-trader long share \(fmt(share.doubleValue)) \(leaning?.rawValue ?? "neutral"): \(fmt(points))")
    }

    /// Contrarian funding only: `min(5, |FR| / max historical |FR| × 5)`.
    static func funding(_ r: OrderFlowReading, _ side: FlowSide) -> RawLayerScore {
        guard r.market == .perpetual else { return RawLayerScore(0, "spot: no funding: 0", notes: ["spot: no funding, funding layer 0"]) }
        guard let fr = r.fundingRate else { return .missing("funding rate", 0, scale: 5, why: "no funding update yet") }
        var notes: [String] = []
        let maxima: FixedDecimal
        if let known = r.maxHistoricalAbsFunding {
            maxima = known
        } else {
            maxima = defaultMaxFunding
            notes.append("funding history missing: max historical |FR| taken as 0.0001 (seed default)")
        }
        let contrarian = side == .long ? fr.isNegative : fr.isPositive
        guard contrarian else { return RawLayerScore(0, "FR \(fr) not contrarian to \(side.rawValue): 0", notes: notes) }
        let points = maxima.isPositive ? min(5, fr.magnitude.doubleValue / maxima.doubleValue * 5) : 5
        return RawLayerScore(points, "FR \(fr) contrarian, max historical |FR| \(maxima): \(fmt(points))", notes: notes)
    }

    /// The seed's `get_max_fr` default when no history is known.
    static let defaultMaxFunding = FixedDecimal("0.0001")!

    /// Open interest over 5 min: ≥ +3 % → 15, > 0 → 10, else 5.
    static func openInterest(_ r: OrderFlowReading) -> RawLayerScore {
        guard let change = r.openInterestChange else { return .missing("open interest change", 10, scale: 15, why: "seed default") }
        let points: Double = change >= FixedDecimal("0.03")! ? 15 : change.isPositive ? 10 : 5
        return RawLayerScore(points, "OI change 5m \(signed(change * 100))%: \(fmt(points))")
    }

    /// 15 when the 30 min and 4 h CVDs have the same sign.
    static func confirmation(_ r: OrderFlowReading) -> RawLayerScore {
        guard let fast = r.cvd30m, let mid = r.cvd4h else { return RawLayerScore(0, "CVD 30m or 4h missing: 0") }
        let agree = r.consensus != nil
        return RawLayerScore(agree ? 15 : 0, "CVD 30m \(signed(fast)) and 4h \(signed(mid)) \(agree ? "agree" : "disagree"): \(agree ? 15 : 0)")
    }

    /// Opposite-side / own-side liquidated USD over 5 min, when the total reaches the symbol's minimum: ≥ 2.0 → 5, ≥ 1.5 → 3, ≥ 1.2 → 1.
    static func liquidations(_ r: OrderFlowReading, _ side: FlowSide) -> RawLayerScore {
        guard r.market == .perpetual else { return RawLayerScore(0, "spot: no liquidations: 0") }
        guard let longs = r.liquidatedLongs, let shorts = r.liquidatedShorts else {
            return .missing("liquidations", 0, scale: 5, why: "no liquidation feed")
        }
        let total = longs + shorts, minimum = LiquidationMinimum.usd(for: r.symbol)
        guard total >= minimum else { return RawLayerScore(0, "liquidations 5m $\(total) below the $\(minimum) minimum: 0") }
        let (opposite, own) = side == .long ? (shorts, longs) : (longs, shorts)
        let bands: [(ratio: String, points: Double)] = [("2.0", 5), ("1.5", 3), ("1.2", 1)]
        let hit = bands.first { opposite >= own * FixedDecimal($0.ratio)! }
        let ratio = own.isPositive ? fmt(opposite.doubleValue / own.doubleValue) : "inf"
        let points = hit?.points ?? 0
        return RawLayerScore(points, "liquidations 5m opposite $\(opposite) / own $\(own) = \(ratio)\(hit.map { " ≥ \($0.ratio)" } ?? ""): \(fmt(points))")
    }

    /// Coinbase premium beyond ±0.05 % with the side → 5, inside → 2, against → 0; missing → 2.
    static func coinbasePremium(_ r: OrderFlowReading, _ side: FlowSide) -> RawLayerScore {
        guard let p = r.coinbasePremium else { return .missing("Coinbase premium", 2, scale: 5, why: "no Coinbase feed") }
        let band = FixedDecimal("0.0005")!
        let points: Double = p.magnitude <= band ? 2 : side.agrees(with: p) ? 5 : 0
        return RawLayerScore(points, "Coinbase premium \(p): \(fmt(points))")
    }

    /// `+1.5` / `-2`: a value with its sign.
    static func signed(_ x: FixedDecimal) -> String { (x.isNegative ? "" : "+") + fmt(x.doubleValue) }
}
