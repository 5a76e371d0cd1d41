import ArenaTesting
import Analytics
import Testing

@Suite(.cpuBound) struct ChartTests {
    static func wave(_ count: Int) -> [EquityPoint] {
        (0..<count).map { EquityPoint(timeMilliseconds: Int64($0) * 60_000, equity: 10_000 + 100 * sin(Double($0) / 50) + Double($0 % 7)) }
    }

    @Test func downsamplingKeepsTheEndsAndTheExtremes() {
        var points = Self.wave(43_200)
        points[20_000].equity = 20_000
        points[30_000].equity = 1_000
        let kept = LargestTriangleThreeBuckets.downsample(points, threshold: 500)
        #expect(kept.count == 500)
        #expect(kept.first == points.first)
        #expect(kept.last == points.last)
        #expect(kept.contains(points[20_000]))
        #expect(kept.contains(points[30_000]))
        #expect(zip(kept, kept.dropFirst()).allSatisfy { $0.timeMilliseconds < $1.timeMilliseconds })
    }

    @Test func shortSeriesAreDrawnWhole() {
        let points = Self.wave(10)
        #expect(LargestTriangleThreeBuckets.downsample(points, threshold: 500) == points)
        #expect(LargestTriangleThreeBuckets.downsample(points, threshold: 2) == points)
    }

    @Test func theChartIsSelfContainedSVGWithOneLinePerSeriesAndEscapedNames() {
        let chart = LineChart(maxPointsPerLine: 300)
        let svg = chart.svg([.init(name: "a<b>&\"c\"", points: Self.wave(5_000)), .init(name: "cash", points: Self.wave(3))], title: "NAV")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.components(separatedBy: "<polyline").count == 3)
        #expect(svg.contains("data-points=\"300\""))
        #expect(svg.contains("a&lt;b&gt;&amp;&quot;c&quot;"))
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("href"))
    }

    @Test func anEmptyChartSaysSo() {
        #expect(LineChart().svg([], title: "NAV").contains("no data yet"))
    }
}

#if canImport(Glibc)
import Glibc
#endif
import Foundation

@Suite(.cpuBound) struct SamplingTests {
    @Test func aCurveIsSampledOnAnotherCurvesTimesWithItsLastValue() {
        let curve = [(90, 1.0), (120, 2.0), (300, 3.0)].map { EquityPoint(timeMilliseconds: $0.0, equity: $0.1) }
        let grid = [60, 100, 200, 300, 400].map { EquityPoint(timeMilliseconds: Int64($0), equity: 0) }
        #expect(curve.sampled(on: grid).map(\.timeMilliseconds) == [100, 200, 300, 400])
        #expect(curve.sampled(on: grid).map(\.equity) == [1, 2, 3, 3])
    }
}
