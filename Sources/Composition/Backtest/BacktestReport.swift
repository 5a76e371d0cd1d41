import Analytics
import ArenaCore
import Foundation

/// `report.html`: the leaderboard (the reporter's, with the buy-and-hold and cash baselines) and
/// every NAV curve on one chart, self-contained (inline SVG, no script); and `leaderboard.json`.
public struct BacktestReport: Sendable {
    let summary: BacktestSummary
    let board: Leaderboard
    let book: ArenaBook

    /// The leaderboard as JSON (sorted keys).
    public func leaderboardJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(board)
    }

    /// The page.
    public var html: String {
        var lines = book.models.keys.sorted().map { id in LineChart.Line(name: id.value, points: book.models[id]!.nav) }
        if let symbol = board.benchmarkSymbol, let curve = (try? Symbol(symbol)).flatMap({ book.buyAndHold[$0] }) {
            lines.append(LineChart.Line(name: "buy and hold \(symbol)", points: curve))
        }
        let span = [summary.from, summary.to].map { $0.map { ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double($0.nanoseconds) / 1e9)) } ?? "?" }
        let header = ["", "NAV", "total return", "CAGR", "Sharpe", "Sortino", "max drawdown", "trades", "win rate", "fees", "net PnL"]
        let rows = board.rows.map { row -> String in
            let m = row.returnMetrics, t = row.trades
            let cells = [
                HTMLEscape.text(row.id), number(row.nav, places: 2), percent(m?.totalReturn), percent(m?.cagr), number(m?.sharpe, places: 2),
                number(m?.sortino, places: 2), percent(m?.maxDrawdown), t.map { "\($0.trades)" } ?? "", percent(t?.winRate),
                t.map { HTMLEscape.text($0.fees.description) } ?? "", t.map { HTMLEscape.text($0.netPnL.description) } ?? "",
            ]
            return "<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>"
        }
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Backtest</title>
        <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}</style>
        </head><body>
        <h1>Backtest</h1>
        <p>\(summary.bars) one-minute bars, \(span[0]) → \(span[1]), \(summary.rounds) decision rounds, \(HTMLEscape.text(summary.startingCapital.description)) per model.</p>
        <p>\(HTMLEscape.text(board.note))</p>
        <table><thead><tr>\(header.map { "<th>\($0)</th>" }.joined())</tr></thead><tbody>
        \(rows.joined(separator: "\n"))
        </tbody></table>
        <h2>NAV</h2>
        \(LineChart().svg(lines, title: "NAV of every model and of buy and hold"))
        </body></html>

        """
    }

    private func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return String(format: "%.2f %%", value * 100)
    }

    private func number(_ value: Double?, places: Int) -> String {
        guard let value, value.isFinite else { return "" }
        return String(format: "%.\(places)f", value)
    }
}
