import Backtest
import Foundation

/// `arena backtest --sweep`: every point of the grid as its own `arena backtest` process (each on a
/// core of its own, `jobs` at once), a progress bar on standard error, and the combined report
/// (`sweep.csv`, `sweep.html`) from the runs' summaries.
struct BacktestSweep {
    let grid: SweepGrid
    /// The study's options, the same for every point.
    let study: [String]
    let directory: URL
    let jobs: Int?

    func run() async throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let points = grid.points
        let runs = directory.appendingPathComponent("runs")
        let width = min(jobs ?? ProcessInfo.processInfo.activeProcessorCount, points.count)
        let started = ContinuousClock.now
        var failures: [String] = []
        var done = 0
        progress(done, of: points.count)
        try await withThrowingTaskGroup(of: (String, ChildRun).self) { group in
            var next = 0
            func launch() {
                let point = points[next]
                next += 1
                let label = SweepGrid.label(point)
                let arguments = ["backtest"] + study + point.flatMap { ["--param", "\($0.0)=\($0.1)"] }
                    + ["--output", runs.appendingPathComponent(label).path]
                group.addTask { (label, try await ChildRun.run(executable, arguments)) }
            }
            while next < width { launch() }
            for try await (label, result) in group {
                done += 1
                if result.status != 0 { failures.append("\(label): \(result.output.suffix(400))") }
                progress(done, of: points.count)
                if next < points.count { launch() }
            }
        }
        FileHandle.standardError.write(Data("\n".utf8))
        guard failures.isEmpty else { throw SweepFailure(description: "\(failures.count) of \(points.count) runs failed:\n" + failures.joined(separator: "\n")) }
        let report = try SweepReport(grid: grid, directory: directory)
        try Data(report.csv.utf8).write(to: directory.appendingPathComponent("sweep.csv"))
        try Data(report.html.utf8).write(to: directory.appendingPathComponent("sweep.html"))
        let seconds = (ContinuousClock.now - started).seconds
        if let best = report.rows.first {
            print("best of \(points.count): \(SweepGrid.label(best.point)), final equity \(best.finalEquity)")
        }
        print(String(format: "%d runs in %.2f s, %d at once; report in %@", points.count, seconds, width, directory.appendingPathComponent("sweep.html").path))
    }

    /// `\r[#########-----------] 12/64` on standard error.
    private func progress(_ done: Int, of total: Int) {
        let filled = total == 0 ? 0 : done * 30 / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: 30 - filled)
        FileHandle.standardError.write(Data("\rsweep [\(bar)] \(done)/\(total)".utf8))
    }
}

/// Runs of a sweep that failed, with the end of each one's output.
struct SweepFailure: Error, CustomStringConvertible {
    let description: String
}
