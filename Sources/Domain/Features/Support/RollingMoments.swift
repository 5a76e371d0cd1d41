/// The sum and the sum of squared deviations (M2) of the last `period` values,
/// for rolling standard deviations, in O(1) per value.
///
/// `Σx` and `Σx²` are kept in double-double arithmetic with exact squares, so a
/// value leaving the window is subtracted without residue (to ~1e-32 of the sums)
/// and `M2 = Σx² − (Σx)²/n` does not cancel to noise: neither at price levels
/// (where `mean(x²) − mean²` in `Double` loses eight digits) nor for a window
/// of nearly equal returns, and a flat window's deviation is 0, as TA-Lib's is.
public struct RollingMoments: Sendable {
    /// Window length in values.
    public let period: Int
    private var window: RingBuffer<Double>
    private var sum = DoubleDouble.zero
    private var sumOfSquares = DoubleDouble.zero

    /// An empty window of `period` (≥ 1) values.
    public init(period: Int) {
        self.period = period
        window = RingBuffer(capacity: period)
    }

    /// Whether the window holds `period` values.
    public var isFull: Bool { window.isFull }

    /// Adds `x`, dropping the value that leaves the window.
    public mutating func push(_ x: Double) {
        if let old = window.push(x) {
            sum = sum - DoubleDouble(old)
            sumOfSquares = sumOfSquares - DoubleDouble.product(old, old)
        }
        sum = sum + DoubleDouble(x)
        sumOfSquares = sumOfSquares + DoubleDouble.product(x, x)
    }

    /// Sum of squared deviations from the mean of the values held (never negative).
    public var squaredDeviations: Double {
        max(0, (sumOfSquares - sum.squared.divided(by: Double(window.count))).value)
    }
}
