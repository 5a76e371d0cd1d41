/// Sample statistics with the conventions of pandas (and so quantstats and empyrical): the
/// standard deviation with n − 1, and the bias-corrected skewness and excess kurtosis of
/// `Series.skew()` and `Series.kurt()`.
enum Moments {
    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// Standard deviation with Bessel's correction (ddof = 1); NaN below two values.
    static func sampleStandardDeviation(_ values: [Double]) -> Double {
        guard values.count >= 2 else { return .nan }
        let average = mean(values)
        let squares = values.reduce(0) { $0 + ($1 - average) * ($1 - average) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// The adjusted Fisher–Pearson skewness G₁ (pandas `skew`); NaN below three values, 0 for a
    /// constant series.
    static func skewness(_ values: [Double]) -> Double {
        let n = Double(values.count)
        guard values.count >= 3 else { return .nan }
        let (m2, m3, _) = centralSums(values)
        guard m2 > 0 else { return 0 }
        return (n * (n - 1).squareRoot() / (n - 2)) * m3 / (m2 * m2.squareRoot())
    }

    /// The bias-corrected excess kurtosis G₂ (pandas `kurt`); NaN below four values, 0 for a
    /// constant series.
    static func excessKurtosis(_ values: [Double]) -> Double {
        let n = Double(values.count)
        guard values.count >= 4 else { return .nan }
        let (m2, _, m4) = centralSums(values)
        guard m2 > 0 else { return 0 }
        let first = n * (n + 1) * (n - 1) * m4 / ((n - 2) * (n - 3) * m2 * m2)
        return first - 3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3))
    }

    /// Sums of the squared, cubed and fourth-power deviations from the mean.
    private static func centralSums(_ values: [Double]) -> (Double, Double, Double) {
        let average = mean(values)
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        for value in values {
            let d = value - average, d2 = d * d
            m2 += d2
            m3 += d2 * d
            m4 += d2 * d2
        }
        return (m2, m3, m4)
    }

    /// The standard normal cumulative distribution Φ(x).
    static func normalCDF(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
