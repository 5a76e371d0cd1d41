import ArenaCore
import ArenaRuntime

/// The `features` section: what the feature engine computes and how the arena
/// clock runs (spec §4).
public struct FeaturesConfig: ConfigSection, Equatable {
    public static let key = "features"

    /// Indicator list in the `arena indicators` syntax (`ema:21,rsi:14,…`).
    /// It must include `adx`, `bbands` and `atrpct`, which the regime reads.
    public var indicators: String
    /// The bar length indicators and the regime are computed on.
    public var indicatorTimeframe: Timeframe
    /// How much history is loaded from the gateway on start (24 h covers the P99 thresholds).
    public var warmupHours: Int
    /// Seconds between decision ticks; ticks fall on multiples of it since the epoch (UTC).
    public var tickSeconds: Int
    /// How long a model has to answer before its decision is a HOLD (timeout).
    public var deadlineMs: Int
    /// The starting capital of every model (quote currency) until the OMS reports its ledger.
    public var startingCapital: FixedDecimal
    /// The closed 1m bars each snapshot entry carries (1…60, default 60); a symbol appears in
    /// snapshots once it has them. A study whose strategy reads none and may trade from its first
    /// bars sets 1 (smaller snapshots to seal and hash at every tick, too).
    public var snapshotBars1m: Int

    /// The defaults of spec §4: 5-minute ticks, an 8 s deadline, 24 h warm-up.
    public enum Defaults {
        public static let indicators =
            "ema:9,ema:21,ema:55,sma:20,rsi:14,atr:14,bbands:20:2,macd:12:26:9,adx:14,stoch:14:3:3,obv,vwap:20,rvol:20,atrpct:14:100"
        public static let indicatorTimeframe = Timeframe.m5
        public static let warmupHours = 24
        public static let tickSeconds = 300
        public static let deadlineMs = 8_000
        public static let startingCapital = FixedDecimal(10_000)
        public static let snapshotBars1m = 60
    }

    /// A section; absent values take ``Defaults``.
    public init(
        indicators: String = Defaults.indicators, indicatorTimeframe: Timeframe = Defaults.indicatorTimeframe,
        warmupHours: Int = Defaults.warmupHours, tickSeconds: Int = Defaults.tickSeconds, deadlineMs: Int = Defaults.deadlineMs,
        startingCapital: FixedDecimal = Defaults.startingCapital, snapshotBars1m: Int = Defaults.snapshotBars1m
    ) {
        self.snapshotBars1m = snapshotBars1m
        self.indicators = indicators
        self.indicatorTimeframe = indicatorTimeframe
        self.warmupHours = warmupHours
        self.tickSeconds = tickSeconds
        self.deadlineMs = deadlineMs
        self.startingCapital = startingCapital
    }

    enum CodingKeys: String, CodingKey {
        case indicators
        case indicatorTimeframe = "indicator_timeframe"
        case warmupHours = "warmup_hours"
        case tickSeconds = "tick_seconds"
        case deadlineMs = "deadline_ms"
        case startingCapital = "starting_capital"
        case snapshotBars1m = "bars_1m"
    }

    /// Decodes the section; absent keys take the defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            indicators: try c.decode(.indicators, default: Defaults.indicators),
            indicatorTimeframe: try c.decode(.indicatorTimeframe, default: Defaults.indicatorTimeframe),
            warmupHours: try c.decode(.warmupHours, default: Defaults.warmupHours),
            tickSeconds: try c.decode(.tickSeconds, default: Defaults.tickSeconds),
            deadlineMs: try c.decode(.deadlineMs, default: Defaults.deadlineMs),
            startingCapital: try c.decode(.startingCapital, default: Defaults.startingCapital),
            snapshotBars1m: try c.decode(.snapshotBars1m, default: Defaults.snapshotBars1m)
        )
    }

    /// ``deadlineMs`` as a duration.
    public var deadline: Duration { .milliseconds(deadlineMs) }

    public func validate(into problems: inout ConfigProblems) {
        problems.range(warmupHours, 1...720, key: "features.warmup_hours")
        problems.range(tickSeconds, 1...86_400, key: "features.tick_seconds")
        problems.range(deadlineMs, 100...600_000, key: "features.deadline_ms")
        problems.range(snapshotBars1m, 1...60, key: "features.bars_1m")
        problems.check(
            deadlineMs < tickSeconds * 1_000, key: "features.deadline_ms", value: String(deadlineMs),
            "must be shorter than the tick (features.tick_seconds = \(tickSeconds)), or rounds would overlap"
        )
        problems.check(
            startingCapital.isPositive, key: "features.starting_capital", value: startingCapital.description, "must be above 0"
        )
    }
}

extension ModelID: ConfigScalar {
    /// A model id such as `ema_trend`.
    public static var expectation: String { "a model id (\(rule))" }
    /// Parses and validates the id.
    public static func parse(configText text: String) throws(ConfigScalarRejection) -> ModelID {
        do { return try ModelID(text) } catch { throw ConfigScalarRejection(error.description) }
    }
}
