import Foundation
import ArenaCore
import ArenaTesting
import Testing
@testable import Features

/// The streaming percentile against the exact nearest-rank percentile, within the stated bound.
@Suite(.cpuBound) struct NotionalQuantileTests {
    let scale = NotionalScale.usd

    /// Every edge is its own bucket's lower edge, one unit below it falls in the bucket before,
    /// and consecutive edges never grow by more than 1 + ε (the bound's premise).
    @Test func edgesAreExactAndAtMostOnePercentApart() {
        let e = scale.lowerEdges
        #expect(e[0] == .zero && e[1] == FixedDecimal(raw: 10_000_000_000) && e.count > 3_000)
        for i in 1..<e.count {
            #expect(scale.bucket(e[i]) == i)
            #expect(scale.bucket(FixedDecimal(raw: e[i].raw - 1)) == i - 1)
            if i >= 2 { #expect(e[i] <= e[i - 1] * FixedDecimal(raw: 1_010_000_000_000) && e[i] > e[i - 1]) }
        }
    }

    /// Checks `percentile` for p = 1…100 on `values` (one hour) against the exact one.
    func check(_ values: [FixedDecimal]) {
        var window = NotionalQuantileWindow(scale: scale)
        for v in values { window.add(bucket: scale.bucket(v)) }
        let sorted = values.sorted()
        for p in 1...100 {
            let exact = sorted[nearestRank(percent: p, count: sorted.count) - 1]
            guard let reported = window.percentile(p) else { Issue.record("no percentile"); return }
            #expect(reported <= exact)
            if reported.isZero { #expect(exact < scale.lowerEdges[1]) }
            else { #expect(exact < reported * FixedDecimal(raw: 1_010_000_000_000), "p\(p): \(reported) vs \(exact)") }
        }
    }

    /// Generated: log-uniform over $0.001…$10⁹, a Pareto tail, and values sitting exactly on edges.
    @Test func generatedDistributionsStayWithinTheBound() {
        var rng = SplitMix64(seed: 7)
        let logUniform = (0..<20_000).map { _ in FixedDecimal(raw: Int128(pow10(-3 + 12 * rng.uniform()) * 1e12)) }
        check(logUniform)
        let pareto = (0..<20_000).map { _ in FixedDecimal(raw: Int128(50 / pow(1 - rng.uniform(), 1 / 1.1) * 1e12)) }
        check(pareto)
        check((0..<5_000).map { scale.lowerEdges[100 + $0 % 1_500] })
        check([FixedDecimal(raw: 1)])  // one trade below e₀
    }

    /// Real notionals of every hftbacktest capture (spot and USDⓈ-M, BTC and ETH).
    @Test(.requires(RealTrades.requirement))
    func realCaptureNotionalsStayWithinTheBound() throws {
        for name in ["spot_btcusdt_20240808", "spot_ethusdt_20240809", "usdm_btcusdt_20240719", "usdm_ethusdt_20240808"] {
            check(try RealTrades.capture(name).map(\.notional))
        }
    }

    /// Hours leave the window as the clock moves; counts stay exact.
    @Test func hoursRollOutOfTheWindow() {
        var window = NotionalQuantileWindow(scale: scale, hours: 3)
        window.add(bucket: scale.bucket(1_000))
        window.advance(hours: 1)
        window.add(bucket: scale.bucket(10))
        #expect(window.count == 2 && window.percentile(100) == scale.lowerEdges[scale.bucket(1_000)])
        window.advance(hours: 2)
        #expect(window.count == 1 && window.percentile(100) == scale.lowerEdges[scale.bucket(10)])
        window.advance(hours: 50)
        #expect(window.count == 0 && window.percentile(50) == nil)
    }
}

func pow10(_ x: Double) -> Double { pow(10, x) }
