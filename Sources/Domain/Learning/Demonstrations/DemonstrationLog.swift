import ArenaCore
import Foundation

/// One demonstrated trade: at `time`, `side` `quantity` of `symbol`'s base asset at `price`.
public struct DemonstrationTrade: Sendable, Hashable {
    public enum Side: String, Sendable, Hashable { case buy, sell }

    public var time: Timestamp
    public var symbol: String
    public var side: Side
    public var quantity: Double
    public var price: Double

    public init(time: Timestamp, symbol: String, side: Side, quantity: Double, price: Double) {
        self.time = time
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.price = price
    }

    /// The quantity with its sign: positive for a buy.
    public var signedQuantity: Double { side == .buy ? quantity : -quantity }
}

/// Why a demonstration file cannot be read: the line and what is wrong with it.
public struct DemonstrationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "demonstrations, line \(line): \(reason)" }
}

/// The demonstration CSV (docs/diffusion-policy.md): lines starting with `#` are
/// comments (a synthetic file says so in its first one), then the header
/// `time,symbol,side,quantity,price`, then one trade per line, in time order.
/// `time` is ISO-8601 UTC (`2023-03-17T00:05:00Z`, fractional seconds allowed)
/// or integer milliseconds since the Unix epoch; `side` is `buy` or `sell`;
/// `quantity` (> 0, base asset) and `price` (> 0, quote asset) are decimals.
public enum DemonstrationLog {
    public static let header = "time,symbol,side,quantity,price"

    /// The trades of `text`, or the first line that is wrong.
    public static func parse(_ text: String) throws(DemonstrationError) -> [DemonstrationTrade] {
        var trades: [DemonstrationTrade] = []
        var sawHeader = false
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            let number = index + 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            if !sawHeader {
                guard line == header else { throw DemonstrationError(line: number, reason: "expected the header '\(header)', found '\(line)'") }
                sawHeader = true
                continue
            }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 5 else { throw DemonstrationError(line: number, reason: "\(fields.count) fields, 5 expected") }
            guard let time = parseTime(fields[0]) else {
                throw DemonstrationError(line: number, reason: "time '\(fields[0])' is neither ISO-8601 UTC nor milliseconds")
            }
            guard !fields[1].isEmpty else { throw DemonstrationError(line: number, reason: "no symbol") }
            guard let side = DemonstrationTrade.Side(rawValue: fields[2].lowercased()) else {
                throw DemonstrationError(line: number, reason: "side '\(fields[2])' is neither buy nor sell")
            }
            guard let quantity = Double(fields[3]), quantity.isFinite, quantity > 0 else {
                throw DemonstrationError(line: number, reason: "quantity '\(fields[3])' is not a positive number")
            }
            guard let price = Double(fields[4]), price.isFinite, price > 0 else {
                throw DemonstrationError(line: number, reason: "price '\(fields[4])' is not a positive number")
            }
            if let last = trades.last, time < last.time {
                throw DemonstrationError(line: number, reason: "the trade is earlier than the line before it")
            }
            trades.append(DemonstrationTrade(time: time, symbol: fields[1], side: side, quantity: quantity, price: price))
        }
        guard sawHeader else { throw DemonstrationError(line: 1, reason: "no header '\(header)'") }
        return trades
    }

    /// The CSV of `trades`, after `comments` (each written as a `# ` line). Times are ISO-8601 UTC.
    public static func render(_ trades: [DemonstrationTrade], comments: [String]) -> String {
        var out = comments.map { "# \($0)\n" }.joined() + header + "\n"
        for trade in trades {
            out += "\(isoTime(trade.time)),\(trade.symbol),\(trade.side.rawValue),\(decimal(trade.quantity, places: 6)),\(decimal(trade.price, places: 8))\n"
        }
        return out
    }

    /// ISO-8601 UTC (with or without fractional seconds) or integer milliseconds.
    public static func parseTime(_ text: String) -> Timestamp? {
        if let ms = Int64(text) { return Timestamp(milliseconds: ms) }
        for options in [ISO8601DateFormatter.Options.withInternetDateTime, [.withInternetDateTime, .withFractionalSeconds]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) {
                return Timestamp(milliseconds: Int64((date.timeIntervalSince1970 * 1_000).rounded()))
            }
        }
        return nil
    }

    /// `time` as ISO-8601 UTC to the second (`2023-03-17T00:05:00Z`).
    public static func isoTime(_ time: Timestamp) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = .withInternetDateTime
        return formatter.string(from: Date(timeIntervalSince1970: Double(time.milliseconds) / 1_000))
    }

    /// `x` with at most `places` fractional digits, trailing zeros dropped.
    static func decimal(_ x: Double, places: Int) -> String {
        var text = String(format: "%.\(places)f", x)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
