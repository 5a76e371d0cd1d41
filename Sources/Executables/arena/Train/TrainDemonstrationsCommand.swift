import ArenaCore
import ArgumentParser
import Foundation
import Learning

/// `arena train demonstrations`: writes the SYNTHETIC demonstration CSV of the hindsight rule
/// (docs/diffusion-policy.md) from kline files.
struct TrainDemonstrationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demonstrations",
        abstract: "Write SYNTHETIC demonstrations (a hindsight rule's trades) from kline files.",
        discussion: """
        No public log of human trades is at hand, so a rule that looks ahead stands
        in for a trader: at each close it goes long when the close rises --rise
        before it falls --stop within --horizon bars (short the other way round),
        and closes when the close moves --stop against the position first. The CSV
        (time,symbol,side,quantity,price; ISO-8601 UTC times at the bar's close)
        starts with comment lines that say it is synthetic and state the rule.
        """
    )

    @OptionGroup var data: TrainingData

    @Option(help: "Where to write the CSV.")
    var output: String

    @Option(help: "The move, as a fraction, that opens a position.")
    var rise = HindsightRule().rise

    @Option(help: "The adverse move, as a fraction, that comes first to block an entry or close a position.")
    var stop = HindsightRule().stop

    @Option(help: "Bars the rule looks ahead.")
    var horizon = HindsightRule().horizon

    @Option(help: "The quote notional of a full unit.")
    var unitNotional = HindsightRule().unitNotional

    func run() async throws {
        let rule = HindsightRule(rise: rise, stop: stop, horizon: horizon, unitNotional: unitNotional)
        var trades: [DemonstrationTrade] = []
        let sources = try await data.series()
        for source in sources {
            trades += rule.trades(symbol: source.symbol.value, closes: source.bars.map(\.close.doubleValue), closeTimes: source.closeTimes)
        }
        trades.sort { ($0.time, $0.symbol) < ($1.time, $1.symbol) }
        let comments = [
            "SYNTHETIC demonstrations: not human trades. Written by arena train demonstrations from "
                + zip(data.sources, sources).map { "\($0):\($1.symbol)" }.joined(separator: ", ") + ".",
            rule.summary + ".",
            "The rule sees the future: a policy that reads only the past cannot match it.",
            "Columns: time (ISO-8601 UTC, the bar's close), symbol, side (buy or sell), quantity (base asset), price (quote asset).",
        ]
        try Data(DemonstrationLog.render(trades, comments: comments).utf8).write(to: URL(fileURLWithPath: output))
        print("wrote \(output): \(trades.count) SYNTHETIC trades over \(sources.count) symbol(s)")
    }
}

extension BarSeries {
    /// When each bar is final (its open time plus the timeframe).
    var closeTimes: [Timestamp] { bars.map { $0.openTime.advanced(by: .seconds(timeframe.seconds)) } }
}
