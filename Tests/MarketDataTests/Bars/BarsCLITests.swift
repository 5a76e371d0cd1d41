import ArenaCore
import ArenaTesting
import Foundation
import MarketData
import Testing

/// `arena bars`, run as the built executable on the real files.
@Suite(.requires(SharedData.requirement), .cpuBound)
struct BarsCLITests {
    /// The `arena` executable built next to this test bundle (`swift build --build-tests` builds both).
    static let arena: URL = {
        let bundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("arena")
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var output: String
    }

    /// Runs `arena bars` with `arguments` and `--output` a temporary file; returns the status, streams and file.
    static func bars(_ arguments: [String]) async throws -> Run {
        try #require(FileManager.default.isExecutableFile(atPath: arena.path), "\(arena.path) is missing; build everything first (swift build --build-tests)")
        let output = ReplayTest.temporaryPath(".csv")
        let run = try await ChildProcess.run(arena, ["bars"] + arguments + ["--output", output])
        let written = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return Run(status: run.status, stdout: run.stdout, stderr: run.stderr, output: written)
    }

    static func freqtradeCandles(_ timeframe: Timeframe) throws -> String {
        BarCSV.document(try TradeBarsRealDataTests.candles(timeframe))
    }

    @Test func tradeCSVTo5mEqualsFreqtradesCandles() async throws {
        let run = try await Self.bars([
            "--input", SharedData.csv.appendingPathComponent("XRP_ETH-trades.csv").path, "--timeframe", "5m",
            "--symbol", "XRPETH", "--include-partial",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.output == (try Self.freqtradeCandles(.m5)))
        #expect(run.stdout.contains("wrote 706 5m bars from 12477 trades"))
    }

    @Test func gzippedTradeJSONTo1mEqualsFreqtradesCandles() async throws {
        let run = try await Self.bars([
            "--input", SharedData.raw.appendingPathComponent("freqtrade_testdata/XRP_OLD-trades.json.gz").path,
            "--timeframe", "1m", "--symbol", "XRPETH", "--include-partial",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.output == (try Self.freqtradeCandles(.m1)))
    }

    static let gapless = SharedData.raw.appendingPathComponent("binance_spot_gapless_crypto_data/binance_spot_BTCUSDT-1h_20170817-20240101.csv").path

    /// The 1h file's odd bar at 2018-02-09 09:28:14 (data row 4190) stops the run by default, naming it.
    @Test func offGridRowFailsByDefault() async throws {
        let run = try await Self.bars(["--input", Self.gapless, "--timeframe", "4h"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("row 4190, field open_time: open time 2018-02-09T09:28:14.000Z is not on the 1h grid"), "\(run.stderr)")
    }

    /// Skipped, the off-grid rows are reported on stderr: not one row but 43, every hour from
    /// 2018-02-09 09:28:14 to 2018-02-11 03:28:14 (data rows 4190–4232) sits 28 min 14 s off the grid,
    /// until the exchange's hours realign at 04:00. The last day built from the hours equals Binance's
    /// own daily bar for 2024-01-01 (gapless-crypto-data's separate 1d file).
    @Test func offGridRowSkippedAndReported() async throws {
        let run = try await Self.bars(["--input", Self.gapless, "--timeframe", "1d", "--off-grid", "skip"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("row 4190: open time 2018-02-09T09:28:14.000Z is off the 1h grid"))
        #expect(run.stderr.contains("row 4232: open time 2018-02-11T03:28:14.000Z is off the 1h grid"))
        #expect(run.stderr.contains("skipped 43 off-grid row(s)"))
        let days = try KlineFile.bars(
            atPath: SharedData.raw.appendingPathComponent("binance_spot_gapless_crypto_data/binance_spot_BTCUSDT-1d_20240101-20240102_v2.10.0.csv").path,
            venue: SharedData.binance, symbol: try Symbol("BTCUSDT")
        )
        let last = run.output.split(separator: "\n").last.map(String.init)
        #expect(last == BarCSV.line(try #require(days.first)))
    }

    /// The recorded stream's 1,546 rows with a clock-time trade time: fail by default, skipped and counted on request.
    @Test func badTradeRowsFailOrAreSkipped() async throws {
        let path = SharedData.raw.appendingPathComponent("binance_usdm_liquidations_stream/binance_trades.csv").path
        let failed = try await Self.bars(["--input", path, "--timeframe", "1m", "--symbol", "BTCUSDT"])
        #expect(failed.status != 0 && failed.stderr.contains("binance_trades.csv:7242: field time"), "\(failed.stderr)")
        let skipped = try await Self.bars(["--input", path, "--timeframe", "1m", "--symbol", "BTCUSDT", "--bad-rows", "skip"])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(skipped.stderr.contains("skipped 1546 unreadable trade row(s)"))
        #expect(skipped.stdout.contains("from 11285 trades"))
        let mixed = try await Self.bars(["--input", path, "--timeframe", "1m", "--bad-rows", "skip"])
        #expect(mixed.status != 0 && mixed.stderr.contains("choose one with --symbol"))
    }
}
