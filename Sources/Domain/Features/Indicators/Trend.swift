/// MACD of the close (TA-Lib `MACD`): fast EMA − slow EMA, its signal EMA, and
/// their difference.
///
/// TA-Lib's specifics, reproduced: the fast EMA starts late, so that its SMA
/// seed covers the `fast` closes ending where the slow EMA's seed ends (bar
/// `slow − 1`); the signal EMA is seeded with the SMA of the first `signal` MACD
/// values; and all three outputs appear together at bar `slow + signal − 2`.
public struct MACD: Indicator {
    /// The three lines.
    public struct Value: Sendable, Hashable {
        /// Fast EMA − slow EMA.
        public var macd: Double
        /// EMA of the MACD line.
        public var signal: Double
        /// `macd − signal`.
        public var histogram: Double
    }

    private let lateStart: Int
    private var bars = 0
    private var fast: EMA
    private var slow: EMA
    private var signal: EMA
    /// The latest lines; nil during warm-up.
    public private(set) var value: Value?

    /// A MACD with `fast` < `slow` and `signal` periods (each ≥ 1).
    public init(fast: Int, slow: Int, signal: Int) {
        lateStart = slow - fast
        self.fast = EMA(period: fast)
        self.slow = EMA(period: slow)
        self.signal = EMA(period: signal)
    }

    /// Feeds the bar's close.
    public mutating func update(_ bar: BarPrices) {
        let x = bar.close
        slow.update(value: x)
        if bars >= lateStart { fast.update(value: x) }
        bars += 1
        guard let s = slow.value, let f = fast.value else { return }
        let line = f - s
        signal.update(value: line)
        guard let g = signal.value else { return }
        value = Value(macd: line, signal: g, histogram: line - g)
    }
}

/// Wilder's ADX with the directional indicators +DI and −DI (TA-Lib `ADX`,
/// `PLUS_DI`, `MINUS_DI`, which share one computation).
///
/// As in TA-Lib: the directional movements and true ranges of bars 1…n−1 are
/// summed; from bar n on each is Wilder-smoothed as a sum (`s − s/n + x`), and
/// the DIs are `100·DM/TR` (0 when TR is 0), first at bar n. The ADX is the mean
/// of the DX values of bars n…2n−1, first at bar 2n−1, then
/// `adx = (adx·(n−1) + dx) / n`; a bar whose TR or DI sum is 0 leaves it unchanged.
public struct ADX: Indicator {
    /// The ADX and both DIs (the DIs exist n−1 bars before the ADX: see ``directional``).
    public struct Value: Sendable, Hashable {
        /// Average directional index.
        public var adx: Double
        /// +DI.
        public var plusDI: Double
        /// −DI.
        public var minusDI: Double
    }

    /// Smoothing length in bars.
    public let period: Int
    private var previous: BarPrices?
    private var step = 0
    private var plusDM = 0.0, minusDM = 0.0, range = 0.0
    private var sumDX = 0.0
    private var adx: Double?
    /// (+DI, −DI), from bar `period` on.
    public private(set) var directional: (plus: Double, minus: Double)?

    /// An ADX over `period` (≥ 1) bars.
    public init(period: Int) { self.period = period }

    /// The latest ADX with its DIs; nil until bar 2·`period` − 1.
    public var value: Value? {
        guard let adx, let directional else { return nil }
        return Value(adx: adx, plusDI: directional.plus, minusDI: directional.minus)
    }

    /// Feeds the bar's high, low and close.
    public mutating func update(_ bar: BarPrices) {
        defer { previous = bar }
        guard let prev = previous else { return }
        step += 1
        let up = bar.high - prev.high
        let down = prev.low - bar.low
        let tr = trueRange(high: bar.high, low: bar.low, previousClose: prev.close)
        let n = Double(period)
        if step < period {
            if down > 0 && up < down { minusDM += down } else if up > 0 && up > down { plusDM += up }
            range += tr
            return
        }
        minusDM -= minusDM / n
        plusDM -= plusDM / n
        if down > 0 && up < down { minusDM += down } else if up > 0 && up > down { plusDM += up }
        range = range - range / n + tr
        guard !taIsZero(range) else {
            directional = (0, 0)
            if step == 2 * period - 1 { adx = sumDX / n }
            return
        }
        let minus = 100.0 * (minusDM / range)
        let plus = 100.0 * (plusDM / range)
        directional = (plus, minus)
        let total = minus + plus
        let dx: Double? = taIsZero(total) ? nil : 100.0 * (abs(minus - plus) / total)
        if step < 2 * period - 1 {
            if let dx { sumDX += dx }
        } else if step == 2 * period - 1 {
            if let dx { sumDX += dx }
            adx = sumDX / n
        } else if let dx, let a = adx {
            adx = (a * (n - 1) + dx) / n
        }
    }
}
