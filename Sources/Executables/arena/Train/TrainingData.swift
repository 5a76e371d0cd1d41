import ArenaCore
import ArgumentParser
import Foundation
import Learning
import MarketData

/// The bars a training command reads: kline files, each for one symbol, cut at `--until`.
struct TrainingData: ParsableArguments {
    @Option(
        name: .customLong("data"),
        help: "A kline file and its symbol, PATH:SYMBOL (freqtrade JSON or Binance kline CSV, plain or gzip; repeat for more symbols)."
    )
    var files: [String] = []

    @Option(help: "The bars' timeframe: 1m, 3m, 5m, 15m, 1h, 4h or 1d.")
    var timeframe: Timeframe = .m5

    @Option(help: "The exclusive end of the data used, ISO 8601 (e.g. 2023-04-01T00:00:00Z): bars closing after it are left out.")
    var until: String?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one --data PATH:SYMBOL") }
        for spec in files where Self.split(spec) == nil { throw ValidationError("--data \(spec): expected PATH:SYMBOL") }
        if let until, Self.time(until) == nil { throw ValidationError("--until \(until): expected an ISO 8601 time such as 2023-04-01T00:00:00Z") }
    }

    /// The file names (not paths, so a model does not depend on where the checkout lives).
    var sources: [String] { files.compactMap { Self.split($0).map { ($0.path as NSString).lastPathComponent } } }

    /// Every file's bars, in the order given.
    func series() throws -> [BarSeries] {
        let end = until.flatMap(Self.time)
        return try files.map { spec in
            let (path, name) = Self.split(spec)!
            let symbol: Symbol
            do { symbol = try Symbol(name) } catch { throw TrainFailure(message: "--data \(spec): \(error)") }
            let bars: [Bar]
            do { bars = try KlineFile.bars(atPath: path, venue: VenueID(unchecked: "binance"), symbol: symbol, timeframe: timeframe) } catch {
                throw TrainFailure(message: "--data \(spec): \(error)")
            }
            let series = BarSeries(bars, symbol: symbol, timeframe: timeframe, until: end)
            guard !series.bars.isEmpty else { throw TrainFailure(message: "--data \(spec): no bars close before --until") }
            return series
        }
    }

    static func split(_ spec: String) -> (path: String, symbol: String)? {
        guard let colon = spec.lastIndex(of: ":"), colon != spec.startIndex, spec.index(after: colon) != spec.endIndex else { return nil }
        return (String(spec[..<colon]), String(spec[spec.index(after: colon)...]))
    }

    static func time(_ text: String) -> Timestamp? {
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: text) else { return nil }
        return Timestamp(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }
}

/// A training command's failure, printed as its message.
struct TrainFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
