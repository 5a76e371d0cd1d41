import Arena
import ArenaCore
import ArenaRuntime
import ArenaTesting
import Backtest
import Foundation
import Testing

/// `ema_cross` studies on the bundled BTC minutes (2023-04-01 → 04-03): the same run twice writes
/// the same bytes, changing the market after a tick changes nothing up to it, and fees count.
@Suite(.cpuBound) struct BacktestStudyTests {
    static let data = TestData.samples.appendingPathComponent("BTC_USDT-1m-20230401-20230403.json").path

    /// Runs the study of `data` with `feeBps` into a fresh directory.
    static func run(data: String = data, feeBps: FixedDecimal = 5) async throws -> (URL, BacktestSummary) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backtest-\(UUID().uuidString)")
        let study = StudyConfig(model: "ema_cross", data: data, symbol: Symbol(unchecked: "BTCUSDT"), feeBps: feeBps, slippageBps: 0, cash: 10_000)
        let config = try ArenaConfig.parse(yaml: study.yaml, source: "study", catalogue: ArenaCatalogue.catalogue)
        return (directory, try await Backtest.run(BacktestSetup(config), into: directory))
    }

    /// The files of a run but its store (compared by its rows: ``StoredRecords``).
    static func files(in directory: URL) throws -> [String: Data] {
        let names = try FileManager.default.subpathsOfDirectory(atPath: directory.path)
            .filter { !$0.hasSuffix("records") && !$0.hasPrefix(Backtest.defaultStoreFile) }.sorted()
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: directory.appendingPathComponent($0))) })
    }

    @Test func twoRunsWriteTheSameBytes() async throws {
        let (first, summary) = try await Self.run()
        let (second, _) = try await Self.run()
        defer { for d in [first, second] { try? FileManager.default.removeItem(at: d) } }
        #expect(summary.models.first?.fills ?? 0 > 20)
        let a = try Self.files(in: first), b = try Self.files(in: second)
        #expect(a.keys.sorted() == b.keys.sorted())
        #expect(a.keys.contains("records/decisions.jsonl") && a.keys.contains("summary.json") && a.keys.contains("fills.csv"))
        for (name, bytes) in a { #expect(b[name] == bytes, "\(name) differs between two runs") }
        let rowsA = try await StoredRecords.rows(in: first), rowsB = try await StoredRecords.rows(in: second)
        #expect(rowsA.keys.sorted() == StoredRecords.tables)
        for (table, rows) in rowsA {
            #expect(!rows.isEmpty || table == "reporter_reports", "\(table) is empty")
            #expect(rowsB[table] == rows, "\(table) differs between two runs")
        }
    }

    /// Every bar after the fill bar of the tick at the middle of the data is moved 37 % up. Every
    /// decision at or before the tick, and every fill on a bar opening at or before it, is unchanged.
    @Test func changingTheMarketAfterATickChangesNothingUpToIt() async throws {
        let rows = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.data))) as? [[Double]])
        let cut = rows.count / 2
        let tick = Int64(rows[cut][0]) + 60_000  // the close of bar `cut`: a decision tick (1m ticks)
        let changed = rows.enumerated().map { i, row in i <= cut + 1 ? row : [row[0]] + row[1...4].map { $0 * 1.37 } + [row[5]] }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("changed-\(UUID().uuidString).json").path
        try JSONSerialization.data(withJSONObject: changed).write(to: URL(fileURLWithPath: path))
        let (original, _) = try await Self.run()
        let (moved, _) = try await Self.run(data: path)
        defer { for d in [original, moved] { try? FileManager.default.removeItem(at: d) } }

        func decisions(_ directory: URL) throws -> [String] {
            try String(contentsOf: directory.appendingPathComponent("records/decisions.jsonl"), encoding: .utf8).split(separator: "\n")
                .map(String.init).filter { line in
                    let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                    return ((object?["tick"] as? NSNumber)?.int64Value ?? .max) / 1_000_000 <= tick
                }
        }
        func fills(_ directory: URL) throws -> [String] {
            try String(contentsOf: directory.appendingPathComponent("fills.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
                .map(String.init).filter { (Int64($0.split(separator: ",")[0]) ?? .max) <= tick }
        }
        let kept = try decisions(original)
        #expect(kept.count > 1_000)
        #expect(try decisions(moved) == kept)
        #expect(try fills(moved) == fills(original))
        #expect(try !fills(original).isEmpty)
        // And the change did reach the run after the tick.
        let after = try String(contentsOf: moved.appendingPathComponent("records/decisions.jsonl"), encoding: .utf8)
        #expect(try after != String(contentsOf: original.appendingPathComponent("records/decisions.jsonl"), encoding: .utf8))
    }

    @Test func feesCount() async throws {
        let (charged, withFees) = try await Self.run(feeBps: 5)
        let (free, withoutFees) = try await Self.run(feeBps: 0)
        defer { for d in [charged, free] { try? FileManager.default.removeItem(at: d) } }
        let a = try #require(withFees.models.first), b = try #require(withoutFees.models.first)
        #expect(a.fills == b.fills)
        #expect(a.fees.isPositive && b.fees == .zero)
        #expect(b.finalEquity > a.finalEquity)
        let summary = try String(contentsOf: charged.appendingPathComponent("summary.json"), encoding: .utf8)
        #expect(summary.contains("\"fees\": \"\(a.fees)\""))
    }
}
