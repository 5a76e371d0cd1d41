import ArenaCore

/// How well predictions of a return track the realised return.
public enum PredictionMetrics {
    /// The information coefficient: Spearman's rank correlation of `predictions` and `labels`
    /// (the Pearson correlation of their ranks, ties given their average rank).
    /// 0 when either side is constant (a model that always says the same has no skill), or with under two rows.
    public static func informationCoefficient(_ predictions: [Double], _ labels: [Double]) -> Double {
        precondition(predictions.count == labels.count, "as many predictions as labels")
        guard predictions.count > 1 else { return 0 }
        let r = pearson(ranks(predictions), ranks(labels))
        return r.isFinite ? r : 0
    }

    /// The share of rows whose prediction has the sign of the label, over the rows with a non-zero
    /// label (a zero prediction never agrees). 0 with no such row.
    public static func hitRate(_ predictions: [Double], _ labels: [Double]) -> Double {
        precondition(predictions.count == labels.count, "as many predictions as labels")
        var hits = 0, counted = 0
        for (p, y) in zip(predictions, labels) where y != 0 {
            counted += 1
            if (p > 0 && y > 0) || (p < 0 && y < 0) { hits += 1 }
        }
        return counted > 0 ? Double(hits) / Double(counted) : 0
    }

    /// 1-based ranks in input order, ties sharing their average rank.
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for k in start...end { ranks[order[k]] = rank }
            start = end + 1
        }
        return ranks
    }

    static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : .nan
    }
}

/// The `mlp` policy's rule replayed on held-out rows, against buy-and-hold over the same span.
///
/// Per symbol, bar by bar through its rows in time order: at the close of each
/// row's bar the prediction decides, as ``MLPPolicy`` does on spot: flat → long
/// when it exceeds `entry`; long → flat when it falls below `exit`; otherwise
/// the position is kept. A long earns close[next row] / close[row] (so a gap in
/// the rows is held through). Each entry and each exit costs `fee` of the
/// equity; a position still open at the last row is closed there and pays its
/// exit. Buy-and-hold buys at the first row's close and sells at the last's,
/// paying the same fee on both sides. Returns are simple (final equity − 1).
public struct PolicyBacktest: Sendable, Hashable {
    public struct SymbolResult: Sendable, Hashable {
        public var symbol: Symbol
        public var policyReturn: Double, buyAndHoldReturn: Double
        /// Entries made, and the bar steps spent long out of all steps.
        public var entries: Int, barsLong: Int, bars: Int
    }

    public var symbols: [SymbolResult]
    public var entry: Double, exit: Double, fee: Double

    /// The equal-weight mean over symbols of the policy's return and of buy-and-hold's.
    public var policyReturn: Double { symbols.map(\.policyReturn).reduce(0, +) / Double(max(symbols.count, 1)) }
    public var buyAndHoldReturn: Double { symbols.map(\.buyAndHoldReturn).reduce(0, +) / Double(max(symbols.count, 1)) }

    /// Replays `rows` (time order) with their `predictions`, thresholds and fee as fractions (10 bp = 0.001).
    public init(rows: [FeatureRow], predictions: [Double], entry: Double, exit: Double, fee: Double) {
        precondition(rows.count == predictions.count, "a prediction per row")
        self.entry = entry
        self.exit = exit
        self.fee = fee
        var order: [Symbol] = []
        var bySymbol: [Symbol: [(close: Double, prediction: Double)]] = [:]
        for (row, p) in zip(rows, predictions) {
            if bySymbol[row.symbol] == nil { order.append(row.symbol) }
            bySymbol[row.symbol, default: []].append((row.close, p))
        }
        symbols = order.map { symbol in
            let steps = bySymbol[symbol]!
            var equity = 1.0, long = false, entries = 0, barsLong = 0
            for (i, step) in steps.enumerated() {
                let isLast = i == steps.count - 1
                let wantsLong = isLast ? false : long ? step.prediction >= exit : step.prediction > entry
                if wantsLong != long {
                    equity *= 1 - fee
                    if wantsLong { entries += 1 }
                    long = wantsLong
                }
                if long {
                    equity *= steps[i + 1].close / step.close
                    barsLong += 1
                }
            }
            let hold = (1 - fee) * (1 - fee) * steps[steps.count - 1].close / steps[0].close - 1
            return SymbolResult(symbol: symbol, policyReturn: equity - 1, buyAndHoldReturn: hold, entries: entries, barsLong: barsLong, bars: steps.count - 1)
        }
    }
}
