import ArenaCore
import ArenaTesting
import Testing
@testable import Features

@Suite(.cpuBound) struct RegimeClassifierTests {
    static let t0 = Timestamp(milliseconds: 1_700_000_000_000)

    static func bar(_ i: Int, close: Double, high: Double? = nil, low: Double? = nil, volume: Double = 10) -> Bar {
        func d(_ x: Double) -> FixedDecimal { FixedDecimal(raw: Int128((x * 1_000_000).rounded()) * 1_000_000) }
        return Bar(
            venue: VenueID(unchecked: "binance"), symbol: Symbol(unchecked: "BTCUSDT"), timeframe: .m1,
            openTime: t0.advanced(by: .seconds(Int64(i) * 60)), open: d(close), high: d(high ?? close), low: d(low ?? close),
            close: d(close), volume: d(volume)
        )
    }

    /// Feeds `closes` with fixed indicator inputs; returns the readings.
    static func run(
        _ closes: [Double], volumes: [Double]? = nil, adx: Double? = 30, width: Double? = 0.05, atrPct: Double? = 50
    ) -> [RegimeReading?] {
        var c = RegimeClassifier()
        return closes.enumerated().map { i, close in
            c.update(bar(i, close: close, volume: volumes?[i] ?? 10), adx: adx, bollingerWidth: width, atrPercentile: atrPct)
        }
    }

    @Test func warmsUpBeforeItSpeaks() {
        let readings = Self.run((0..<25).map { 100 + Double($0) })
        // 21 closes for the efficiency window; nothing before.
        #expect(readings.prefix(20).allSatisfy { $0 == nil })
        #expect(readings[20] != nil)
        #expect(Self.run((0..<25).map { 100 + Double($0) }, adx: nil).allSatisfy { $0 == nil })
    }

    @Test func aSteadyClimbWithHighADXIsAStrongTrend() throws {
        let last = try #require(Self.run((0..<30).map { 100 + Double($0) }, adx: 30).last ?? nil)
        #expect(last.regime == .strongTrend)
        #expect(last.inputs.efficiency == 1)
        #expect(last.history == Array(repeating: .strongTrend, count: 5))
    }

    @Test func theRulesInOrder() throws {
        let zigzag = (0..<30).map { 100 + ($0 % 2 == 0 ? 0.0 : 1.0) }  // efficiency near 0
        #expect(try #require(Self.run(zigzag, adx: 30).last ?? nil).regime == .weakTrend)  // trend ADX, but no efficiency
        #expect(try #require(Self.run(zigzag, adx: 22).last ?? nil).regime == .weakTrend)
        #expect(try #require(Self.run(zigzag, adx: 10).last ?? nil).regime == .range)
        #expect(try #require(Self.run(zigzag, adx: 10, width: 0.02, atrPct: 5).last ?? nil).regime == .lowVolatility)
        #expect(try #require(Self.run(zigzag, adx: 30, atrPct: 95).last ?? nil).regime == .highVolatility)
    }

    @Test func aCloseBeyondThePriorRangeOnRisingVolumeIsABreakout() throws {
        var closes = Array(repeating: 100.0, count: 25)
        var volumes = Array(repeating: 10.0, count: 25)
        closes.append(101)  // 1 % above the 20-bar high of 100
        volumes.append(100)
        let readings = Self.run(closes, volumes: volumes, adx: 10)
        let last = try #require(readings.last ?? nil)
        #expect(last.inputs.breakout == 1 && last.regime == .breakout)
        #expect(try #require(last.inputs.volumeTrend) > 1.2)
        // The same move on flat volume is not a breakout.
        volumes[25] = 10
        #expect(try #require(Self.run(closes, volumes: volumes, adx: 10).last ?? nil).regime == .range)
    }

    @Test func efficiencyEqualsABruteForceRecomputation() throws {
        var rng = SystemRandomNumberGenerator()
        var price = 100.0
        let closes = (0..<400).map { _ in
            price += Double.random(in: -1...1, using: &rng)
            return (price * 1_000).rounded() / 1_000
        }
        let readings = Self.run(closes)
        for i in 20..<closes.count {
            let window = Array(closes[(i - 20)...i])
            let path = zip(window, window.dropFirst()).reduce(0.0) { $0 + abs($1.1 - $1.0) }
            let expected = path > 0 ? abs(window.last! - window.first!) / path : 0
            let got = try #require(readings[i]?.inputs.efficiency)
            #expect(abs(got - expected) < 1e-9, "bar \(i)")
        }
    }
}
