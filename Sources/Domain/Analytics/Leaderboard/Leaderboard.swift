import ArenaCore

/// One row of the leaderboard: a model or a baseline, its return metrics over its NAV curve, and
/// what a reader needs to judge them.
public struct LeaderboardRow: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable { case model, buyAndHold = "buy_and_hold", cash }

    public var id: String
    public var kind: Kind
    public var nav: Double?
    public var returnMetrics: ReturnMetrics?
    public var trades: TradeStatistics?
    /// The probability that the row's true Sharpe ratio exceeds buy-and-hold's over the same span.
    public var probabilisticSharpeVsBuyAndHold: Double?
    /// API cost in USD and the return after it (cost as a share of capital taken off the return).
    public var apiCost: Double?
    public var returnAfterCost: Double?
    public var decisions: Int
    public var timeouts: Int
    public var invalidReplies: Int
    public var riskRejects: Int
    public var averageConfidence: Double?
    public var latencyP50Milliseconds: Int64?
    public var latencyP99Milliseconds: Int64?
    public var exposure: Double?
    /// The day's return: NAV now over the NAV at the start of the current UTC day.
    public var dayReturn: Double?
}

/// The sample behind the leaderboard: without it a lead cannot be judged.
public struct SampleSize: Sendable, Hashable, Codable {
    public var days: Double
    public var trades: Int
    public var decisions: Int
}

/// Every model plus the buy-and-hold and cash baselines, best total return first.
public struct Leaderboard: Sendable, Hashable, Codable {
    public var rows: [LeaderboardRow]
    public var sample: SampleSize
    /// The symbol the buy-and-hold baseline holds.
    public var benchmarkSymbol: String?
    public var note: String

    /// The row (and NAV curve) id of the buy-and-hold baseline of `symbol`.
    public static func buyAndHoldID(_ symbol: Symbol) -> String { "\(buyAndHoldPrefix)\(symbol)" }
    /// The symbol of a buy-and-hold baseline's id, nil for any other id.
    public static func buyAndHoldSymbol(_ id: String) -> Symbol? {
        id.hasPrefix(buyAndHoldPrefix) ? try? Symbol(String(id.dropFirst(buyAndHoldPrefix.count))) : nil
    }

    private static let buyAndHoldPrefix = "buy_and_hold:"
}

extension ArenaBook {
    /// The leaderboard now. The buy-and-hold baseline is the first symbol (by name) with bars;
    /// every row's metrics use the same annualisation (the models' NAV frequency).
    public func leaderboard() -> Leaderboard {
        let benchmarkSymbol = buyAndHold.keys.sorted().first
        let benchmarkCurve = benchmarkSymbol.flatMap { buyAndHold[$0] } ?? []
        var rows = models.keys.sorted().map { id in modelRow(models[id]!, grid: benchmarkCurve) }
        if let benchmarkSymbol {
            rows.append(baselineRow(id: Leaderboard.buyAndHoldID(benchmarkSymbol), kind: .buyAndHold, curve: benchmarkCurve, grid: benchmarkCurve))
            let cash = [benchmarkCurve.first, benchmarkCurve.last].compactMap { $0 }.map { EquityPoint(timeMilliseconds: $0.timeMilliseconds, equity: capital.doubleValue) }
            rows.append(baselineRow(id: "cash", kind: .cash, curve: cash, grid: benchmarkCurve))
        }
        rows.sort { ($0.returnMetrics?.totalReturn ?? 0, $1.id) > ($1.returnMetrics?.totalReturn ?? 0, $0.id) }
        let span = benchmarkCurve.count >= 2 ? Double(benchmarkCurve.last!.timeMilliseconds - benchmarkCurve.first!.timeMilliseconds) : 0
        let sample = SampleSize(
            days: span / 86_400_000, trades: models.values.reduce(0) { $0 + $1.trips.count },
            decisions: models.values.reduce(0) { $0 + $1.decisions }
        )
        return Leaderboard(
            rows: rows, sample: sample, benchmarkSymbol: benchmarkSymbol?.value,
            note: Self.note(sample)
        )
    }

    static func note(_ sample: SampleSize) -> String {
        let days = (sample.days * 10).rounded() / 10
        let caution = sample.days < 30 || sample.trades < 100
            ? " Too small a sample to rank models with confidence: read the probabilistic Sharpe ratio, not the order."
            : ""
        return "\(days) days, \(sample.trades) closed trades, \(sample.decisions) decisions.\(caution)"
    }

    static func metrics(_ curve: [EquityPoint]) -> ReturnMetrics? {
        guard let series = try? EquitySeries(curve) else { return nil }
        return try? ReturnMetrics(series)
    }

    /// The probabilistic Sharpe ratio of `curve` against buy-and-hold, both on the benchmark's
    /// periods over the span they share.
    static func probabilisticSharpe(_ curve: [EquityPoint], against grid: [EquityPoint]) -> Double? {
        let aligned = curve.sampled(on: grid)
        guard let first = aligned.first, let own = metrics(aligned),
              let benchmark = metrics(grid.filter { $0.timeMilliseconds >= first.timeMilliseconds })
        else { return nil }
        return ProbabilisticSharpe.ratio(own, benchmarkPeriodSharpe: benchmark.periodSharpe.isFinite ? benchmark.periodSharpe : 0)
    }

    private func modelRow(_ record: ModelRecord, grid: [EquityPoint]) -> LeaderboardRow {
        let metrics = Self.metrics(record.nav)
        let cost = record.apiCost.doubleValue
        let decided = record.decisions - record.timeouts - record.failures - record.invalidReplies
        return LeaderboardRow(
            id: record.modelID.value, kind: .model, nav: record.nav.last?.equity, returnMetrics: metrics,
            trades: TradeStatistics(record.trips),
            probabilisticSharpeVsBuyAndHold: Self.probabilisticSharpe(record.nav, against: grid),
            apiCost: record.apiCost.isZero ? nil : cost,
            returnAfterCost: record.apiCost.isZero ? nil : metrics.map { $0.totalReturn - cost / capital.doubleValue },
            decisions: record.decisions, timeouts: record.timeouts, invalidReplies: record.invalidReplies, riskRejects: record.riskRejects,
            averageConfidence: decided > 0 ? record.confidenceSum / Double(decided) : nil,
            latencyP50Milliseconds: record.latencyPercentile(50), latencyP99Milliseconds: record.latencyPercentile(99),
            exposure: record.exposure, dayReturn: record.account.flatMap { account in
                account.dayStartNAV.isPositive ? account.nav.doubleValue / account.dayStartNAV.doubleValue - 1 : nil
            }
        )
    }

    private func baselineRow(id: String, kind: LeaderboardRow.Kind, curve: [EquityPoint], grid: [EquityPoint]) -> LeaderboardRow {
        let metrics = Self.metrics(curve)
        return LeaderboardRow(
            id: id, kind: kind, nav: curve.last?.equity, returnMetrics: metrics, trades: nil,
            probabilisticSharpeVsBuyAndHold: kind == .buyAndHold ? nil : Self.probabilisticSharpe(curve, against: grid),
            apiCost: nil, returnAfterCost: nil, decisions: 0, timeouts: 0, invalidReplies: 0, riskRejects: 0, averageConfidence: nil,
            latencyP50Milliseconds: nil, latencyP99Milliseconds: nil, exposure: kind == .cash ? 0 : 1, dayReturn: nil
        )
    }
}
