import Analytics
import ArenaCore
import Execution
import Foundation
import Logging

/// `summary.json`: one entry per model with what a script compares (`model`, `bars`, `buys`,
/// `fills`, `final_equity`), the ledger's totals and the metrics of `arena metrics` over the NAV
/// curve the reporter keeps (re-marked at every 1m close). Keys in a fixed order and numbers in their shortest round-trip form, so
/// two equal runs write equal bytes.
public struct BacktestSummary: Sendable {
    /// One model's result.
    public struct Model: Sendable {
        public var model: ModelID
        public var buys: Int, sells: Int, fills: Int
        public var fees: FixedDecimal
        /// NAV at the end: cash plus positions marked at the last price, no exit fee.
        public var finalEquity: FixedDecimal
        public var realizedPnL: FixedDecimal
        public var metrics: ReturnMetrics?
    }

    public var bars: Int
    public var rounds: Int
    public var from: Timestamp?, to: Timestamp?
    public var startingCapital: FixedDecimal
    public var models: [Model]

    /// The summary of a finished run from its recorder's tallies and the final ledgers.
    init(recorder: BacktestRecorder, board: Leaderboard, ledgers: [ModelLedger], rounds: Int, startingCapital: FixedDecimal) throws {
        bars = recorder.bars1m
        self.rounds = rounds
        from = recorder.firstBar
        to = recorder.lastBar
        self.startingCapital = startingCapital
        models = try ledgers.map { ledger in
            let tally = recorder.tallies[ledger.modelID] ?? BacktestRecorder.Tally()
            let row = board.rows.first { $0.id == ledger.modelID.value }
            let account = try ledger.account(sequence: 0, asOf: recorder.lastBar ?? Timestamp(nanoseconds: 0))
            return Model(
                model: ledger.modelID, buys: tally.buys, sells: tally.sells, fills: tally.fills, fees: account.fees,
                finalEquity: account.nav, realizedPnL: account.realizedPnL,
                metrics: row?.returnMetrics
            )
        }
    }

    /// The JSON text of `summary.json`.
    public var json: String {
        let entries = models.map { m in
            let fields: [(String, String)] = [
                ("model", quoted(m.model.value)), ("bars", "\(bars)"), ("buys", "\(m.buys)"), ("sells", "\(m.sells)"), ("fills", "\(m.fills)"),
                ("fees", quoted(m.fees.description)), ("realized_pnl", quoted(m.realizedPnL.description)),
                ("final_equity", MetricsJSON.number(m.finalEquity.doubleValue)), ("final_equity_decimal", quoted(m.finalEquity.description)),
                ("metrics", m.metrics.map(MetricsJSON.render) ?? "null"),
            ]
            return "    {" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
        }
        let head: [(String, String)] = [
            ("bars", "\(bars)"), ("rounds", "\(rounds)"), ("from_ms", from.map { "\($0.nanoseconds / 1_000_000)" } ?? "null"),
            ("to_ms", to.map { "\($0.nanoseconds / 1_000_000)" } ?? "null"), ("starting_capital", quoted(startingCapital.description)),
        ]
        return "{\n" + head.map { "  \"\($0.0)\": \($0.1),\n" }.joined() + "  \"models\": [\n" + entries.joined(separator: ",\n") + "\n  ]\n}\n"
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// Runs a backtest of `setup` into `directory`: the market tape through the kernel, the records
/// and `summary.json` written there.
public enum Backtest {
    /// The store the records go to unless another is named: an SQLite file in the output directory.
    public static let defaultStoreFile = "records.sqlite"

    /// Without `records`, neither `records/` nor a store is written: the results, the fills and
    /// the report are. With them, the records also go to the store at `store` (a store URL;
    /// nil: `sqlite:<directory>/records.sqlite`), as a live arena's reporter keeps them.
    public static func run(
        _ setup: BacktestSetup, into directory: URL, records: Bool = true, store: String? = nil, logger: Logger = Logger(label: "arena.backtest")
    ) async throws -> BacktestSummary {
        let recorder = try BacktestRecorder(directory: directory, models: setup.models, capital: setup.execution.startingCapital, records: records)
        let stored: StoreRecorder? = records ? try await StoreRecorder.open(
            url: store ?? "sqlite:" + directory.appendingPathComponent(defaultStoreFile).path, models: setup.models,
            capital: setup.execution.startingCapital, logger: logger
        ) : nil
        var kernel = try BacktestKernel(setup, sink: stored.map { BacktestSinks([recorder, $0]) } ?? recorder)
        var tape = try await MarketTape.open(setup.market, input: setup.input)
        while let message = try tape.nextMessage() {
            try await kernel.take(message)
            try await stored?.drain()
        }
        let ledgers = try await kernel.finish()
        if let stored {
            let rows = try await stored.close()
            logger.info("records stored", metadata: ["store": "\(stored.location)", "rows": "\(rows)"])
        }
        let board = recorder.book.leaderboard()
        let summary = try BacktestSummary(
            recorder: recorder, board: board, ledgers: ledgers, rounds: kernel.rounds, startingCapital: setup.execution.startingCapital
        )
        try Data(summary.json.utf8).write(to: directory.appendingPathComponent("summary.json"))
        let report = BacktestReport(summary: summary, board: board, book: recorder.book)
        try Data(report.html.utf8).write(to: directory.appendingPathComponent("report.html"))
        try Data(report.leaderboardJSON()).write(to: directory.appendingPathComponent("leaderboard.json"))
        return summary
    }
}
