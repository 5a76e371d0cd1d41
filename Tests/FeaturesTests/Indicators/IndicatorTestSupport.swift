@testable import Features
import Testing

/// Bars from (high, low, close) triples, open = close and the given volumes (1 when omitted).
func bars(_ hlc: [(Double, Double, Double)], volumes: [Double]? = nil) -> [BarPrices] {
    hlc.enumerated().map { i, t in
        BarPrices(open: t.2, high: t.0, low: t.1, close: t.2, volume: volumes?[i] ?? 1)
    }
}

/// Bars whose high, low and close are all `closes[i]`.
func closes(_ values: [Double]) -> [BarPrices] { bars(values.map { ($0, $0, $0) }) }

/// Feeds `input` and collects the value after each bar.
func series<I: Indicator>(_ indicator: I, _ input: [BarPrices]) -> [I.Value?] {
    var i = indicator
    return input.map { bar in
        i.update(bar)
        return i.value
    }
}

/// `actual` equals `expected` element by element, nil where nil, within `tolerance`.
func expectSeries(_ actual: [Double?], _ expected: [Double?], tolerance: Double = 1e-12, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        switch (a, e) {
        case (nil, nil): continue
        case (let a?, let e?):
            #expect(abs(a - e) <= tolerance * max(1, abs(e)), "bar \(i): \(a) ≠ \(e)", sourceLocation: sourceLocation)
        default:
            Issue.record("bar \(i): \(String(describing: a)) ≠ \(String(describing: e))", sourceLocation: sourceLocation)
        }
    }
}

/// A deterministic pseudo-random walk of `count` bars (SplitMix64), for brute-force comparisons.
func randomWalk(_ count: Int, seed: UInt64) -> [BarPrices] {
    var state = seed
    func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
    var price = 30_000.0
    return (0..<count).map { _ in
        // Some flat stretches, as real minutes have.
        let step = next() < 0.2 ? 0 : (next() - 0.5) * 40
        price = max(1, price + step)
        let high = price + next() * 10, low = price - next() * 10
        return BarPrices(open: price, high: high, low: low, close: price, volume: next() < 0.1 ? 0 : next() * 5)
    }
}
