/// One point of an equity (NAV) curve: market time in milliseconds since the epoch, and the value.
public struct EquityPoint: Sendable, Hashable, Codable {
    public var timeMilliseconds: Int64
    public var equity: Double

    public init(timeMilliseconds: Int64, equity: Double) {
        self.timeMilliseconds = timeMilliseconds
        self.equity = equity
    }
}

/// Why an equity series cannot be measured.
public enum EquitySeriesError: Error, Equatable, CustomStringConvertible {
    case tooShort(points: Int)
    case notIncreasingTime(index: Int)
    case nonPositiveEquity(index: Int, value: Double)
    case notFinite(index: Int)
    case invalidPeriodsPerYear(Double)

    public var description: String {
        switch self {
        case .tooShort(let points): "an equity series needs at least 2 points to have a return, got \(points)"
        case .notIncreasingTime(let index): "point \(index): timestamps must strictly increase"
        case .nonPositiveEquity(let index, let value): "point \(index): equity must be positive, got \(value)"
        case .notFinite(let index): "point \(index): equity is not a finite number"
        case .invalidPeriodsPerYear(let value): "periods per year must be positive and finite, got \(value)"
        }
    }
}

/// A validated equity curve, oldest first, and its simple returns.
///
/// Returns are `eᵢ / eᵢ₋₁ − 1`, one per step, as `pandas.Series.pct_change()` computes them; a
/// series of n points has n − 1 returns ("periods").
public struct EquitySeries: Sendable, Hashable {
    public let points: [EquityPoint]
    public let returns: [Double]

    /// Validates `points`: at least two, strictly increasing times, positive finite equity.
    public init(_ points: [EquityPoint]) throws(EquitySeriesError) {
        guard points.count >= 2 else { throw .tooShort(points: points.count) }
        for (index, point) in points.enumerated() {
            guard point.equity.isFinite else { throw .notFinite(index: index) }
            guard point.equity > 0 else { throw .nonPositiveEquity(index: index, value: point.equity) }
            if index > 0, point.timeMilliseconds <= points[index - 1].timeMilliseconds { throw .notIncreasingTime(index: index) }
        }
        self.points = points
        returns = zip(points.dropFirst(), points).map { $0.equity / $1.equity - 1 }
    }

    /// Milliseconds in a 365-day year: crypto trades every day of the year.
    public static let yearMilliseconds: Double = 365 * 86_400_000

    /// Periods per year implied by the series' own frequency: a 365-day year over the median
    /// spacing of its points (1-minute points → 525,600; daily → 365). The median ignores the odd
    /// gap or duplicate-free burst, so one missing bar does not change the annualisation.
    public var inferredPeriodsPerYear: Double {
        var gaps = zip(points.dropFirst(), points).map { $0.timeMilliseconds - $1.timeMilliseconds }
        gaps.sort()
        let middle = gaps.count / 2
        let median = gaps.count % 2 == 1 ? Double(gaps[middle]) : (Double(gaps[middle - 1]) + Double(gaps[middle])) / 2
        return Self.yearMilliseconds / median
    }
}

extension Array where Element == EquityPoint {
    /// Appends `point` to a curve kept oldest first: a point at the last point's time replaces it
    /// (a later value at the same instant supersedes), an older one is ignored. Returns the time
    /// the curve advanced by, when it advanced.
    @discardableResult
    public mutating func appendLatest(_ point: EquityPoint) -> Int64? {
        guard let last else {
            append(point)
            return nil
        }
        guard point.timeMilliseconds >= last.timeMilliseconds else { return nil }
        if point.timeMilliseconds == last.timeMilliseconds {
            self[count - 1] = point
            return nil
        }
        append(point)
        return point.timeMilliseconds - last.timeMilliseconds
    }
}

extension Array where Element == EquityPoint {
    /// This curve sampled on `grid`'s times from the first grid time it covers on: at each grid
    /// time, the curve's last value at or before it. Two curves compared period by period (the
    /// probabilistic Sharpe ratio against buy-and-hold) must share their periods.
    public func sampled(on grid: [EquityPoint]) -> [EquityPoint] {
        var out: [EquityPoint] = []
        out.reserveCapacity(grid.count)
        var index = 0
        var current: Double?
        for point in grid {
            while index < count, self[index].timeMilliseconds <= point.timeMilliseconds {
                current = self[index].equity
                index += 1
            }
            if let current { out.append(EquityPoint(timeMilliseconds: point.timeMilliseconds, equity: current)) }
        }
        return out
    }
}
