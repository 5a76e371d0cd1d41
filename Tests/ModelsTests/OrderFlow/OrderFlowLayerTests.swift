import ArenaCore
import Features
import Testing
@testable import Models

/// Each layer's documented score on known inputs, at every band edge, under
/// both profiles: v51 in the seed's points, v52 scaled to its weights
/// (direction × 40/45, crowding × 18/20, environment × 12/15).
@Suite struct OrderFlowLayerTests {
    /// One row: a reading, a side, and the layer's score under each profile (nil: the profile has no such layer).
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var layer: OrderFlowLayer
        var side: FlowSide
        var reading: OrderFlowReading
        var v51: Double?
        var v52: Double?
        var testDescription: String { "\(layer.rawValue) \(side.rawValue): \(name)" }
    }

    static func d(_ text: String) -> FixedDecimal { Flow.d(text) }

    /// A row whose reading has only what `set` gives (a BTC perpetual otherwise missing everything).
    static func row(
        _ name: String, _ layer: OrderFlowLayer, _ side: FlowSide = .long, v51: Double?, v52: Double?, symbol: Symbol = Flow.btc,
        market: MarketKind = .perpetual, _ set: (inout OrderFlowReading) -> Void = { _ in }
    ) -> Row {
        var reading = OrderFlowReading(symbol: symbol, market: market)
        set(&reading)
        return Row(name: name, layer: layer, side: side, reading: reading, v51: v51, v52: v52)
    }

    static func large(_ buys: Int, _ sells: Int) -> (inout OrderFlowReading) -> Void {
        { r in
            r.cvd30m = r.cvd30m ?? 5
            r.cvd4h = r.cvd4h ?? 9
            r.p99Notional = 40_000
            r.largeBuys = LargeTrades(count: buys, notional: FixedDecimal(buys) * 45_000)
            r.largeSells = LargeTrades(count: sells, notional: FixedDecimal(sells) * 45_000)
        }
    }

    static let directionRows: [Row] = [
        row("both CVDs, a P99 buy", .direction, v51: 45, v52: 40, large(1, 0)),
        row("both CVDs, aligned beats adverse", .direction, v51: 45, v52: 40, large(1, 3)),
        row("both CVDs, no P99 trade: none adverse", .direction, v51: 40, v52: 35.5556, large(0, 0)),
        row("both CVDs, only adverse P99", .direction, v51: 30, v52: 26.6667, large(0, 2)),
        row("CVD 4h against", .direction, v51: 30, v52: 26.6667) { r in r.cvd4h = -3; large(1, 0)(&r) },
        row("CVD 4h missing", .direction, v51: 30, v52: 26.6667) { r in large(1, 0)(&r); r.cvd4h = nil },
        row("P99 missing: as none adverse", .direction, v51: 40, v52: 35.5556) { r in r.cvd30m = 5; r.cvd4h = 9 },
        row("short: both CVDs, a P99 sell", .direction, .short, v51: 45, v52: 40) { r in r.cvd30m = -5; r.cvd4h = -9; large(0, 1)(&r) },
        row("short: a P99 buy only", .direction, .short, v51: 30, v52: 26.6667) { r in r.cvd30m = -5; r.cvd4h = -9; large(1, 0)(&r) },
    ]

    static let accelerationRows: [Row] = [
        row("agrees", .acceleration, v51: 5, v52: nil) { $0.acceleration = d("0.01") },
        row("against", .acceleration, v51: 0, v52: nil) { $0.acceleration = d("-0.01") },
        row("zero", .acceleration, v51: 0, v52: nil) { $0.acceleration = 0 },
        row("missing", .acceleration, v51: 0, v52: nil),
        row("short agrees", .acceleration, .short, v51: 5, v52: nil) { $0.acceleration = d("-0.2") },
    ]

    /// Crowding = LSR (10) + top trader (10); the other half missing scores its mid 5.
    static let crowdingRows: [Row] = [
        row("LSR 0.49 < 0.5", .crowding, v51: 15, v52: 13.5) { $0.longShortRatio = d("0.49") },
        row("LSR 0.5", .crowding, v51: 10, v52: 9) { $0.longShortRatio = d("0.5") },
        row("LSR 0.66 < 0.67", .crowding, v51: 10, v52: 9) { $0.longShortRatio = d("0.66") },
        row("LSR 0.67 neutral", .crowding, v51: 5, v52: 4.5) { $0.longShortRatio = d("0.67") },
        row("LSR 2.5, crowd long", .crowding, v51: 5, v52: 4.5) { $0.longShortRatio = d("2.5") },
        row("short: LSR 2.01 > 2.0", .crowding, .short, v51: 15, v52: 13.5) { $0.longShortRatio = d("2.01") },
        row("short: LSR 2.0", .crowding, .short, v51: 10, v52: 9) { $0.longShortRatio = d("2.0") },
        row("short: LSR 1.51 > 1.5", .crowding, .short, v51: 10, v52: 9) { $0.longShortRatio = d("1.51") },
        row("short: LSR 1.5 neutral", .crowding, .short, v51: 5, v52: 4.5) { $0.longShortRatio = d("1.5") },
        row("top 0.55", .crowding, v51: 15, v52: 13.5) { $0.topTraderLongShare = d("0.55") },
        row("top 0.54", .crowding, v51: 10, v52: 9) { $0.topTraderLongShare = d("0.54") },
        row("top 0.46", .crowding, v51: 10, v52: 9) { $0.topTraderLongShare = d("0.46") },
        row("top 0.45", .crowding, v51: 5, v52: 4.5) { $0.topTraderLongShare = d("0.45") },
        row("short: top 0.45", .crowding, .short, v51: 15, v52: 13.5) { $0.topTraderLongShare = d("0.45") },
        row("short: top 0.55", .crowding, .short, v51: 5, v52: 4.5) { $0.topTraderLongShare = d("0.55") },
        row("both missing: mid", .crowding, v51: 10, v52: 9),
        row("both best", .crowding, v51: 20, v52: 18) { $0.longShortRatio = d("0.3"); $0.topTraderLongShare = d("0.7") },
    ]

    static func funding(_ rate: String?, history: [String] = Flow.fundingHistory) -> (inout OrderFlowReading) -> Void {
        { r in
            r.fundingRate = rate.map(d)
            r.fundingHistory = history.map(d)
        }
    }

    /// v52 only: `min(5, |FR| / max |FR| × 5)` when contrarian; the history's max |FR| is 0.0004.
    static let fundingRows: [Row] = [
        row("long, FR −0.0002: half the max", .funding, v51: nil, v52: 2.5, funding("-0.0002")),
        row("long, FR −0.0004: the max", .funding, v51: nil, v52: 5, funding("-0.0004")),
        row("long, FR −0.0008: capped at 5", .funding, v51: nil, v52: 5, funding("-0.0008")),
        row("long, FR +0.0002: with the crowd", .funding, v51: nil, v52: 0, funding("0.0002")),
        row("long, FR 0", .funding, v51: nil, v52: 0, funding("0")),
        row("short, FR +0.0001", .funding, .short, v51: nil, v52: 1.25, funding("0.0001")),
        row("short, FR −0.0001: with the crowd", .funding, .short, v51: nil, v52: 0, funding("-0.0001")),
        row("FR missing", .funding, v51: nil, v52: 0, funding(nil)),
        row("no history: max 0.0001", .funding, v51: nil, v52: 2.5, funding("-0.00005", history: [])),
        row("spot: no funding", .funding, v51: nil, v52: 0, market: .spot, funding("-0.0004")),
    ]

    static let environmentRows: [Row] = [
        row("OI +3 %", .environment, v51: 15, v52: 12) { $0.openInterestChange = d("0.03") },
        row("OI +2.99 %", .environment, v51: 10, v52: 8) { $0.openInterestChange = d("0.0299") },
        row("OI +0.5 %", .environment, v51: 10, v52: 8) { $0.openInterestChange = d("0.005") },
        row("OI 0", .environment, v51: 5, v52: 4) { $0.openInterestChange = 0 },
        row("OI −1 %", .environment, v51: 5, v52: 4) { $0.openInterestChange = d("-0.01") },
        row("OI missing: 10 of 15", .environment, v51: 10, v52: 8),
        row("short, OI +3 % (not directional)", .environment, .short, v51: 15, v52: 12) { $0.openInterestChange = d("0.03") },
    ]

    static let confirmationRows: [Row] = [
        row("both positive", .confirmation, v51: 15, v52: 15) { $0.cvd30m = 1; $0.cvd4h = 2 },
        row("short: both negative", .confirmation, .short, v51: 15, v52: 15) { $0.cvd30m = -1; $0.cvd4h = -2 },
        row("disagree", .confirmation, v51: 0, v52: 0) { $0.cvd30m = 1; $0.cvd4h = -2 },
        row("4h zero", .confirmation, v51: 0, v52: 0) { $0.cvd30m = 1; $0.cvd4h = 0 },
        row("4h missing", .confirmation, v51: 0, v52: 0) { $0.cvd30m = 1 },
    ]

    static func liquidated(longs: FixedDecimal?, shorts: FixedDecimal?) -> (inout OrderFlowReading) -> Void {
        { r in
            r.liquidatedLongs = longs
            r.liquidatedShorts = shorts
        }
    }

    /// v52 only: opposite / own liquidated USD; BTC needs $500k in total, ETH $200k.
    static let liquidationRows: [Row] = [
        row("ratio 2.0", .liquidation, v51: nil, v52: 5, liquidated(longs: 500_000, shorts: 1_000_000)),
        row("ratio 1.99", .liquidation, v51: nil, v52: 3, liquidated(longs: 500_000, shorts: 995_000)),
        row("ratio 1.5", .liquidation, v51: nil, v52: 3, liquidated(longs: 500_000, shorts: 750_000)),
        row("ratio 1.2", .liquidation, v51: nil, v52: 1, liquidated(longs: 500_000, shorts: 600_000)),
        row("ratio 1.18", .liquidation, v51: nil, v52: 0, liquidated(longs: 500_000, shorts: 590_000)),
        row("only shorts liquidated", .liquidation, v51: nil, v52: 5, liquidated(longs: 0, shorts: 600_000)),
        row("ratio 3 but $400k < $500k BTC minimum", .liquidation, v51: nil, v52: 0, liquidated(longs: 100_000, shorts: 300_000)),
        row("ETH: $210k ≥ $200k minimum, ratio 2.5", .liquidation, v51: nil, v52: 5, symbol: Flow.eth, liquidated(longs: 60_000, shorts: 150_000)),
        row("short: longs flushed 2:1", .liquidation, .short, v51: nil, v52: 5, liquidated(longs: 1_000_000, shorts: 500_000)),
        row("short: shorts flushed", .liquidation, .short, v51: nil, v52: 0, liquidated(longs: 500_000, shorts: 1_000_000)),
        row("missing", .liquidation, v51: nil, v52: 0),
        row("spot", .liquidation, v51: nil, v52: 0, market: .spot, liquidated(longs: 0, shorts: 0)),
    ]

    static let auxiliaryRows: [Row] = [
        row("Coinbase premium missing", .auxiliary, v51: 2, v52: 2),
        row("premium +0.06 % aligned", .auxiliary, v51: 5, v52: 5) { $0.coinbasePremium = d("0.0006") },
        row("premium +0.05 % inside", .auxiliary, v51: 2, v52: 2) { $0.coinbasePremium = d("0.0005") },
        row("premium −0.06 % against", .auxiliary, v51: 0, v52: 0) { $0.coinbasePremium = d("-0.0006") },
        row("short: premium −0.06 %", .auxiliary, .short, v51: 5, v52: 5) { $0.coinbasePremium = d("-0.0006") },
    ]

    static let rows = directionRows + accelerationRows + crowdingRows + fundingRows + environmentRows + confirmationRows + liquidationRows
        + auxiliaryRows

    @Test(arguments: rows)
    func eachLayerScoresItsBand(_ row: Row) {
        for (profile, expected) in [(OrderFlowProfile.v51, row.v51), (OrderFlowProfile.v52, row.v52)] {
            let card = OrderFlowScorecard(row.reading, side: row.side, profile: profile)
            let layer = card.layer(row.layer)
            #expect(layer?.score == expected, "\(profile.name): \(layer?.reason ?? "not scored")")
            if let layer { #expect(layer.maximum == profile.weight(row.layer)) }
        }
    }

    @Test func theProfilesAreTheSpecsTable() {
        #expect(OrderFlowProfile.v51.layers == [.direction, .acceleration, .crowding, .environment, .confirmation, .auxiliary])
        #expect(OrderFlowProfile.v51.layers.map(OrderFlowProfile.v51.weight) == [45, 5, 20, 15, 15, 5])
        #expect(OrderFlowProfile.v52.layers == [.direction, .crowding, .funding, .environment, .confirmation, .liquidation, .auxiliary])
        #expect(OrderFlowProfile.v52.layers.map(OrderFlowProfile.v52.weight) == [40, 18, 5, 12, 15, 5, 5])
        #expect(OrderFlowProfile.v51.maximum == 105 && OrderFlowProfile.v52.maximum == 100)
        #expect([OrderFlowProfile.v51, .v52].map { [$0.stopATR, $0.target1ATR, $0.target2ATR] } == [
            [Self.d("1.4"), Self.d("1.05"), Self.d("2.1")], [3, 2, Self.d("4.5")],
        ])
    }

    @Test func everyMissingInputIsNotedAndItsReasonSaysMissing() {
        let reading = OrderFlowReading(symbol: Flow.btc, market: .perpetual, cvd30m: 3)
        let expected: [(OrderFlowProfile, [String])] = [
            (.v51, ["CVD 4h", "P99 large trades", "CVD 30m acceleration", "long/short ratio", "top-trader long share", "open interest change", "Coinbase premium"]),
            (.v52, ["CVD 4h", "P99 large trades", "long/short ratio", "top-trader long share", "funding rate", "open interest change", "liquidations", "Coinbase premium"]),
        ]
        for (profile, inputs) in expected {
            let card = OrderFlowScorecard(reading, side: .long, profile: profile)
            #expect(card.notes.count == inputs.count, "\(card.notes)")
            for input in inputs {
                #expect(card.notes.contains { $0.hasPrefix("\(input) missing") }, "\(profile.name): no note for \(input)")
                #expect(card.layers.contains { $0.reason.contains("\(input) missing") }, "\(profile.name): no reason for \(input)")
            }
        }
    }

    @Test func theTotalIsTheSumOfTheScaledLayers() {
        let reading = OrderFlowReading(Flow.entry(Flow.strong(.long)), flow: Flow.strong(.long))
        let v51 = OrderFlowScorecard(reading, side: .long, profile: .v51)
        #expect(v51.layers.map(\.score) == [45, 5, 20, 15, 15, 2])
        #expect(v51.total == 102)
        let v52 = OrderFlowScorecard(reading, side: .long, profile: .v52)
        #expect(v52.layers.map(\.score) == [40, 18, 2.5, 12, 15, 5, 2])
        #expect(v52.total == 94.5)
        #expect(v52.layer(.direction)?.reason.contains("raw 45/45 scaled to 40") == true)
        let weak = OrderFlowReading(Flow.entry(Flow.standard(.long)), flow: Flow.standard(.long))
        #expect(OrderFlowScorecard(weak, side: .long, profile: .v52).total == 78.5)
        // Band sums of thirds meet a threshold exactly.
        let thirds = OrderFlowReading(symbol: Flow.btc, market: .perpetual, cvd30m: 1, cvd4h: -1)
        #expect(OrderFlowScorecard(thirds, side: .long, profile: .v52).layer(.direction)?.score == 22.2222)
    }
}
