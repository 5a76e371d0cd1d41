import ArenaCore

/// Every limit of the risk guard (spec §6), each a plain value with its
/// default. A limit that can be switched off is optional: nil disables it.
/// `docs/risk-rules.md` lists the config key, default, behaviour and reason
/// code of each one.
public struct RiskLimits: Sendable, Hashable, Codable {
    // MARK: Size

    /// `risk.max_order_pct`: an entry's notional is at most this fraction of NAV (default 0.20); larger → resized.
    public var maxOrderPct: FixedDecimal? = .fraction(20, places: 2)
    /// `risk.max_capital_in_use_pct`: capital in use after the entry (spot: position value; perpetuals: margin) is at
    /// most this fraction of NAV (default 0.50); larger → resized, no room left → rejected.
    public var maxCapitalInUsePct: FixedDecimal? = .fraction(50, places: 2)
    /// `risk.max_open_symbols`: at most this many symbols held at once per model (default 1, the MVP profile).
    public var maxOpenSymbols: Int? = 1
    /// `risk.max_leverage`: the leverage cap on perpetuals (default 3); spot leverage is always 1.
    public var maxLeverage: FixedDecimal = 3
    /// `risk.max_risk_per_trade_pct`: |entry − stop| × quantity is at most this fraction of NAV (default 0.02); larger → resized.
    public var maxRiskPerTradePct: FixedDecimal? = .fraction(2, places: 2)
    /// `risk.max_notional_per_order`: an entry's notional in the quote currency is at most this (default 100 000); larger → resized.
    public var maxNotionalPerOrder: FixedDecimal? = 100_000
    /// `risk.quantity_step`: quantities are rounded down to a multiple of this (default 0.00001).
    public var quantityStep: FixedDecimal = .fraction(1, places: 5)
    /// `risk.size_at_fill`: market entries carry their notional as a quote budget, fees included, and the
    /// venue fixes the quantity at the fill price (Binance's `quoteOrderQty`), so "all the cash" buys exactly
    /// what the cash pays for at the next price (default false: the quantity is fixed at the decision's price).
    public var sizeAtFill = false

    // MARK: Exit plan

    /// `risk.default_stop_pct`: an entry without a stop gets one this fraction away from the price (default 0.02).
    /// `null` (a study reproducing a strategy without exits): an entry that names neither a stop nor a target
    /// gets no bracket; one that names only a target is rejected (`stop_loss_missing`).
    public var defaultStopPct: FixedDecimal? = .fraction(2, places: 2)
    /// `risk.default_reward_risk`: an entry without a take-profit gets one at this multiple of the stop distance
    /// (default 2; the spec sets none, a bracket needs a first target).
    public var defaultRewardRisk: FixedDecimal = 2
    /// `risk.min_reward_risk`: |take-profit − price| / |price − stop| is at least this (default 1.5); lower → rejected.
    public var minRewardRisk: FixedDecimal? = .fraction(15, places: 1)

    // MARK: Pace

    /// `risk.min_trade_interval_seconds`: seconds between two entries of a model (default 300).
    public var minTradeIntervalSeconds: Int64? = 300
    /// `risk.max_trades_per_24h`: entries per model in any 24 h (default 20).
    public var maxTradesPer24h: Int? = 20
    /// `risk.cooldown_after_loss_seconds`: no entry this long after a losing fill (default 900).
    public var cooldownAfterLossSeconds: Int64? = 900
    /// `risk.stop_out_guard.*`: after `count` stop-outs within `window_seconds`, no entry for `pause_seconds` (freqtrade's StoplossGuard).
    public var stopOutGuard: StopOutGuard? = StopOutGuard()
    /// `risk.max_orders_per_second`: orders of a model within any second (default 100).
    public var maxOrdersPerSecond: Int? = 100
    /// `risk.min_confidence`: a decision's confidence is at least this (default 0.5).
    public var minConfidence: Double? = 0.5

    // MARK: Market

