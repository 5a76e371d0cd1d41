import ArenaTesting
import Foundation
@testable import Features
import Testing

@Suite(.cpuBound) struct VolatilityTests {
    static let ranges = bars([(10, 8, 9), (11, 9, 10), (12, 9.5, 11), (11.5, 10, 10.5)])

    /// True ranges 2, 2.5, 1.5 (the first bar has none): ATR(2) = 2.25, then (2.25 + 1.5)/2.
    @Test func atrSeedsWithTheMeanTrueRangeThenSmooths() {
        expectSeries(series(ATR(period: 2), Self.ranges), [nil, nil, 2.25, 1.875])
    }

    /// Population deviation of 1, 2, 3 is √(2/3); a flat window has width exactly 0.
    @Test func bollingerBandsUsePopulationDeviation() {
        let values = series(BollingerBands(period: 3, deviations: 2), closes([1, 2, 3, 5, 5, 5]))
        let sigma = (2.0 / 3).squareRoot()
        #expect(values[1] == nil)
        #expect(values[2]?.middle == 2)
        #expect(abs(values[2]!.upper - (2 + 2 * sigma)) <= 1e-12)
        #expect(abs(values[2]!.lower - (2 - 2 * sigma)) <= 1e-12)
        #expect(values[5] == BollingerBands.Value(upper: 5, middle: 5, lower: 5))
    }

    /// Returns ln 1.1, ln 0.9, ln 1.1: the sample deviation of two returns is |a − b|/√2; ×√4 annualised at 4 a year.
    @Test func realisedVolatilityIsTheSampleDeviationOfLogReturns() {
        let input = closes([100, 110, 99, 108.9])
        let perBar = abs(log(1.1) - log(0.9)) / 2.0.squareRoot()
        expectSeries(series(RealisedVolatility(period: 2), input), [nil, nil, perBar, perBar])
        expectSeries(series(RealisedVolatility(period: 2, periodsPerYear: 4), input), [nil, nil, 2 * perBar, 2 * perBar])
    }

    /// ATR(1) is the true range: 2, 3, 1, 3. Window 3: 1 ranks 1/3 (only itself ≤ 1); 3 ties with 3 and ranks 100.
    @Test func atrPercentileCountsValuesAtOrBelow() {
        let input = bars([(10, 9, 9.5), (11, 9, 10), (11, 8, 9), (10, 9, 9.5), (11, 8, 10)])
        expectSeries(series(ATRPercentile(atrPeriod: 1, window: 3), input), [nil, nil, nil, 100.0 / 3, 100])
    }

    /// Against a brute-force recomputation over a long walk with flat stretches.
    @Test func rollingStatisticsMatchBruteForce() {
        let walk = randomWalk(20_000, seed: 11)
        var vol = RealisedVolatility(period: 30), pct = ATRPercentile(atrPeriod: 14, window: 50), atr = ATR(period: 14)
        var atrs: [Double] = []
        for bar in walk {
            vol.update(bar)
            pct.update(bar)
            atr.update(bar)
            if let a = atr.value { atrs.append(a) }
        }
        let c = walk.suffix(31).map(\.close)
        let r = zip(c.dropFirst(), c).map { log($0 / $1) }
        let mean = r.reduce(0, +) / 30
        let sd = (r.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 29).squareRoot()
        #expect(abs(vol.value! - sd) <= 1e-12 * sd)
        let window = atrs.suffix(50)
        #expect(pct.value == 100 * Double(window.filter { $0 <= atrs.last! }.count) / 50)
    }
}
