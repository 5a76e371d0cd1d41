import ArenaCore
import ArenaRuntime
import Risk

/// The `risk` section: every limit of spec §6 (``Risk/RiskLimits``), each
/// defaulting to the spec's value. A limit that can be switched off is
/// switched off with `null`; an absent key keeps the default.
/// `docs/risk-rules.md` describes each one.
public struct RiskConfig: ConfigSection, Equatable {
    public static let key = "risk"
    public static let whenAbsent: RiskConfig? = RiskConfig()

    public var limits: RiskLimits
    /// How long a decision waits for the snapshot it was made on (another socket) before it is judged without one.
    public var snapshotWaitMs: Int

    public init(limits: RiskLimits = .standard, snapshotWaitMs: Int = 2_000) {
        self.limits = limits
        self.snapshotWaitMs = snapshotWaitMs
    }

    /// ``snapshotWaitMs`` as a duration.
    public var snapshotWait: Duration { .milliseconds(snapshotWaitMs) }

    enum CodingKeys: String, CodingKey {
        case maxOrderPct = "max_order_pct", maxCapitalInUsePct = "max_capital_in_use_pct", maxOpenSymbols = "max_open_symbols"
        case maxLeverage = "max_leverage", maxRiskPerTradePct = "max_risk_per_trade_pct", maxNotionalPerOrder = "max_notional_per_order"
        case quantityStep = "quantity_step", sizeAtFill = "size_at_fill", defaultStopPct = "default_stop_pct", defaultRewardRisk = "default_reward_risk"
        case minRewardRisk = "min_reward_risk", minTradeIntervalSeconds = "min_trade_interval_seconds"
        case maxTradesPer24h = "max_trades_per_24h", cooldownAfterLossSeconds = "cooldown_after_loss_seconds"
        case stopOutGuard = "stop_out_guard", maxOrdersPerSecond = "max_orders_per_second", minConfidence = "min_confidence"
        case volatility, twap, positionStopPct = "position_stop_pct", maxHoldingSeconds = "max_holding_seconds"
        case maxDrawdownPct = "max_drawdown_pct", dailyDrawdownPct = "daily_drawdown_pct", snapshotWaitMs = "snapshot_wait_ms"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        /// Absent: the default; `null`: switched off; a value: that value.
        func optional<T: Decodable>(_ key: CodingKeys, _ fallback: T?) throws -> T? {
            guard c.contains(key) else { return fallback }
            return try c.decodeNil(forKey: key) ? nil : c.decode(T.self, forKey: key)
        }
        let d = RiskLimits.standard
        var l = RiskLimits()
        l.maxOrderPct = try optional(.maxOrderPct, d.maxOrderPct)
        l.maxCapitalInUsePct = try optional(.maxCapitalInUsePct, d.maxCapitalInUsePct)
        l.maxOpenSymbols = try optional(.maxOpenSymbols, d.maxOpenSymbols)
        l.maxLeverage = try c.decode(.maxLeverage, default: d.maxLeverage)
        l.maxRiskPerTradePct = try optional(.maxRiskPerTradePct, d.maxRiskPerTradePct)
        l.maxNotionalPerOrder = try optional(.maxNotionalPerOrder, d.maxNotionalPerOrder)
        l.quantityStep = try c.decode(.quantityStep, default: d.quantityStep)
        l.defaultStopPct = try optional(.defaultStopPct, d.defaultStopPct)
        l.sizeAtFill = try c.decode(.sizeAtFill, default: d.sizeAtFill)
        l.defaultRewardRisk = try c.decode(.defaultRewardRisk, default: d.defaultRewardRisk)
        l.minRewardRisk = try optional(.minRewardRisk, d.minRewardRisk)
        l.minTradeIntervalSeconds = try optional(.minTradeIntervalSeconds, d.minTradeIntervalSeconds)
        l.maxTradesPer24h = try optional(.maxTradesPer24h, d.maxTradesPer24h)
        l.cooldownAfterLossSeconds = try optional(.cooldownAfterLossSeconds, d.cooldownAfterLossSeconds)
        l.stopOutGuard = try optional(.stopOutGuard, d.stopOutGuard.map(StopOutGuardKeys.init)).map(\.value)
        l.maxOrdersPerSecond = try optional(.maxOrdersPerSecond, d.maxOrdersPerSecond)
        l.minConfidence = try optional(.minConfidence, d.minConfidence)
        l.volatility = try optional(.volatility, d.volatility.map(VolatilityKeys.init)).map(\.value)
        l.twap = try optional(.twap, d.twap.map(TWAPKeys.init)).map(\.value)
        l.positionStopPct = try optional(.positionStopPct, d.positionStopPct)
        l.maxHoldingSeconds = try optional(.maxHoldingSeconds, d.maxHoldingSeconds)
        l.maxDrawdownPct = try optional(.maxDrawdownPct, d.maxDrawdownPct)
        l.dailyDrawdownPct = try optional(.dailyDrawdownPct, d.dailyDrawdownPct)
        self.init(limits: l, snapshotWaitMs: try c.decode(.snapshotWaitMs, default: 2_000))
    }

