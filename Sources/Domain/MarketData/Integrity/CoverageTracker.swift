import ArenaCore

/// What exists and what is missing for one symbol and timeframe: the span of
/// bars seen and the holes in it (spec §3, the coverage report).
///
/// Bars may arrive in any order: a bar inside a known hole (a repair) fills
/// it, splitting the hole when it lands in the middle; a bar seen twice is
/// counted once. Holes beyond ``maxHoles`` keep only the most recent ones, but
/// ``missingBars`` stays exact.
public struct CoverageTracker: Sendable {
    public let symbol: Symbol
    public let timeframe: Timeframe
    /// The most holes listed in a report.
    public let maxHoles: Int
    public private(set) var first: Timestamp?
    public private(set) var last: Timestamp?
    public private(set) var bars: Int64 = 0
    /// Holes, oldest first; each is a whole number of bars.
    private var holes: [TimeRange] = []
    private var droppedHoleBars: Int64 = 0

    public init(symbol: Symbol, timeframe: Timeframe, maxHoles: Int = 1_000) {
        self.symbol = symbol
        self.timeframe = timeframe
        self.maxHoles = maxHoles
    }

    /// What ``record(openTime:)`` learned.
    public enum Change: Sendable, Hashable {
        /// The bar extends or starts the span without a hole.
        case extended
        /// The bar extends the span past a hole of `range`.
        case opened(hole: TimeRange)
        /// The bar fills part of a hole.
        case filled
        /// The bar was already counted.
        case duplicate
    }

    /// Records the bar opening at `openTime` (aligned to the timeframe).
    @discardableResult
    public mutating func record(openTime: Timestamp) -> Change {
        let step = timeframe.nanoseconds
        guard let lo = first, let hi = last else {
            first = openTime
            last = openTime
            bars = 1
            return .extended
        }
        if openTime > hi {
            last = openTime
            bars += 1
            let expected = Timestamp(nanoseconds: hi.nanoseconds + step)
            guard openTime > expected else { return .extended }
            let hole = TimeRange(from: expected, to: openTime)
            appendHole(hole)
            return .opened(hole: hole)
        }
        if openTime < lo {
            first = openTime
            bars += 1
            let end = Timestamp(nanoseconds: openTime.nanoseconds + step)
            if end < lo { holes.insert(TimeRange(from: end, to: lo), at: 0) }
            return .extended
        }
        guard let i = holes.firstIndex(where: { $0.contains(openTime) }) else { return .duplicate }
        bars += 1
        let hole = holes[i]
        let after = Timestamp(nanoseconds: openTime.nanoseconds + step)
        var pieces: [TimeRange] = []
        if hole.from < openTime { pieces.append(TimeRange(from: hole.from, to: openTime)) }
        if after < hole.to { pieces.append(TimeRange(from: after, to: hole.to)) }
        holes.replaceSubrange(i...i, with: pieces)
        return .filled
    }

    /// Bars the span should hold but does not.
    public var missingBars: Int64 {
        holes.reduce(droppedHoleBars) { $0 + barsIn($1) }
    }

    /// The report entry.
    public var entry: CoverageEntry {
        CoverageEntry(
            symbol: symbol, timeframe: timeframe, first: first, last: last, bars: bars, missingBars: missingBars,
            missing: holes
        )
    }

    private func barsIn(_ range: TimeRange) -> Int64 {
        (range.to.nanoseconds - range.from.nanoseconds) / timeframe.nanoseconds
    }

    private mutating func appendHole(_ hole: TimeRange) {
        holes.append(hole)
        if holes.count > maxHoles {
            droppedHoleBars += barsIn(holes.removeFirst())
        }
    }
}
