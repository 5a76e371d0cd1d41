import ArenaCore
import ArgumentParser
import Foundation
import MarketData

/// `arena bars`: builds bars of one timeframe from a kline or trade file and writes them as CSV.
struct BarsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bars",
        abstract: "Build bars of a timeframe from a kline or trade file.",
        discussion: """
        Reads klines (freqtrade JSON, Binance kline CSV with or without a header,
        or exports with a date column) or trades (Binance aggTrades or trades CSV,
        freqtrade trade CSV or JSON, a recorded aggTrade stream CSV), plain or
        gzipped; the layout is detected from the content unless --layout names it.
        Writes CSV with the columns open_time_ms,open,high,low,close,volume and
        exact decimal text.

        A bar is written when the data's own clock passes its end, so the last,
        unfinished bar is left out unless --include-partial is given. By default a
        stretch without data (an exchange halt, a quiet minute) produces no bars,
        as in the exchange's own files; --gaps flat writes flat, zero-volume bars.
        A kline whose open time is off its timeframe's grid stops the run unless
        --off-grid skip is given; a trade row that does not parse stops it unless
        --bad-rows skip is given. Skipped rows are listed on stderr.
        """
    )

    @Option(help: "The kline or trade file to read (plain or gzip).")
    var input: String

    @Option(help: "The timeframe to build: 1m, 3m, 5m, 15m, 1h, 4h or 1d.")
    var timeframe: Timeframe

    @Option(help: "Where to write the bar CSV.")
    var output: String

    @Option(help: "The input layout: klines, aggTrades, trades, freqtrade, aggTradeStream or freqtradeJSON (detected when omitted).")
    var layout: BarsLayout?

    @Option(help: "Symbol the bars are labelled with; for trade files with a symbol column, the symbol whose trades are used.")
    var symbol: String = "UNKNOWN"

    @Option(help: "Venue the bars are labelled with.")
    var venue: String = "binance"

    @Option(help: "The kline file's timeframe; inferred from its open times when omitted.")
    var inputTimeframe: Timeframe?

    @Option(help: "Bars for stretches without data: skip (as exchange files do) or flat.")
    var gaps: GapPolicy = .skip

    @Option(help: "Klines off their timeframe's grid: fail (the default) or skip.")
    var offGrid: OffGridPolicy = .fail

    @Option(help: "Trade rows that do not parse: fail (the default) or skip.")
    var badRows: BadRowPolicy = .fail

    @Flag(help: "Also write the last bar when the data ends before it closes.")
    var includePartial = false

    func run() throws {
        let venueID = try VenueID(venue)
        let symbolID = try Symbol(symbol)
        let source = (input as NSString).lastPathComponent
        let bytes = try ByteLines.contents(path: input, source: source)
        let kind = layout?.kind ?? BarInputKind.detect(bytes)
        let built: (bars: [Bar], from: String)
        switch kind {
        case .klines:
            built = try BarsFromKlines(command: self, venue: venueID, symbol: symbolID, source: source).bars(bytes)
        case .tradeCSV, .freqtradeTradesJSON:
            built = try BarsFromTrades(command: self, venue: venueID, symbol: symbolID, source: source).bars(bytes, kind: kind)
        }
        try Data(BarCSV.document(built.bars).utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        print("wrote \(built.bars.count) \(timeframe.rawValue) bars from \(built.from) to \(output)")
    }

    /// Reports skipped input on stderr, one line each, then a count.
    static func reportSkipped(_ lines: [String], total: Int, what: String) {
        guard total > 0 else { return }
        var text = lines.map { "skipped \($0)\n" }.joined()
        if total > lines.count { text += "… and \(total - lines.count) more\n" }
        text += "skipped \(total) \(what)\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// The `--layout` choices.
enum BarsLayout: String, CaseIterable, ExpressibleByArgument {
    case klines, aggTrades, trades, freqtrade, aggTradeStream, freqtradeJSON

    var kind: BarInputKind {
        switch self {
        case .klines: .klines
        case .freqtradeJSON: .freqtradeTradesJSON
        case .aggTrades: .tradeCSV(.aggTrades)
        case .trades: .tradeCSV(.trades)
        case .freqtrade: .tradeCSV(.freqtrade)
        case .aggTradeStream: .tradeCSV(.aggTradeStream)
        }
    }
}

/// A failure while building bars, printed as `Error: <message>` (exit 1) without
/// the usage text, since the arguments were fine and the data was not.
struct BarsFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

extension Timeframe: ExpressibleByArgument {}
extension GapPolicy: ExpressibleByArgument {}
extension OffGridPolicy: ExpressibleByArgument {}
extension BadRowPolicy: ExpressibleByArgument {}
