import Backtest
import Foundation
import Testing

/// `--sweep`'s grid: every combination in the order written, clear errors, safe folder names, and
/// the combined report ranked by final equity.
@Suite struct SweepGridTests {
    @Test func everyCombinationInOrderTheLastKeyFastest() throws {
        let grid = try SweepGrid(parsing: " fast = 5,9 ; slow=21,26,30 ")
        #expect(grid.axes.map(\.key) == ["fast", "slow"])
        let points = grid.points.map { $0.map { "\($0.0)=\($0.1)" }.joined(separator: " ") }
        #expect(points == ["fast=5 slow=21", "fast=5 slow=26", "fast=5 slow=30", "fast=9 slow=21", "fast=9 slow=26", "fast=9 slow=30"])
        #expect(SweepGrid.label([("fast", "9"), ("symbol", "BTC/USDT")]) == "fast=9_symbol=BTC-USDT")
    }

    @Test(arguments: ["", ";", "fast", "fast=", "=5", "fast=5,,9", "fast=5;fast=9"])
    func badGridsAreRefused(text: String) {
        #expect(throws: SweepGrid.ParseError.self) { try SweepGrid(parsing: text) }
    }

    @Test func theReportRanksThePointsByFinalEquity() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let grid = try SweepGrid(parsing: "fast=5,9")
        for (point, equity) in zip(grid.points, [9_000.5, 11_000.25]) {
            let run = directory.appendingPathComponent("runs").appendingPathComponent(SweepGrid.label(point))
            try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
            let summary = #"{"models": [{"model": "m", "buys": 3, "fills": 6, "final_equity": \#(equity), "metrics": {"total_return": 0.1, "sharpe": 1.5, "max_drawdown": -0.2}}]}"#
            try Data(summary.utf8).write(to: run.appendingPathComponent("summary.json"))
        }
        let report = try SweepReport(grid: grid, directory: directory)
        #expect(report.rows.map(\.finalEquity) == [11_000.25, 9_000.5])
        #expect(report.csv.split(separator: "\n").first == "fast,buys,fills,final_equity,total_return,sharpe,max_drawdown")
        #expect(report.csv.split(separator: "\n")[1] == "9,3,6,11000.25,0.1,1.5,-0.2")
        #expect(report.html.contains("runs/fast=9/report.html"))
    }
}
