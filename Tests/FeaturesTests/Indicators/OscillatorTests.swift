@testable import Features
import ArenaTesting
import Testing

@Suite(.cpuBound) struct OscillatorTests {
    /// Changes +1, −0.5, +1.5, 0: seed means 0.5 / 0.25, then Wilder smoothing with n = 2.
    @Test func rsiSeedsWithMeansThenSmooths() {
        expectSeries(series(RSI(period: 2), closes([10, 11, 10.5, 12, 12])), [nil, nil, 200.0 / 3, 800.0 / 9, 800.0 / 9])
    }

    @Test func rsiOfAFlatSeriesIsZero() {
        expectSeries(series(RSI(period: 2), closes([5, 5, 5, 5])), [nil, nil, 0, 0])
    }

    /// Fast %K over 3 bars with no smoothing: 100·(11.5 − 8)/(12 − 8), then 100·(10 − 9)/(12 − 9).
    @Test func fastStochasticWithoutSmoothing() {
        let input = bars([(10, 8, 9), (11, 9, 10), (12, 9.5, 11.5), (11, 10, 10)])
        let values = series(Stochastic(fastK: 3, slowK: 1, slowD: 1), input)
        expectSeries(values.map { $0?.k }, [nil, nil, 87.5, 100.0 / 3])
        expectSeries(values.map { $0?.d }, [nil, nil, 87.5, 100.0 / 3])
    }

    /// TA-Lib's STOCH(3, 2, SMA, 2, SMA) on these bars; both lines start together at bar 3 + 2 + 2 − 3.
    @Test func slowStochasticMatchesTALib() {
        let values = series(Stochastic(fastK: 3, slowK: 2, slowD: 2), ADXTests.sample)
        expectSeries(values.map { $0?.k }, [nil, nil, nil, nil, 67.85714286, 67.85714286, 35, 52.85714286], tolerance: 1e-9)
        expectSeries(values.map { $0?.d }, [nil, nil, nil, nil, 68.30357143, 67.85714286, 51.42857143, 43.92857143], tolerance: 1e-9)
    }

    /// A range of 0 (high = low over the window) gives %K 0, not a division by zero.
    @Test func stochasticOfAFlatWindowIsZero() {
        let values = series(Stochastic(fastK: 2, slowK: 1, slowD: 1), closes([3, 3, 3]))
        expectSeries(values.map { $0?.k }, [nil, 0, 0])
    }
}
