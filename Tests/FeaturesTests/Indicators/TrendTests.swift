@testable import Features
import ArenaTesting
import Testing

@Suite(.cpuBound) struct ADXTests {
    static let sample = bars([
        (10, 8, 9), (11, 9, 10), (12, 9.5, 11.5), (11.5, 10, 10.5),
        (13, 11, 12.5), (12.5, 11, 11.5), (12, 10.5, 11), (14, 12, 13.5),
    ])

    /// TA-Lib's ADX, PLUS_DI and MINUS_DI (period 2) on the same bars: DIs from bar n, ADX from bar 2n − 1.
    @Test func adxAndDIsMatchTALib() {
        var adx = ADX(period: 2)
        var values: [ADX.Value?] = [], plus: [Double?] = [], minus: [Double?] = []
        for bar in Self.sample {
            adx.update(bar)
            values.append(adx.value)
            plus.append(adx.directional?.plus)
            minus.append(adx.directional?.minus)
        }
        expectSeries(values.map { $0?.adx }, [nil, nil, nil, 100, 100, 100, 51.61290323, 65.74355853], tolerance: 1e-9)
        expectSeries(plus, [nil, nil, 42.85714286, 23.07692308, 45.45454545, 26.31578947, 14.28571429, 48.14814815], tolerance: 1e-9)
        expectSeries(minus, [nil, nil, 0, 0, 0, 0, 15.23809524, 5.38720539], tolerance: 1e-9)
    }
}

@Suite(.cpuBound) struct MACDTests {
    /// MACD(2, 3, 2): the slow EMA seeds at bar 2 with 2; the fast one, started at bar 1, seeds with (2+3)/2;
    /// the signal seeds with the mean of the first two MACD values; all three appear at bar 3.
    @Test func macdAlignsTheFastEMAAndSeedsTheSignal() {
        let values = series(MACD(fast: 2, slow: 3, signal: 2), closes([1, 2, 3, 5, 8, 13]))
        expectSeries(values.map { $0?.macd }, [nil, nil, nil, 2.0 / 3, 35.0 / 36, 1.53240741], tolerance: 1e-8)
        expectSeries(values.map { $0?.signal }, [nil, nil, nil, 7.0 / 12, 0.84259259, 1.30246914], tolerance: 1e-8)
        expectSeries(values.map { $0?.histogram }, [nil, nil, nil, 1.0 / 12, 0.12962963, 0.22993827], tolerance: 1e-8)
    }
}
