/// Reads an equity curve from CSV text: `timestamp_ms,equity` per line, an optional header line
/// naming those columns, blank lines ignored.
public enum EquityCSV {
    /// A line that is not a point of an equity curve.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// The points of `text`, in file order (``EquitySeries`` then checks their order and values).
    public static func parse(_ text: String) throws(ParseError) -> [EquityPoint] {
        var points: [EquityPoint] = []
        var sawContent = false
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingSuffix("\r")
            if line.allSatisfy(\.isWhitespace) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
            guard fields.count == 2 else {
                throw ParseError(line: offset + 1, reason: "expected 2 fields (timestamp_ms,equity), found \(fields.count)")
            }
            defer { sawContent = true }
            if !sawContent, fields[0] == "timestamp_ms", fields[1] == "equity" { continue }
            guard let time = Int64(fields[0]) else { throw ParseError(line: offset + 1, reason: "timestamp_ms '\(fields[0])' is not an integer") }
            guard let equity = Double(fields[1]), equity.isFinite else {
                throw ParseError(line: offset + 1, reason: "equity '\(fields[1])' is not a finite number")
            }
            points.append(EquityPoint(timeMilliseconds: time, equity: equity))
        }
        return points
    }
}

extension Substring {
    fileprivate func trimmingSuffix(_ suffix: Character) -> Substring { last == suffix ? dropLast() : self }
    fileprivate func trimmingWhitespace() -> Substring {
        var trimmed = self
        while trimmed.first?.isWhitespace == true { trimmed.removeFirst() }
        while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
        return trimmed
    }
}
