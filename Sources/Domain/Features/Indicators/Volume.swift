/// On-balance volume (TA-Lib `OBV`): starts at the first bar's volume, then adds
/// the volume of a bar closing higher and subtracts that of one closing lower.
public struct OBV: Indicator {
    private var previousClose: Double?
    /// The running OBV; defined from the first bar on.
    public private(set) var value: Double?

    /// An OBV before any bar.
    public init() {}

    /// Feeds the bar's close and volume.
    public mutating func update(_ bar: BarPrices) {
        defer { previousClose = bar.close }
        guard let previous = previousClose, var obv = value else {
            value = bar.volume
            return
        }
        if bar.close > previous { obv += bar.volume } else if bar.close < previous { obv -= bar.volume }
        value = obv
    }
}

/// Volume-weighted average price over the last `period` bars, each bar
/// contributing its typical price `(high + low + close) / 3` weighted by its
/// volume: `Σ tp·v / Σ v`. TA-Lib has no rolling VWAP.
///
/// Both sums are kept with compensation (``CompensatedSum``), so the rolling
/// subtracts do not drift over millions of bars. A window whose volume is zero
/// has no VWAP (nil), like the warm-up.
public struct RollingVWAP: Indicator {
    /// Window length in bars.
    public let period: Int
    private var window: RingBuffer<(notional: Double, volume: Double)>
    private var notional = CompensatedSum()
    private var volume = CompensatedSum()
    /// The latest VWAP; nil until `period` bars arrived or while the window has no volume.
    public private(set) var value: Double?

    /// A VWAP over `period` (≥ 1) bars.
    public init(period: Int) {
        self.period = period
        window = RingBuffer(capacity: period)
    }

    /// Feeds the bar's high, low, close and volume.
    public mutating func update(_ bar: BarPrices) {
        let entry = (notional: bar.typicalPrice * bar.volume, volume: bar.volume)
        if let old = window.push(entry) {
            notional.add(-old.notional)
            volume.add(-old.volume)
        }
        notional.add(entry.notional)
        volume.add(entry.volume)
        guard window.isFull else { return }
        let v = volume.value
        value = v > 0 ? notional.value / v : nil
    }
}
