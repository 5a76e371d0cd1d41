import ArenaCore
import ArenaWire
import Foundation

/// Binary codec round trips of a trade message against Foundation's JSON coders.
enum CodecBench {
    static func run(quick: Bool) throws -> [BenchResult] {
        let trade = WireSamples.trade
        let n = quick ? 50_000 : 1_000_000
        var sink = 0
        // The path every publisher and subscriber takes: `WireMessage` body coding.
        let message = try BenchHarness.bestRate(iterations: n) {
            var w = WireWriter(capacity: 96)
            try trade.encodeBinaryBody(into: &w)
            sink &+= Int(try Trade.decodeBinaryBody(w.bytes, limits: .default).tradeID)
        }
        // The generic Codable coder, which every other message type uses.
        let encoder = BinaryEncoder(), decoder = BinaryDecoder()
        let generic = try BenchHarness.bestRate(iterations: n / 4) {
            sink &+= Int(try decoder.decode(Trade.self, from: encoder.encode(trade)).tradeID)
        }
        let json = JSONEncoder(), jsonDecoder = JSONDecoder()
        let jsonRate = try BenchHarness.bestRate(iterations: n / 40) {
            sink &+= Int(try jsonDecoder.decode(Trade.self, from: json.encode(trade)).tradeID)
        }
        precondition(sink != 0)
        let baseline = "Foundation JSONEncoder+JSONDecoder"
        return [
            BenchResult(name: "binary codec round trips, Trade (WireMessage path)", value: message, unit: "round trips/s",
                        baseline: baseline, baselineValue: jsonRate, ratio: message / jsonRate),
            BenchResult(name: "binary codec round trips, Trade (generic Codable path)", value: generic, unit: "round trips/s",
                        baseline: baseline, baselineValue: jsonRate, ratio: generic / jsonRate),
        ]
    }
}