    /// `risk.volatility.*`: ATR percentile above `resize_above` → size × `size_factor`; above `block_above` → no entry.
    public var volatility: VolatilityThrottle? = VolatilityThrottle()
    /// `risk.twap.*`: entries above `threshold_notional` are sliced.
    public var twap: TWAPPolicy? = TWAPPolicy()

    // MARK: Continuous

    /// `risk.position_stop_pct`: a position down this fraction from its entry price is force-closed (default 0.05).
    public var positionStopPct: FixedDecimal? = .fraction(5, places: 2)
    /// `risk.max_holding_seconds`: a position held longer is force-closed (default 72 h = 259 200 s).
    public var maxHoldingSeconds: Int64? = 259_200
    /// `risk.max_drawdown_pct`: NAV this far below peak NAV → kill switch: flatten and HALTED (default 0.10).
    public var maxDrawdownPct: FixedDecimal? = .fraction(10, places: 2)
    /// `risk.daily_drawdown_pct`: NAV this far below the UTC day's start → HALTED until the next UTC day (default 0.05).
    public var dailyDrawdownPct: FixedDecimal? = .fraction(5, places: 2)

    /// The spec's defaults.
    public init() {}

    /// The spec's defaults.
    public static let standard = RiskLimits()
}

extension RiskLimits {
    /// freqtrade's StoplossGuard: too many stop-outs in a window pause entries.
    public struct StopOutGuard: Sendable, Hashable, Codable {
        /// `risk.stop_out_guard.count` (default 3).
        public var count: Int
        /// `risk.stop_out_guard.window_seconds` (default 6 h).
        public var windowSeconds: Int64
        /// `risk.stop_out_guard.pause_seconds`, counted from the last stop-out (default 1 h).
        public var pauseSeconds: Int64

        public init(count: Int = 3, windowSeconds: Int64 = 21_600, pauseSeconds: Int64 = 3_600) {
            self.count = count
            self.windowSeconds = windowSeconds
            self.pauseSeconds = pauseSeconds
        }
    }

    /// Size throttling on the symbol's ATR percentile (`regime.inputs.atr_percentile`).
    public struct VolatilityThrottle: Sendable, Hashable, Codable {
        /// `risk.volatility.resize_above` (default 0.90).
        public var resizeAbove: Double
        /// `risk.volatility.size_factor` (default 0.5: halved).
        public var sizeFactor: FixedDecimal
        /// `risk.volatility.block_above` (default 0.98).
        public var blockAbove: Double

        public init(resizeAbove: Double = 0.90, sizeFactor: FixedDecimal = .fraction(5, places: 1), blockAbove: Double = 0.98) {
            self.resizeAbove = resizeAbove
            self.sizeFactor = sizeFactor
            self.blockAbove = blockAbove
        }
    }

    /// Slicing of large entries into a ``TWAPPlan``.
    public struct TWAPPolicy: Sendable, Hashable, Codable {
        /// `risk.twap.threshold_notional`: entries with a larger notional are sliced (default 50 000).
        public var thresholdNotional: FixedDecimal
        /// `risk.twap.slices` (default 5).
        public var slices: Int
        /// `risk.twap.interval_seconds` (default 60).
        public var intervalSeconds: Int64

        public init(thresholdNotional: FixedDecimal = 50_000, slices: Int = 5, intervalSeconds: Int64 = 60) {
            self.thresholdNotional = thresholdNotional
            self.slices = slices
            self.intervalSeconds = intervalSeconds
        }
    }
}

extension FixedDecimal {
    /// `units × 10^-places` exactly (places 0…12), for constants such as 0.02.
    @usableFromInline static func fraction(_ units: Int64, places: Int) -> FixedDecimal {
        var raw = Int128(units)
        for _ in 0..<(FixedDecimal.scale - Swift.min(Swift.max(places, 0), FixedDecimal.scale)) { raw *= 10 }
        return FixedDecimal(raw: raw)
    }
}
