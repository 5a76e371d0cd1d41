import Foundation

/// `arena backtest` against the peers, each measured in the same run (issue #19):
/// - `ema_cross` through the whole in-process stack on Binance BTC/USDT 1m (66,087 bars), one core,
///   against backtrader (cheat-on-open) and vectorbt run by `scripts/peer_backtest.py` from `.venv`
///   (NautilusTrader is not measured: no release for Python 3.11 accepts the pandas 3 the oracles pin);
/// - the same on ten copies of the data, against the one-copy run (bars/s and peak memory);
/// - a sweep of 64 parameter sets on the bundled three days with `--jobs 2` against `--jobs 1`.
///
/// Every run is its own process (`arena backtest --no-records`: the results, fills, curves and report,
/// not the JSON Lines of every record), as a user runs it; its own report of bars/s (the run, the
/// file's parse included) and peak memory is read from its output.
enum BacktestBench {
    static let data = "../shared/data/raw/binance_spot_freqtrade_json/BTC_USDT-1m.json"
    static let sample = "data/samples/BTC_USDT-1m-20230401-20230403.json"
    static let python = ".venv/bin/python"

    struct Run {
        var barsPerSecond: Double
        var peakMiB: Double
        var seconds: Double
    }

    static func run(quick: Bool) async throws -> [BenchResult] {
        guard FileManager.default.fileExists(atPath: data) else { throw BenchError.failed("\(data) is absent; run from the repository root") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backtest-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copies = quick ? 2 : 10
        let (bytes, _) = try ReplayInput.klines(copies: copies, from: data)
        let copied = folder.appendingPathComponent("BTC_USDT-1m-x\(copies).json")
        try Data(bytes).write(to: copied)

        let once = try await backtest(data, folder.appendingPathComponent("x1"))
        let many = try await backtest(copied.path, folder.appendingPathComponent("x\(copies)"))
        var results: [BenchResult] = []
        for engine in ["backtrader", "vectorbt"] {
            let peer = try await peerRate(engine, folder.appendingPathComponent(engine))
            results.append(BenchResult(
                name: "ema_cross backtest, full in-process stack (records off), BTC 1m (66,087 bars), one core", value: once.barsPerSecond, unit: "bars/s",
                baseline: "\(engine) on the same bars (scripts/peer_backtest.py)", baselineValue: peer, ratio: once.barsPerSecond / peer
            ))
        }
        results.append(BenchResult(
            name: "ema_cross backtest on \(copies) copies of the data", value: many.barsPerSecond, unit: "bars/s",
            baseline: "the one-copy run", baselineValue: once.barsPerSecond, ratio: many.barsPerSecond / once.barsPerSecond
        ))
        results.append(BenchResult(
            name: "peak memory of the \(copies)-copy backtest", value: many.peakMiB, unit: "MiB",
            baseline: "the one-copy run", baselineValue: once.peakMiB, ratio: many.peakMiB / once.peakMiB
        ))
        let grid = quick ? "fast=5,9;slow=21,26" : "fast=5,6,7,8,9,10,11,12;slow=21,22,23,24,25,26,27,28"
        let points = quick ? 4 : 64
        let sequential = try await sweep(grid, jobs: 1, folder.appendingPathComponent("sweep1"))
        let parallel = try await sweep(grid, jobs: 2, folder.appendingPathComponent("sweep2"))
        results.append(BenchResult(
            name: "sweep of \(points) ema_cross parameter sets, 3 days of BTC 1m, --jobs 2", value: Double(points) / parallel, unit: "runs/s",
            baseline: "the same sweep with --jobs 1", baselineValue: Double(points) / sequential, ratio: sequential / parallel
        ))
        return results
    }

    /// One `arena backtest` study of `data`: its own figures.
    static func backtest(_ data: String, _ output: URL) async throws -> Run {
        let run = try await ChildRun.run(
            CommandLine.arguments[0], ["backtest", "--model", "ema_cross", "--data", data, "--no-records", "--output", output.path]
        )
        guard run.status == 0 else { throw BenchError.failed("arena backtest failed: \(run.output.suffix(500))") }
        // "66087 bars in 1.234 s (53555 bars/s), peak memory 210.3 MiB; results in …"
        let words = run.output.split(whereSeparator: { " (),;\n".contains($0) })
        guard let rateIndex = words.firstIndex(of: "bars/s"), let rate = Double(words[rateIndex - 1]),
              let memoryIndex = words.firstIndex(of: "MiB"), let memory = Double(words[memoryIndex - 1]),
              let secondsIndex = words.firstIndex(of: "s"), let seconds = Double(words[secondsIndex - 1])
        else { throw BenchError.failed("unreadable arena backtest output: \(run.output.suffix(300))") }
        return Run(barsPerSecond: rate, peakMiB: memory, seconds: seconds)
    }

    /// A peer engine's bars/s on the BTC minutes, as scripts/peer_backtest.py measures it.
    static func peerRate(_ engine: String, _ output: URL) async throws -> Double {
        guard FileManager.default.isExecutableFile(atPath: python) else { throw BenchError.failed("\(python) is missing: run `make venv`") }
        let run = try await ChildRun.run(python, ["scripts/peer_backtest.py", "--engine", engine, "--data", data, "--output", output.path])
        guard run.status == 0,
              let object = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("summary.json"))) as? [String: Any],
              let rate = (object["bars_per_second"] as? NSNumber)?.doubleValue
        else { throw BenchError.failed("\(engine) failed: \(run.output.suffix(500))") }
        return rate
    }

    /// The wall time of `arena backtest --sweep grid --jobs N` on the bundled three days.
    static func sweep(_ grid: String, jobs: Int, _ output: URL) async throws -> Double {
        let started = ContinuousClock.now
        let run = try await ChildRun.run(
            CommandLine.arguments[0], ["backtest", "--model", "ema_cross", "--data", sample, "--sweep", grid, "--jobs", "\(jobs)", "--no-records", "--output", output.path]
        )
        guard run.status == 0 else { throw BenchError.failed("the sweep failed: \(run.output.suffix(500))") }
        return (ContinuousClock.now - started).seconds
    }
}
