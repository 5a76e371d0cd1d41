import ArenaCore
import Foundation
import MarketData

/// The real data set in `../shared/data/raw`, found next to the repository checkout.
enum SharedData {
    /// `…/shared/data/raw`: this file is `<repo>/Tests/MarketDataTests/SharedData.swift`,
    /// and `shared/` is checked out beside `<repo>`.
    static let raw: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // MarketDataTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repo
        .deletingLastPathComponent()  // the directory holding repo and shared
        .appendingPathComponent("shared/data/raw")

    /// `…/shared/data/csv`, the CSV copies of the feather files.
    static let csv: URL = raw.deletingLastPathComponent().appendingPathComponent("csv")

    /// True when the data set is present, so the replay tests can be skipped elsewhere.
    static var available: Bool {
        FileManager.default.fileExists(atPath: raw.appendingPathComponent("binance_spot_freqtrade_json").path)
    }

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
