/// The JSON object `arena metrics` prints, keys in a fixed order, numbers in their shortest
/// round-trip form, undefined values as null.
public enum MetricsJSON {
    /// The metrics as one JSON object.
    public static func render(_ metrics: ReturnMetrics) -> String {
        let fields: [(String, String)] = [
            ("total_return", number(metrics.totalReturn)), ("cagr", number(metrics.cagr)),
            ("volatility", number(metrics.volatility)), ("sharpe", number(metrics.sharpe)),
            ("sortino", number(metrics.sortino)), ("max_drawdown", number(metrics.maxDrawdown)),
            ("calmar", number(metrics.calmar)), ("best_period", number(metrics.bestPeriod)),
            ("worst_period", number(metrics.worstPeriod)), ("periods", String(metrics.periods)),
            ("periods_per_year", number(metrics.periodsPerYear)),
            ("probabilistic_sharpe_ratio", ProbabilisticSharpe.ratio(metrics).map(number) ?? "null"),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// A finite number in its shortest round-trip form, else null.
    public static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }
}
