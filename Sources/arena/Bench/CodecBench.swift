import ArenaCore
import ArenaWire
import Foundation

/// Binary codec round trips of a trade message against Foundation's JSON coders.
enum CodecBench {
    static func sampleTrade() -> Trade {
        Trade(
            venue: VenueID(unchecked: "binance"), symbol: Symbol(unchecked: "BTCUSDT"), market: .spot,
            tradeID: 3_012_345_678, price: FixedDecimal(raw: 67_124_450_000_000_000),
            quantity: FixedDecimal(raw: 1_230_000_000), takerSide: .buy,
            eventTime: Timestamp(milliseconds: 1_722_470_400_123), receiveTime: Timestamp(nanoseconds: 1_722_470_400_125_431_000)
        )
    }

    static func run(quick: Bool) throws -> [BenchResult] {
        let trade = sampleTrade()
        let encoder = BinaryEncoder(), decoder = BinaryDecoder()
        let n = quick ? 50_000 : 500_000
        var sink = 0
        let binary = try BenchHarness.bestRate(iterations: n) {
            let bytes = try encoder.encode(trade)
            let back = try decoder.decode(Trade.self, from: bytes)
            sink &+= Int(back.tradeID)
        }
        let json = JSONEncoder(), jsonDecoder = JSONDecoder()
        let jsonRate = try BenchHarness.bestRate(iterations: n / 10) {
            let data = try json.encode(trade)
            let back = try jsonDecoder.decode(Trade.self, from: data)
            sink &+= Int(back.tradeID)
        }
        precondition(sink != 0)
        return [BenchResult(
            name: "binary codec round trips (Trade)", value: binary, unit: "round trips/s",
            baseline: "Foundation JSONEncoder+JSONDecoder", baselineValue: jsonRate, ratio: binary / jsonRate
        )]
    }
}
