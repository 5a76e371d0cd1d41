import ArenaCore
import ArenaStore
import ArgumentParser
import Foundation
import GatewayService
import Learning
import MarketData

/// The bars a training command reads: kline files, each for one symbol, or the gateway's stored
/// bars in an arena store; cut at `--until`.
struct TrainingData: ParsableArguments {
    @Option(
        name: .customLong("data"),
        help: "A kline file and its symbol, PATH:SYMBOL (freqtrade JSON or Binance kline CSV, plain or gzip; repeat for more symbols)."
    )
    var files: [String] = []

    @Option(help: "Read the bars the market gateway stored instead of files: a store URL (sqlite:PATH or postgres://…).")
    var store: String?

    @Option(name: .customLong("symbol"), help: "With --store: a symbol to read (repeat for more).")
    var symbols: [String] = []

    @Option(help: "With --store: the venue the bars were stored for.")
    var venue = "binance"

    @Option(help: "With --store: the inclusive start of the data used, ISO 8601 (default: the first stored bar).")
    var from: String?

    @Option(help: "The bars' timeframe: 1m, 3m, 5m, 15m, 1h, 4h or 1d.")
    var timeframe: Timeframe = .m5

    @Option(help: "The exclusive end of the data used, ISO 8601 (e.g. 2023-04-01T00:00:00Z): bars closing after it are left out.")
    var until: String?

    func validate() throws {
        guard files.isEmpty != (store == nil) else { throw ValidationError("give either --data PATH:SYMBOL (repeatable) or --store URL with --symbol") }
        for spec in files where Self.split(spec) == nil { throw ValidationError("--data \(spec): expected PATH:SYMBOL") }
        if store != nil {
            guard !symbols.isEmpty else { throw ValidationError("--store needs at least one --symbol") }
            for symbol in symbols where (try? Symbol(symbol)) == nil { throw ValidationError("--symbol \(symbol): not a symbol such as BTCUSDT") }
            guard (try? VenueID(venue)) != nil else { throw ValidationError("--venue \(venue): not a venue id such as binance") }
        } else if !symbols.isEmpty || from != nil {
            throw ValidationError("--symbol and --from go with --store; a --data file names its symbol")
        }
        if let until, Self.time(until) == nil { throw ValidationError("--until \(until): expected an ISO 8601 time such as 2023-04-01T00:00:00Z") }
        if let from, Self.time(from) == nil { throw ValidationError("--from \(from): expected an ISO 8601 time such as 2023-03-16T00:00:00Z") }
    }

    /// The file names (not paths, so a model does not depend on where the checkout lives), or the store's symbols.
    var sources: [String] {
        if store != nil { return symbols.map { "store \(venue) \($0) \(timeframe.rawValue)" } }
        return files.compactMap { Self.split($0).map { ($0.path as NSString).lastPathComponent } }
    }

    /// Every file's or stored symbol's bars, in the order given.
    func series() async throws -> [BarSeries] {
        if let store { return try await storedSeries(store) }
        return try fileSeries()
    }

    /// The closed bars the gateway stored for each `--symbol`, read in pages through its history queries.
    private func storedSeries(_ url: String) async throws -> [BarSeries] {
        let end = until.flatMap(Self.time) ?? Timestamp(nanoseconds: .max), start = from.flatMap(Self.time) ?? Timestamp(nanoseconds: 0)
        let database: any SQLDatabase
        do { database = try await Store.open(url: url) } catch { throw TrainFailure(message: "--store: \(error)") }
        defer { Task { await database.close() } }
        let history = HistoryStore(database: database, venue: try VenueID(venue))
        var result: [BarSeries] = []
        for name in symbols {
            let symbol = try Symbol(name)
            var bars: [Bar] = [], cursor = start
            while true {
                let reply: BarsReply
                do { reply = try await history.bars(BarsQuery(symbol: symbol, timeframe: timeframe, range: TimeRange(from: cursor, to: end))) } catch {
                    throw TrainFailure(message: "--store: reading \(name) \(timeframe.rawValue) bars: \(error)")
                }
                bars += reply.bars
                guard reply.truncated, let last = reply.bars.last else { break }
                cursor = last.openTime.advanced(by: .nanoseconds(1))
            }
            let series = BarSeries(bars, symbol: symbol, timeframe: timeframe, until: until.flatMap(Self.time))
            guard !series.bars.isEmpty else { throw TrainFailure(message: "--store: no closed \(timeframe.rawValue) bars of \(name) on \(venue) in the span") }
            result.append(series)
        }
        return result
    }

    /// Every `--data` file's bars, in the order given.
    private func fileSeries() throws -> [BarSeries] {
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
