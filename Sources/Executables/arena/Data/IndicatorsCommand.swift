import ArgumentParser
import Features
import Foundation
import MarketData

/// `arena indicators`: runs a list of indicators over a kline file and writes one CSV row per bar.
struct IndicatorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators",
        abstract: "Compute indicators over a kline file and write them as CSV.",
        discussion: """
        Reads klines (freqtrade JSON or Binance kline CSV, with or without a header,
        plain or gzipped; the layout is detected from the content) and feeds every
        row, in file order, to each indicator of --indicators, for example
        ema:21,rsi:14,atr:14,bbands:20:2,macd:12:26:9,adx:14,stoch:14:3:3,obv
        (also sma:N, wma:N, vwap:N, rvol:N[:PERIODS_PER_YEAR], atrpct:N:WINDOW).

        Writes CSV with the columns open_time_ms and one per indicator output,
        named <name>_<params joined by _> with a suffix for multi-output ones
        (bbands_20_2_upper/middle/lower, macd_12_26_9_macd/signal/hist,
        stoch_14_3_3_k/d; adx:14 gives adx_14, plus_di_14 and minus_di_14).
        Cells are empty during each indicator's warm-up. Values are the shortest
        text that reads back as the same Double.

        Open times must increase strictly: indicators are defined on a series.
        """
    )

    @Option(help: "The kline file to read (freqtrade JSON or Binance kline CSV, plain or gzip).")
    var input: String

    @Option(help: "Comma-separated indicators, e.g. ema:21,rsi:14,bbands:20:2,obv.")
    var indicators: String

    @Option(help: "Where to write the CSV.")
    var output: String

    func run() throws {
        let specs: [IndicatorSpec]
        do { specs = try IndicatorSpec.parseList(indicators) } catch { throw BarsFailure(message: "--indicators: \(error)") }
        let source = (input as NSString).lastPathComponent
        let rows = try KlineFile.rows(from: try ByteLines.contents(path: input, source: source), source: source)
        for (a, b) in zip(rows, rows.dropFirst()) where b.openTime <= a.openTime {
            throw BarsFailure(message: "\(source):\(b.line): row \(b.row): open time \(b.openTime) does not follow \(a.openTime) (line \(a.line)); indicators need increasing open times")
        }
        var set = IndicatorSet(specs: specs)
        var text = "open_time_ms," + set.columns.joined(separator: ",") + "\n"
        text.reserveCapacity(rows.count * set.columns.count * 20)
        for row in rows {
            set.update(BarPrices(row))
            text += String(row.openTime.milliseconds)
            for value in set.row {
                text += ","
                if !value.isNaN { text += value.description }
            }
            text += "\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        print("wrote \(rows.count) rows of \(set.columns.count) indicator columns from \(source) to \(output)")
    }
}
