import ArenaCore

/// The scorer's settings beyond the profile: entry threshold and tiers,
/// cooldown, risk unit, size cap and time stop.
public struct OrderFlowSettings: Sendable, Hashable {
    /// The entry (and flip) threshold (75).
    public var threshold: Double
    /// The score from which an entry is heavy (85).
    public var heavyThreshold: Double
    /// The size multiplier of a heavy entry (1.5).
    public var heavyMultiplier: FixedDecimal
    /// Seconds after an entry during which the symbol takes no new one (600).
    public var cooldownSeconds: Int64
    /// 1R as a fraction of NAV (0.02).
    public var riskPerTrade: FixedDecimal
    /// The largest `positionSizePct` (0.20); on spot never above 1.
    public var maxPosition: FixedDecimal
    /// Seconds after which an open position is closed at market (3 600).
    public var timeStopSeconds: Int64

    /// `standard` from the threshold, `heavy` from the heavy threshold, nil below the threshold.
    public func tier(_ score: Double) -> String? {
        score >= heavyThreshold ? "heavy" : score >= threshold ? "standard" : nil
    }
}

/// An entry's bracket in ATR(5m, 14) units and its size: 1R = risk_per_trade × NAV,
/// size = (1R / stop distance × price) / NAV (× the heavy multiplier),
/// capped at max_position and rounded down to 6 places.
public struct OrderFlowEntryPlan: Sendable, Hashable {
    public var bracket: Bracket
    /// The fraction of NAV to put in (exact, 6 places).
    public var positionSizePct: FixedDecimal
    /// On a perpetual, the whole leverage that notional needs (at least 1); nil on spot.
    public var leverage: FixedDecimal?
    /// What shaped the size (heavy, capped).
    public var notes: [String]

    /// The plan of a `side` entry at `price` with `atr`; nil when no bracket
    /// fits (ATR not positive, a level at or below zero) or the size rounds to 0.
    public init?(
        side: FlowSide, price: FixedDecimal, atr: Double, nav: FixedDecimal, market: MarketKind, heavy: Bool, profile: OrderFlowProfile,
        settings: OrderFlowSettings
    ) throws {
        guard nav.isPositive else { return nil }
        let risk = try settings.riskPerTrade.multiplied(by: nav)
        guard let bracket = Bracket.atr(
            entry: price, atr: atr, long: side == .long, stop: profile.stopATR, target1: profile.target1ATR, target2: profile.target2ATR,
            breakEven: true, timeStopSeconds: settings.timeStopSeconds, riskAmount: risk
        ) else { return nil }
        let distance = (price - bracket.stopLoss).magnitude
        guard distance.isPositive else { return nil }
        let multiplier = heavy ? settings.heavyMultiplier : .one
        let wanted = try risk.multiplied(by: price).multiplied(by: multiplier)
            .divided(by: try distance.multiplied(by: nav), rounding: .down)
        let cap = market == .spot ? min(settings.maxPosition, .one) : settings.maxPosition
        var notes: [String] = []
        if heavy { notes.append("heavy tier: size ×\(multiplier)") }
        if wanted > cap { notes.append("size capped at \(cap) of NAV (1R sizing asks \(wanted.rounded(toPlaces: 6, .down)))") }
        let size = min(wanted, cap).rounded(toPlaces: 6, .down)
        guard size.isPositive else { return nil }
        self.bracket = bracket
        positionSizePct = size
        leverage = market == .perpetual ? max(.one, size.rounded(toPlaces: 0, .up)) : nil
        self.notes = notes
    }

    /// `SL 65271.31, TP1 66122.21, TP2 66547.66, 1R 200 USDT, size 0.2`.
    public var summary: String {
        let tp2 = bracket.takeProfit2.map { ", TP2 \($0)" } ?? ""
        return "SL \(bracket.stopLoss), TP1 \(bracket.takeProfit1)\(tp2), 1R \(bracket.riskAmount ?? .zero), size \(positionSizePct)"
    }
}
