@testable import Features
import ArenaTesting
import Testing

@Suite(.cpuBound) struct SupportStructureTests {
    /// The deque's maximum and minimum equal a scan of the window at every step.
    @Test func rollingExtremaMatchAScan() {
        let values = randomWalk(5_000, seed: 5).map(\.close)
        for period in [1, 2, 7, 30] {
            var high = RollingExtremum(period: period, kind: .maximum), low = RollingExtremum(period: period, kind: .minimum)
            for i in values.indices {
                high.push(values[i])
                low.push(values[i])
                let window = values[max(0, i - period + 1)...i]
                #expect(high.value == window.max() && low.value == window.min(), "period \(period), value \(i)")
                #expect(high.isFull == (i >= period - 1))
            }
        }
    }

    /// Adding and removing the same values leaves no residue, where plain Double sums would.
    @Test func doubleDoubleSubtractsWithoutResidue() {
        var sum = DoubleDouble.zero
        let values = [1e8, 0.1, 3.3, 1e-7, 7.77]
        for v in values { sum = sum + DoubleDouble.product(v, v) }
        for v in values.dropFirst() { sum = sum - DoubleDouble.product(v, v) }
        #expect(sum.value == 1e16)
    }

    @Test func rollingMomentsOfAFlatWindowAreZero() {
        var m = RollingMoments(period: 4)
        for x in [1789.52, 1790.01, 1788.3, 1789.52, 1789.52, 1789.52, 1789.52] { m.push(x) }
        #expect(m.squaredDeviations == 0)
    }
}

@Suite(.cpuBound) struct IndicatorSpecTests {
    @Test func columnsAreNamedFromNameAndParameters() throws {
        let set = try IndicatorSet(parsing: "ema:21, rsi:14,bbands:20:2,macd:12:26:9,adx:14,stoch:14:3:3,obv,atrpct:14:100,rvol:30:525600")
        #expect(set.columns == [
            "ema_21", "rsi_14", "bbands_20_2_upper", "bbands_20_2_middle", "bbands_20_2_lower",
            "macd_12_26_9_macd", "macd_12_26_9_signal", "macd_12_26_9_hist", "adx_14", "plus_di_14", "minus_di_14",
            "stoch_14_3_3_k", "stoch_14_3_3_d", "obv", "atrpct_14_100", "rvol_30_525600",
        ])
        #expect(set.specs[2].kind == .bollinger(period: 20, deviations: 2))
        #expect(set.specs[8].kind == .realisedVolatility(period: 30, periodsPerYear: 525_600))
    }

    @Test(arguments: [
        ("", IndicatorSpecError.empty),
        ("ema:21,,rsi:14", .emptyItem(list: "ema:21,,rsi:14")),
        ("ema:21,foo:3", .unknownIndicator(item: "foo:3", name: "foo")),
        ("ema", .parameterCount(item: "ema", expected: "1", got: 0)),
        ("obv:3", .parameterCount(item: "obv:3", expected: "0", got: 1)),
        ("rvol:1:2:3", .parameterCount(item: "rvol:1:2:3", expected: "1 to 2", got: 3)),
        ("ema:x", .badParameter(item: "ema:x", parameter: "x", reason: "is not a whole number")),
        ("sma:1", .badParameter(item: "sma:1", parameter: "1", reason: "must be at least 2")),
        ("bbands:20:-2", .badParameter(item: "bbands:20:-2", parameter: "-2", reason: "must be positive")),
        ("macd:26:12:9", .badParameter(item: "macd:26:12:9", parameter: "26", reason: "the fast period must be shorter than the slow one")),
        ("ema:9,ema:9", .duplicateColumn(item: "ema:9", column: "ema_9")),
    ])
    func badListsAreRefusedNamingTheItem(list: String, expected: IndicatorSpecError) {
        #expect(throws: expected) { try IndicatorSpec.parseList(list) }
    }

    /// The set's row is each indicator's own value, NaN (nil through value(at:)) during warm-up.
    @Test func setRowsEqualTheIndicatorsFedAlone() throws {
        var set = try IndicatorSet(parsing: "sma:3,macd:2:3:2,obv")
        var sma = SMA(period: 3), macd = MACD(fast: 2, slow: 3, signal: 2), obv = OBV()
        for bar in randomWalk(40, seed: 9) {
            set.update(bar)
            sma.update(bar)
            macd.update(bar)
            obv.update(bar)
            #expect(set.value(at: 0) == sma.value)
            #expect(set.value(at: 1) == macd.value?.macd && set.value(at: 3) == macd.value?.histogram)
            #expect(set.value(at: 4) == obv.value)
        }
    }
}
