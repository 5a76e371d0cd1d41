/// A line chart drawn as a self-contained SVG string (no script, no external asset), so the
/// dashboard works offline and the server decides what is drawn.
public struct LineChart: Sendable {
    /// One named line.
    public struct Line: Sendable {
        public var name: String
        public var points: [EquityPoint]
        public init(name: String, points: [EquityPoint]) {
            self.name = name
            self.points = points
        }
    }

    public var width: Int
    public var height: Int
    /// Points drawn per line at most; longer lines are downsampled with ``LargestTriangleThreeBuckets``.
    public var maxPointsPerLine: Int

    public init(width: Int = 960, height: Int = 360, maxPointsPerLine: Int = 1_000) {
        self.width = width
        self.height = height
        self.maxPointsPerLine = maxPointsPerLine
    }

    /// A palette that stays distinguishable for a dozen lines.
    static let colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// The SVG of `lines`, each downsampled, scaled together to the chart's box, with a legend and
    /// the value range on the axis. An empty chart says so instead of drawing nothing.
    public func svg(_ lines: [Line], title: String) -> String {
        let drawn = lines.map { Line(name: $0.name, points: LargestTriangleThreeBuckets.downsample($0.points, threshold: maxPointsPerLine)) }
        let all = drawn.flatMap(\.points)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\">"
        svg += "<title>\(HTMLEscape.text(title))</title>"
        guard let minX = all.map(\.timeMilliseconds).min(), let maxX = all.map(\.timeMilliseconds).max(),
              let minY = all.map(\.equity).min(), let maxY = all.map(\.equity).max()
        else {
            return svg + "<text x=\"10\" y=\"20\">no data yet</text></svg>"
        }
        // The legend has the right margin to itself, so it never hides a curve.
        let left = 70.0, right = 190.0, top = 10.0, bottom = 24.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let spanX = Double(max(maxX - minX, 1)), spanY = maxY > minY ? maxY - minY : 1
        func x(_ t: Int64) -> String { format(left + Double(t - minX) / spanX * plotWidth) }
        func y(_ v: Double) -> String { format(top + (maxY - v) / spanY * plotHeight) }
        svg += "<rect x=\"\(format(left))\" y=\"\(format(top))\" width=\"\(format(plotWidth))\" height=\"\(format(plotHeight))\" fill=\"none\" stroke=\"#ccc\"/>"
        svg += "<text x=\"4\" y=\"\(format(top + 10))\" font-size=\"11\">\(format(maxY))</text>"
        svg += "<text x=\"4\" y=\"\(format(top + plotHeight))\" font-size=\"11\">\(format(minY))</text>"
        for (index, line) in drawn.enumerated() where !line.points.isEmpty {
            let colour = Self.colours[index % Self.colours.count]
            let path = line.points.map { "\(x($0.timeMilliseconds)),\(y($0.equity))" }.joined(separator: " ")
            svg += "<polyline class=\"series\" data-name=\"\(HTMLEscape.attribute(line.name))\" data-points=\"\(line.points.count)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" points=\"\(path)\"/>"
            svg += "<text class=\"legend\" x=\"\(format(Double(width) - right + 8))\" y=\"\(format(top + 14 + Double(index) * 14))\" font-size=\"11\" fill=\"\(colour)\">\(HTMLEscape.text(line.name))</text>"
        }
        return svg + "</svg>"
    }

    /// Two decimals: enough for pixels and for the axis labels of a NAV.
    private func format(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        return scaled == scaled.rounded() ? String(Int64(scaled)) : String(scaled)
    }
}

/// Escaping for text and attribute values inside HTML and SVG.
public enum HTMLEscape {
    /// `text` safe between tags and inside a quoted attribute.
    public static func text(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// `text` safe inside a quoted attribute (the same escaping as ``text(_:)``).
    public static func attribute(_ text: String) -> String { Self.text(text) }
}
