import ArenaCore
import ArgumentParser
import Foundation
import MarketData

/// `arena bars`: aggregates a kline file into longer bars and writes them as CSV.
struct BarsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bars",
        abstract: "Aggregate a kline file into bars of a longer timeframe.",
        discussion: """
        Reads freqtrade kline JSON or Binance kline CSV (12 columns with or without
        a header, or exports with a date column); the layout is detected from the
        content. Writes CSV with the columns open_time_ms,open,high,low,close,volume
        and exact decimal text.

        A bar is written when the data's own clock passes its end, so the last,
        unfinished bar is left out unless --include-partial is given. By default a
        stretch without data (an exchange halt) produces no bars, as in the
        exchange's own files; --gaps flat writes flat, zero-volume bars instead.
        """
    )

    @Option(help: "The kline file to read.")
    var input: String

    @Option(help: "The timeframe to build: 1m, 3m, 5m, 15m, 1h, 4h or 1d.")
    var timeframe: Timeframe

    @Option(help: "Where to write the bar CSV.")
    var output: String

    @Option(help: "Symbol the bars are labelled with (the CSV does not carry it).")
    var symbol: String = "UNKNOWN"

    @Option(help: "Venue the bars are labelled with.")
    var venue: String = "binance"

    @Option(help: "The input file's timeframe; inferred from its open times when omitted.")
    var inputTimeframe: Timeframe?

    @Option(help: "Bars for stretches without data: skip (as exchange files do) or flat.")
    var gaps: GapPolicy = .skip

    @Flag(help: "Also write the last bar when the data ends before it closes.")
    var includePartial = false

    func run() throws {
        let venueID = try VenueID(venue)
        let symbolID = try Symbol(symbol)
        let source = (input as NSString).lastPathComponent
        let inputBars = try KlineFile.bars(atPath: input, venue: venueID, symbol: symbolID, timeframe: inputTimeframe)
        let sourceTimeframe = inputTimeframe ?? inputBars.first?.timeframe ?? .m1
        var aggregator = try BarAggregator(
            venue: venueID, symbol: symbolID, timeframe: timeframe, inputTimeframe: sourceTimeframe, gapPolicy: gaps
        )
        var bars: [Bar] = []
        for (i, bar) in inputBars.enumerated() {
            do { bars += try aggregator.add(bar) } catch {
                throw BarsFailure(message: "\(source): row \(i + 1): \(error)")
            }
        }
        if includePartial, let last = aggregator.formingBar { bars.append(last) }
        try Data(BarCSV.document(bars).utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        print("wrote \(bars.count) \(timeframe.rawValue) bars from \(inputBars.count) \(sourceTimeframe.rawValue) bars to \(output)")
    }
}

/// A failure while aggregating, printed as `Error: <message>` (exit 1) without
/// the usage text, since the arguments were fine and the data was not.
struct BarsFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

extension Timeframe: ExpressibleByArgument {}
extension GapPolicy: ExpressibleByArgument {}
