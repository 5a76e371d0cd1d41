@testable import Features
import ArenaTesting
import Testing

@Suite(.cpuBound) struct MovingAverageTests {
    @Test func smaIsTheMeanOfTheLastNCloses() {
        expectSeries(series(SMA(period: 3), closes([1, 2, 3, 4, 10])), [nil, nil, 2, 3, 17.0 / 3])
    }

    /// k = 2/(3+1) = 0.5, seeded with the mean of the first three closes.
    @Test func emaIsSeededWithTheSMAOfTheFirstN() {
        expectSeries(series(EMA(period: 3), closes([2, 4, 6, 8, 4])), [nil, nil, 4, 6, 5])
    }

    /// Weights 1, 2, 3 over 6.
    @Test func wmaWeighsTheNewestMost() {
        expectSeries(series(WMA(period: 3), closes([1, 2, 3, 4, 10])), [nil, nil, 14.0 / 6, 20.0 / 6, 41.0 / 6])
    }

    /// The running sums stay exact enough over a long walk: equal to a recomputation from the window.
    @Test func wmaAndSMAMatchRecomputationAfterManyBars() {
        let walk = randomWalk(50_000, seed: 7)
        var wma = WMA(period: 9), sma = SMA(period: 9)
        for bar in walk {
            wma.update(bar)
            sma.update(bar)
        }
        let last = walk.suffix(9).map(\.close)
        let weighted = zip(last, 1...9).reduce(0.0) { $0 + $1.0 * Double($1.1) } / 45
        #expect(abs(wma.value! - weighted) <= 1e-12 * weighted)
        #expect(abs(sma.value! - last.reduce(0, +) / 9) <= 1e-9 * weighted)
    }
}
