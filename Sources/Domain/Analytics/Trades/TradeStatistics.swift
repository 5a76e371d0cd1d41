import ArenaCore

/// The trade-based metrics of spec §8 over a model's closed round trips.
public struct TradeStatistics: Sendable, Hashable, Codable {
    public var trades: Int
    public var wins: Int
    public var losses: Int
    /// Wins over trades (net of fees); nil without trades.
    public var winRate: Double?
    /// Sum of winning net PnL over the magnitude of losing net PnL; nil without a loss.
    public var profitFactor: Double?
    /// Average win over the magnitude of the average loss; nil without both.
    public var payoffRatio: Double?
    /// Mean holding time in seconds; nil without trades.
    public var averageHoldingSeconds: Double?
    public var grossPnL: FixedDecimal
    public var fees: FixedDecimal
    public var netPnL: FixedDecimal
    /// Fees as a share of the gross PnL's magnitude; nil when the gross PnL is zero.
    public var feeShareOfGross: Double?
    /// Sum of the trades' results in R before and after fees, over the trades whose initial risk
    /// is known (the order-flow scorer's bracket stops): seed 003's "+12R gross, −97R net".
    public var grossR: Double?
    public var netR: Double?
    public var tradesWithR: Int

    /// The statistics of `trips`.
    public init(_ trips: [RoundTrip]) {
        trades = trips.count
        let results = trips.map(\.netPnL)
        let winning = results.filter(\.isPositive), losing = results.filter(\.isNegative)
        wins = winning.count
        losses = losing.count
        winRate = trips.isEmpty ? nil : Double(wins) / Double(trades)
        let won = winning.reduce(FixedDecimal.zero, +), lost = losing.reduce(FixedDecimal.zero, +).magnitude
        profitFactor = lost.isZero ? nil : won.doubleValue / lost.doubleValue
        payoffRatio = winning.isEmpty || losing.isEmpty
            ? nil : (won.doubleValue / Double(winning.count)) / (lost.doubleValue / Double(losing.count))
        averageHoldingSeconds = trips.isEmpty ? nil : trips.reduce(0) { $0 + $1.holdingSeconds } / Double(trades)
        grossPnL = trips.reduce(.zero) { $0 + $1.grossPnL }
        fees = trips.reduce(.zero) { $0 + $1.fees }
        netPnL = grossPnL - fees
        feeShareOfGross = grossPnL.isZero ? nil : fees.doubleValue / grossPnL.magnitude.doubleValue
        let measured = trips.filter { $0.grossR != nil }
        tradesWithR = measured.count
        grossR = measured.isEmpty ? nil : measured.reduce(0) { $0 + ($1.grossR ?? 0) }
        netR = measured.isEmpty ? nil : measured.reduce(0) { $0 + ($1.netR ?? 0) }
    }
}
