import Arena
import ArenaCore
import ArenaRuntime
import ArenaStore
import ArgumentParser
import Backtest
import Foundation

/// `arena backtest`: the arena's kernels in one process over a replay, on the data's clock.
struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Run a backtest: the feature engine, the models, the risk guard and the OMS with the paper venue, in one process on replayed data.",
        discussion: """
        Either a whole arena configuration (--config: its market.replay files, roster, risk limits and costs), or a one-model study
        on one kline file (--model and --data): 1m ticks, every risk limit off, entries sized at the fill with all the cash asked for.
        DIR receives summary.json (per model: model, bars, buys, fills, final_equity and the metrics of `arena metrics`), fills.csv,
        equity-<model>.csv, records/*.jsonl (every decision, verdict, order event, fill and account) and, for a study, config.yaml.
        The records also go to a store as a live arena's reporter keeps them (the hash-chained audit log, NAV curves, accounts,
        period reports): DIR/records.sqlite, or the store --store names. `arena audit verify --store URL` checks it, and a
        reporter restores the run from it as from its own history.
        """
    )

    @Option(help: "An arena configuration file to backtest.")
    var config: String?

    @Option(help: "Replay what a gateway stored (sqlite:PATH or postgres://…) instead of the configuration's replay files (with --config).")
    var fromStore: String?

    @Option(help: "With --from-store: the first time replayed, ISO 8601 (e.g. 2023-04-01T00:00:00Z; default: the beginning).")
    var start: String?

    @Option(help: "With --from-store: the time the replay stops before, ISO 8601 (default: the end).")
    var end: String?

    @Option(help: "A model kind for a one-model study (e.g. ema_cross).")
    var model: String?

    @Option(help: "The kline file of the study (freqtrade JSON or Binance CSV).")
    var data: String?

    @Option(help: "The study's symbol (default: from the file name, e.g. BTC_USDT-1m.json → BTCUSDT).")
    var symbol: String?

    @Option(name: .customLong("param"), help: "A model parameter of the study, key=value (repeatable).")
    var parameters: [String] = []

    @Option(help: "The study's taker and maker fee in basis points.")
    var feeBp = "5"

    @Option(help: "The study's adverse slippage of market orders in basis points.")
    var slippageBp = "0"

    @Option(help: "The study's starting cash per model (quote currency).")
    var cash = "10000"

    @Option(help: "A grid of the study model's parameters, e.g. \"fast=5,9,12;slow=21,26\": every combination is run, in parallel.")
    var sweep: String?

    @Option(help: "How many runs of a sweep at once (default: the number of cores).")
    var jobs: Int?

    @Flag(help: "Leave out the records (records/ and the store): the summary, fills, curves and report only.")
    var noRecords = false

    @Option(help: "The store for the records: sqlite:PATH or postgres://user@host:port/db, preferably empty (default: sqlite:DIR/records.sqlite).")
    var store: String?

    @Option(help: "The output directory.")
    var output: String

    func validate() throws {
        switch (config, model, data) {
        case (.some, nil, nil), (nil, .some, .some): break
        default: throw ValidationError("give either --config FILE, or --model KIND with --data FILE")
        }
        if sweep != nil, config != nil { throw ValidationError("--sweep varies a study's model: use it with --model and --data") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if fromStore == nil, start != nil || end != nil { throw ValidationError("--start and --end bound a replay --from-store") }
        if let fromStore {
            if config == nil { throw ValidationError("--from-store replays a configuration's universe: use it with --config") }
            do { _ = try StoreURL(parsing: fromStore) } catch { throw ValidationError("--from-store: \(error)") }
            _ = try range()
        }
        if let store {
            if noRecords { throw ValidationError("--store holds the records: it cannot go with --no-records") }
            if sweep != nil { throw ValidationError("--store is one run's store: a sweep writes each point's records to its own directory") }
            do { _ = try StoreURL(parsing: store) } catch { throw ValidationError("--store: \(error)") }
        }
    }

    func run() async throws {
        let directory = URL(fileURLWithPath: output, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if let sweep {
            let grid: SweepGrid
            do { grid = try SweepGrid(parsing: sweep) } catch { throw ValidationError("--sweep: \(error)") }
            return try await BacktestSweep(grid: grid, study: try studyArguments(), directory: directory, jobs: jobs).run()
        }
        let loaded: ArenaConfig
        if let config {
            // ARENA_* overrides apply, as for every command that reads a configuration.
            loaded = try ArenaConfig.load(path: config, catalogue: ArenaCatalogue.catalogue)
        } else {
            let study = try studyConfig()
            try Data(study.yaml.utf8).write(to: directory.appendingPathComponent("config.yaml"))
            loaded = try ArenaConfig.parse(yaml: study.yaml, source: "study", catalogue: ArenaCatalogue.catalogue)
        }
        let setup = try BacktestSetup(loaded, input: fromStore.map { .store(url: $0, range: try range()) } ?? .files)
        let started = ContinuousClock.now
        let summary = try await Backtest.run(setup, into: directory, records: !noRecords, store: store)
        let seconds = (ContinuousClock.now - started).seconds
        for m in summary.models {
            print("\(m.model): \(summary.bars) bars, \(m.buys) buys, \(m.fills) fills, final equity \(m.finalEquity)")
        }
        print(String(
            format: "%d bars in %.3f s (%.0f bars/s), peak memory %.1f MiB; results in %@", summary.bars, seconds,
            Double(summary.bars) / max(seconds, 1e-9), Double(Self.peakMemoryKiB() ?? 0) / 1024, output
        ))
    }

    /// The range of a replay from the store: --start ..< --end, each open-ended when not given.
    private func range() throws -> TimeRange {
        func time(_ text: String?, _ name: String, _ absent: Int64) throws -> Timestamp {
            guard let text else { return Timestamp(nanoseconds: absent) }
            guard let time = TrainingData.time(text) else { throw ValidationError("--\(name) \(text): expected an ISO 8601 time such as 2023-04-01T00:00:00Z") }
            return time
        }
        let range = TimeRange(from: try time(start, "start", 0), to: try time(end, "end", .max))
        guard range.from < range.to else { throw ValidationError("--start must be before --end") }
        return range
    }

    /// This command's study options, for the runs of a sweep.
    private func studyArguments() throws -> [String] {
        guard let model, let data else { throw ValidationError("--model and --data go together") }
        return ["--model", model, "--data", data, "--fee-bp", feeBp, "--slippage-bp", slippageBp, "--cash", cash]
            + (symbol.map { ["--symbol", $0] } ?? []) + parameters.flatMap { ["--param", $0] } + (noRecords ? ["--no-records"] : [])
    }

    private func studyConfig() throws -> StudyConfig {
        guard let model, let data else { throw ValidationError("--model and --data go together") }
        guard let symbol = try symbol.map({ try Symbol($0) }) ?? StudyConfig.symbol(inFileName: data) else {
            throw ValidationError("cannot tell the symbol from \(data): give --symbol")
        }
        let parameters = try self.parameters.map { item in
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("--param \(item): expected key=value") }
            return (parts[0], parts[1])
        }
        func decimal(_ text: String, _ name: String) throws -> FixedDecimal {
            guard let value = try? FixedDecimal(parsing: text), !value.isNegative else { throw ValidationError("--\(name) \(text): expected a number ≥ 0") }
            return value
        }
        return StudyConfig(
            model: model, data: data, symbol: symbol, feeBps: try decimal(feeBp, "fee-bp"), slippageBps: try decimal(slippageBp, "slippage-bp"),
            cash: try decimal(cash, "cash"), parameters: parameters
        )
    }
}

extension BacktestCommand {
    /// The process's peak resident memory (`VmHWM` of /proc/self/status) in KiB; nil where there is none.
    static func peakMemoryKiB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return line.split(separator: " ").compactMap { Int($0) }.first
        }
        return nil
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
