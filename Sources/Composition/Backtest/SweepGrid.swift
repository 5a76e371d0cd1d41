import Analytics
import Foundation

/// A grid of model parameters for `arena backtest --sweep`: `fast=5,9,12;slow=21,26` is every
/// combination of the listed values (here six), in the order written, the last key varying fastest.
public struct SweepGrid: Sendable, Hashable {
    /// One axis: a parameter and its values.
    public struct Axis: Sendable, Hashable {
        public var key: String
        public var values: [String]
    }

    public var axes: [Axis]

    /// Why a grid was refused.
    public enum ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        case empty
        case badAxis(String)
        case repeatedKey(String)

        public var description: String {
            switch self {
            case .empty: "the sweep grid is empty (expected e.g. fast=5,9,12;slow=21,26)"
            case .badAxis(let text): "'\(text)': expected key=value,value,… with at least one value"
            case .repeatedKey(let key): "'\(key)' appears twice in the sweep grid"
            }
        }
    }

    /// Parses `key=v1,v2;key2=v3,…` (whitespace around parts ignored).
    public init(parsing text: String) throws(ParseError) {
        let parts = text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { throw .empty }
        var axes: [Axis] = [], seen: Set<String> = []
        for part in parts {
            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2, !pieces[0].isEmpty else { throw .badAxis(part) }
            let values = pieces[1].split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !values.isEmpty, values.allSatisfy({ !$0.isEmpty }) else { throw .badAxis(part) }
            guard seen.insert(pieces[0]).inserted else { throw .repeatedKey(pieces[0]) }
            axes.append(Axis(key: pieces[0], values: values))
        }
        self.axes = axes
    }

    /// Every combination, each as `(key, value)` pairs in axis order.
    public var points: [[(String, String)]] {
        axes.reduce([[]]) { partial, axis in partial.flatMap { prefix in axis.values.map { prefix + [(axis.key, $0)] } } }
    }

    /// A folder name for a point: `fast=9_slow=21`.
    public static func label(_ point: [(String, String)]) -> String {
        point.map { "\($0.0)=\($0.1)" }.joined(separator: "_").map { $0.isLetter || $0.isNumber || "=._-".contains($0) ? $0 : "-" }
            .reduce(into: "") { $0.append($1) }
    }
}

/// The combined report of a sweep: one row per grid point from its run's `summary.json`, best final
/// equity first, as `sweep.csv` and `sweep.html`.
public struct SweepReport: Sendable {
    /// One point's result.
    public struct Row: Sendable {
        public var point: [(String, String)]
        public var buys: Int, fills: Int
        public var finalEquity: Double
        public var totalReturn: Double?, sharpe: Double?, maxDrawdown: Double?
    }

    public var keys: [String]
    public var rows: [Row]

    /// The report of `grid`'s points, each read from `directory/runs/<label>/summary.json` (its first model).
    public init(grid: SweepGrid, directory: URL) throws {
        keys = grid.axes.map(\.key)
        rows = try grid.points.map { point in
            let url = directory.appendingPathComponent("runs").appendingPathComponent(SweepGrid.label(point)).appendingPathComponent("summary.json")
            guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any],
                  let model = (object["models"] as? [[String: Any]])?.first,
                  let buys = model["buys"] as? Int, let fills = model["fills"] as? Int, let equity = (model["final_equity"] as? NSNumber)?.doubleValue
            else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: url.path]) }
            let metrics = model["metrics"] as? [String: Any]
            func metric(_ key: String) -> Double? { (metrics?[key] as? NSNumber)?.doubleValue }
            return Row(
                point: point, buys: buys, fills: fills, finalEquity: equity, totalReturn: metric("total_return"), sharpe: metric("sharpe"),
                maxDrawdown: metric("max_drawdown")
            )
        }.sorted { $0.finalEquity > $1.finalEquity }
    }

    /// `sweep.csv`.
    public var csv: String {
        let header = keys + ["buys", "fills", "final_equity", "total_return", "sharpe", "max_drawdown"]
        let lines = rows.map { row in
            (row.point.map(\.1) + ["\(row.buys)", "\(row.fills)", "\(row.finalEquity)"] + [row.totalReturn, row.sharpe, row.maxDrawdown].map { $0.map { "\($0)" } ?? "" })
                .joined(separator: ",")
        }
        return ([header.joined(separator: ",")] + lines).joined(separator: "\n") + "\n"
    }

    /// `sweep.html`: the same table, each point linked to its own report.
    public var html: String {
        let header = (keys.map(HTMLEscape.text) + ["buys", "fills", "final equity", "total return", "Sharpe", "max drawdown", ""]).map { "<th>\($0)</th>" }.joined()
        let lines = rows.map { row -> String in
            let label = SweepGrid.label(row.point)
            let cells = row.point.map { HTMLEscape.text($0.1) } + [
                "\(row.buys)", "\(row.fills)", String(format: "%.2f", row.finalEquity),
                row.totalReturn.map { String(format: "%.2f %%", $0 * 100) } ?? "", row.sharpe.map { String(format: "%.2f", $0) } ?? "",
                row.maxDrawdown.map { String(format: "%.2f %%", $0 * 100) } ?? "", "<a href=\"runs/\(HTMLEscape.text(label))/report.html\">report</a>",
            ]
            return "<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>"
        }
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Sweep</title>
        <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}</style>
        </head><body><h1>Sweep: \(rows.count) runs</h1>
        <table><thead><tr>\(header)</tr></thead><tbody>
        \(lines.joined(separator: "\n"))
        </tbody></table></body></html>

        """
    }
}