    public func validate(into problems: inout ConfigProblems) {
        let l = limits
        func fraction(_ value: FixedDecimal?, _ key: String, allowZero: Bool = false) {
            guard let value else { return }
            problems.check((allowZero ? value >= .zero : value > .zero) && value <= 1, key: "risk.\(key)", value: "\(value)", "must be a fraction in (0, 1]")
        }
        fraction(l.maxOrderPct, "max_order_pct")
        fraction(l.maxCapitalInUsePct, "max_capital_in_use_pct")
        fraction(l.maxRiskPerTradePct, "max_risk_per_trade_pct")
        fraction(l.defaultStopPct, "default_stop_pct")
        fraction(l.positionStopPct, "position_stop_pct")
        fraction(l.maxDrawdownPct, "max_drawdown_pct")
        fraction(l.dailyDrawdownPct, "daily_drawdown_pct")
        if let n = l.maxOpenSymbols { problems.range(n, 1...1_000, key: "risk.max_open_symbols") }
        if let n = l.maxTradesPer24h { problems.range(n, 1...1_000_000, key: "risk.max_trades_per_24h") }
        if let n = l.maxOrdersPerSecond { problems.range(n, 1...1_000_000, key: "risk.max_orders_per_second") }
        problems.check(l.maxLeverage >= 1 && l.maxLeverage <= 125, key: "risk.max_leverage", value: "\(l.maxLeverage)", "must be within 1…125")
        problems.check(l.quantityStep > .zero, key: "risk.quantity_step", value: "\(l.quantityStep)", "must be above zero")
        problems.check(l.defaultRewardRisk > .zero, key: "risk.default_reward_risk", value: "\(l.defaultRewardRisk)", "must be above zero")
        if let c = l.minConfidence { problems.check(c >= 0 && c <= 1, key: "risk.min_confidence", value: "\(c)", "must be within 0…1") }
        if let t = l.twap { problems.range(t.slices, 1...1_000, key: "risk.twap.slices") }
        if let g = l.stopOutGuard { problems.range(g.count, 1...1_000, key: "risk.stop_out_guard.count") }
        problems.range(snapshotWaitMs, 0...60_000, key: "risk.snapshot_wait_ms")
    }
}

/// `risk.stop_out_guard`: `count`, `window_seconds`, `pause_seconds`.
struct StopOutGuardKeys: Decodable {
    var value: RiskLimits.StopOutGuard
    init(_ value: RiskLimits.StopOutGuard) { self.value = value }
    enum CodingKeys: String, CodingKey { case count, windowSeconds = "window_seconds", pauseSeconds = "pause_seconds" }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self), d = RiskLimits.StopOutGuard()
        value = .init(
            count: try c.decode(.count, default: d.count), windowSeconds: try c.decode(.windowSeconds, default: d.windowSeconds),
            pauseSeconds: try c.decode(.pauseSeconds, default: d.pauseSeconds)
        )
    }
}

/// `risk.volatility`: `resize_above`, `size_factor`, `block_above`.
struct VolatilityKeys: Decodable {
    var value: RiskLimits.VolatilityThrottle
    init(_ value: RiskLimits.VolatilityThrottle) { self.value = value }
    enum CodingKeys: String, CodingKey { case resizeAbove = "resize_above", sizeFactor = "size_factor", blockAbove = "block_above" }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self), d = RiskLimits.VolatilityThrottle()
        value = .init(
            resizeAbove: try c.decode(.resizeAbove, default: d.resizeAbove), sizeFactor: try c.decode(.sizeFactor, default: d.sizeFactor),
            blockAbove: try c.decode(.blockAbove, default: d.blockAbove)
        )
    }
}

/// `risk.twap`: `threshold_notional`, `slices`, `interval_seconds`.
struct TWAPKeys: Decodable {
    var value: RiskLimits.TWAPPolicy
    init(_ value: RiskLimits.TWAPPolicy) { self.value = value }
    enum CodingKeys: String, CodingKey { case thresholdNotional = "threshold_notional", slices, intervalSeconds = "interval_seconds" }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self), d = RiskLimits.TWAPPolicy()
        value = .init(
            thresholdNotional: try c.decode(.thresholdNotional, default: d.thresholdNotional), slices: try c.decode(.slices, default: d.slices),
            intervalSeconds: try c.decode(.intervalSeconds, default: d.intervalSeconds)
        )
    }
}
