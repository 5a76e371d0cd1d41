import ArenaCore
import ArenaTesting
import Foundation
import MarketData

/// The real data set in `../shared/data/raw`, found next to the repository checkout.
enum SharedData {
    /// `…/shared/data/raw`, beside the checkout.
    static let raw: URL = TestData.sharedRaw

    /// `…/shared/data/csv`, the CSV copies of the feather files.
    static let csv: URL = raw.deletingLastPathComponent().appendingPathComponent("csv")

    /// The data set, for `.requires(SharedData.requirement)`: the replay tests skip without it, except under CI.
    static let requirement = TestRequirement.sharedData("binance_spot_freqtrade_json")

    static let binance = try! VenueID("binance")

    /// Bars from a file under `raw/`.
    static func bars(_ path: String, symbol: String, timeframe: Timeframe? = nil) throws -> [Bar] {
        try KlineFile.bars(
            atPath: raw.appendingPathComponent(path).path, venue: binance, symbol: try Symbol(symbol), timeframe: timeframe
        )
    }
}

/// Runs `input` through a fresh aggregator and returns every closed bar.
func aggregate(
    _ input: [Bar], to timeframe: Timeframe, gaps: GapPolicy = .skip, from inputTimeframe: Timeframe = .m1
) throws -> [Bar] {
    guard let first = input.first else { return [] }
    var aggregator = try BarAggregator(
        venue: first.venue, symbol: first.symbol, timeframe: timeframe, inputTimeframe: inputTimeframe, gapPolicy: gaps
    )
    var out: [Bar] = []
    for bar in input { out += try aggregator.add(bar) }
    return out
}
