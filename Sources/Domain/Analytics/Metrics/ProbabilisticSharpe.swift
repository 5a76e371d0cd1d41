/// The probabilistic Sharpe ratio (Bailey & López de Prado, 2012): the probability that the true
/// per-period Sharpe ratio of a strategy exceeds a benchmark's, given the sample's length, skewness
/// and kurtosis.
///
///     PSR(SR*) = Φ( (SR − SR*) / σ̂(SR) ),  σ̂(SR) = √( (1 − γ₃·SR + (γ₄ − 1)/4 · SR²) / (n − 1) )
///
/// with SR the strategy's per-period Sharpe ratio, γ₃ its returns' skewness and γ₄ their kurtosis
/// (excess + 3), n the number of returns. With SR* = 0 this is quantstats'
/// `probabilistic_sharpe_ratio` (0.0.86), which uses pandas' bias-corrected moments; the same
/// moments are used here. The leaderboard uses SR* = the buy-and-hold baseline's per-period Sharpe
/// ratio over the same span, so a reader sees whether a lead over simply holding means anything.
public enum ProbabilisticSharpe {
    /// PSR of `metrics` against a benchmark per-period Sharpe ratio; nil when undefined (fewer than
    /// four returns, a constant series, or a variance estimate that is not positive).
    public static func ratio(_ metrics: ReturnMetrics, benchmarkPeriodSharpe: Double = 0) -> Double? {
        let sharpe = metrics.periodSharpe
        guard metrics.periods >= 4, sharpe.isFinite, benchmarkPeriodSharpe.isFinite,
              metrics.skewness.isFinite, metrics.excessKurtosis.isFinite
        else { return nil }
        let kurtosis = metrics.excessKurtosis + 3
        let variance = (1 - metrics.skewness * sharpe + (kurtosis - 1) / 4 * sharpe * sharpe) / Double(metrics.periods - 1)
        guard variance > 0 else { return nil }
        return Moments.normalCDF((sharpe - benchmarkPeriodSharpe) / variance.squareRoot())
    }
}
