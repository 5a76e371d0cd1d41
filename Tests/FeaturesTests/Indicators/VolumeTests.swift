@testable import Features
import ArenaTesting
import Testing

@Suite(.cpuBound) struct VolumeTests {
    /// Starts at the first volume; up adds, down subtracts, unchanged keeps.
    @Test func obvFollowsTheCloseDirection() {
        let input = bars([(10, 10, 10), (11, 11, 11), (11, 11, 11), (10.5, 10.5, 10.5), (12, 12, 12)], volumes: [5, 3, 2, 4, 1])
        expectSeries(series(OBV(), input), [5, 8, 8, 4, 5])
    }

    /// Typical prices 10 and 12 with volumes 1 and 3: (10 + 36)/4; a window without volume has no VWAP.
    @Test func vwapWeighsTypicalPriceByVolume() {
        let input = bars([(12, 9, 9), (14, 11, 11), (14, 11, 11), (14, 11, 11)], volumes: [1, 3, 0, 0])
        expectSeries(series(RollingVWAP(period: 2), input), [nil, 11.5, 12, nil])
    }

    @Test func vwapMatchesBruteForceAfterManyBars() {
        let walk = randomWalk(30_000, seed: 3)
        var vwap = RollingVWAP(period: 20)
        for bar in walk { vwap.update(bar) }
        let last = walk.suffix(20)
        let expected = last.reduce(0.0) { $0 + $1.typicalPrice * $1.volume } / last.reduce(0.0) { $0 + $1.volume }
        #expect(abs(vwap.value! - expected) <= 1e-12 * expected)
    }
}
