import ArenaCore

/// The layers of the order-flow score (spec §13), in the order a decision lists them.
public enum OrderFlowLayer: String, Sendable, Hashable, CaseIterable {
    /// CVD 30 min and 4 h agreeing with the direction, and the P99 large trades of the last 15 min.
    case direction
    /// The bonus when the 30 min CVD's acceleration agrees (v51 only).
    case acceleration
    /// Long/short account ratio (contrarian) and top-trader long share.
    case crowding
    /// The funding rate, when contrarian (v52 only).
    case funding
    /// Open-interest change over 5 min.
    case environment
    /// CVD 30 min and 4 h of the same sign.
    case confirmation
    /// Opposite-side over own-side liquidations over 5 min (v52 only).
    case liquidation
    /// Coinbase premium (the platform has none: scored as missing).
    case auxiliary

    /// The layer's points in the seed's own scale (spec §13, seed 003 §3.7–3.8):
    /// a profile's weight rescales them, `score = raw × weight / rawMaximum`.
    public var rawMaximum: Double {
        switch self {
        case .direction: 45
        case .crowding: 20
        case .environment, .confirmation: 15
        case .acceleration, .funding, .liquidation, .auxiliary: 5
        }
    }
}

/// One scoring profile of the order-flow scorer: the weight of every layer
/// and the bracket in ATR(5m, 14) multiples, exactly as spec §13 states.
///
/// | profile | direction | accel | crowding | funding | environment | confirmation | liquidation | auxiliary | SL / TP1 / TP2 × ATR |
/// |---|---|---|---|---|---|---|---|---|---|
/// | `v51_baseline` | 45 | 5 | 20 | – | 15 | 15 | – | 5 | 1.4 / 1.05 / 2.1 |
/// | `v52_8signals` | 40 | 0 | 18 | 5 | 12 | 15 | 5 | 5 | 3.0 / 2.0 / 4.5 |
///
/// A layer whose weight differs from its ``OrderFlowLayer/rawMaximum`` is
/// scaled linearly (v52: direction × 40/45, crowding × 18/20, environment × 12/15).
public struct OrderFlowProfile: Sendable, Hashable {
    /// The profile's name, as the `profile` parameter gives it.
    public var name: String
    /// The weight (maximum points) of each layer the profile scores; a layer absent here is not scored.
    public var weights: [OrderFlowLayer: Double]
    /// Stop, first and second target, in ATRs from the entry.
    public var stopATR: FixedDecimal
    public var target1ATR: FixedDecimal
    public var target2ATR: FixedDecimal
    /// Order-flow inputs read beyond the required CVD and large trades (all optional; the funding
    /// rate is read where the snapshot has it and never declared, so a spot market is accepted).
    public var optionalInputs: Set<OrderFlowInput>
    /// Settled funding rates read for the largest historical |FR| (0: the profile has no funding layer).
    public var fundingHistory: Int

    /// The layers the profile scores, in ``OrderFlowLayer`` order.
    public var layers: [OrderFlowLayer] { OrderFlowLayer.allCases.filter { (weights[$0] ?? 0) > 0 } }

    /// The largest score the profile can give.
    public var maximum: Double { weights.values.reduce(0, +) }

    /// The weight of `layer` (0 when the profile does not score it).
    public func weight(_ layer: OrderFlowLayer) -> Double { weights[layer] ?? 0 }

    /// The seed's V5.1 scorer (`v51_baseline.json`).
    public static let v51 = OrderFlowProfile(
        name: "v51_baseline",
        weights: [.direction: 45, .acceleration: 5, .crowding: 20, .environment: 15, .confirmation: 15, .auxiliary: 5],
        stopATR: FixedDecimal("1.4")!, target1ATR: FixedDecimal("1.05")!, target2ATR: FixedDecimal("2.1")!,
        optionalInputs: [.openInterest, .longShortRatio, .topTraderShare], fundingHistory: 0
    )

    /// The seed's V5.2 scorer (`v52_8signals.json` as built, SL/TP confirmed by its log).
    public static let v52 = OrderFlowProfile(
        name: "v52_8signals",
        weights: [
            .direction: 40, .crowding: 18, .funding: 5, .environment: 12, .confirmation: 15, .liquidation: 5, .auxiliary: 5,
        ],
        stopATR: FixedDecimal(3), target1ATR: FixedDecimal(2), target2ATR: FixedDecimal("4.5")!,
        optionalInputs: [.openInterest, .longShortRatio, .topTraderShare, .liquidations], fundingHistory: 90
    )

    /// Every profile, the default last.
    public static let all: [OrderFlowProfile] = [v51, v52]

    /// The profile named `name`.
    public static func named(_ name: String) -> OrderFlowProfile? { all.first { $0.name == name } }
}

/// The per-symbol minimum of total liquidated notional (USD, 5 min) below
/// which the liquidation layer scores 0 (seed 003 §3.8, variant A's table).
public enum LiquidationMinimum {
    /// By base asset; any other symbol takes ``fallback``.
    static let byBase: [(prefix: String, usd: FixedDecimal)] = [
        ("BTC", 500_000), ("ETH", 200_000), ("XRP", 100_000), ("SOL", 100_000),
    ]
    /// 100k USD.
    public static let fallback: FixedDecimal = 100_000

    /// The minimum for `symbol`.
    public static func usd(for symbol: Symbol) -> FixedDecimal {
        byBase.first { symbol.value.hasPrefix($0.prefix) }?.usd ?? fallback
    }
}
