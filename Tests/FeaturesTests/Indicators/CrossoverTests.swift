@testable import Features
import ArenaTesting
import Testing

/// `emacross:F:S`: +1 on the bar where EMA(F) rises above EMA(S), −1 where it falls below, 0
/// otherwise, nil until both EMAs had a value on the bar before.
@Suite(.cpuBound) struct CrossoverTests {
    /// EMA(2) and EMA(3), by hand (k = 2/3 and 1/2, seeded by the SMA):
    /// closes 1 2 3 | 1 1 5
    /// EMA2   – 1.5 2.5 | 1.5 1.1667 3.7222
    /// EMA3   – – 2 | 1.5 1.25 3.125
    /// gap    – – 0.5 | 0 −0.0833 0.5972
    /// cross  – – – | −1 (0 after 0.5 > 0 → 0 ≤ 0? no: gap 0 is not < 0) …
    @Test func crossesAreReadAtTheBarWhereTheGapChangesSign() {
        let values = series(EMACross(fast: 2, slow: 3), closes([1, 2, 3, 1, 1, 5, 5, 1]))
        // Bar 3 (gap 0 after 0.5): not a cross down (it needs fast < slow); bar 4 (gap < 0 after 0): a
        // cross down (after fast ≥ slow); bar 5 (gap > 0 after < 0): a cross up.
        #expect(values[0] == nil && values[1] == nil && values[2] == nil)
        #expect(values[3] == 0)
        #expect(values[4] == -1)
        #expect(values[5] == 1)
        #expect(values[6] == 0)
        #expect(values[7] == -1)
    }

    /// On a long random walk the reading equals a cross computed from two separate EMAs.
    @Test func itEqualsTheCrossOfTwoEMAsOnARandomWalk() {
        let walk = randomWalk(20_000, seed: 11)
        var cross = EMACross(fast: 9, slow: 21), fast = EMA(period: 9), slow = EMA(period: 21)
        var previous: Double?, crossings = 0
        for bar in walk {
            cross.update(bar)
            fast.update(bar)
            slow.update(bar)
            guard let f = fast.value, let s = slow.value else { #expect(cross.value == nil); continue }
            let gap = f - s
            defer { previous = gap }
            guard let p = previous else { #expect(cross.value == nil); continue }
            let expected: Double = gap > 0 && p <= 0 ? 1 : gap < 0 && p >= 0 ? -1 : 0
            #expect(cross.value == expected)
            if expected != 0 { crossings += 1 }
        }
        #expect(crossings > 100)
    }

    @Test func theItemNamesItsColumnAndRefusesBadPeriods() throws {
        let spec = try IndicatorSpec.parse("emacross:9:21")
        #expect(spec.columns == ["emacross_9_21"])
        #expect(spec.kind == .emaCross(fast: 9, slow: 21))
        #expect(throws: IndicatorSpecError.self) { try IndicatorSpec.parse("emacross:21:9") }
        #expect(throws: IndicatorSpecError.self) { try IndicatorSpec.parse("emacross:9") }
        var set = try IndicatorSet(parsing: "emacross:2:3,ema:2")
        for bar in closes([1, 2, 3, 1, 1]) { set.update(bar) }
        #expect(set.value(at: 0) == -1)
    }
}
