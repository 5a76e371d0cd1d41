import ArenaCore
import Foundation
import MarketData
import Testing

/// Lines of the raw WebSocket captures in `shared/data/raw`, with their receive times.
enum CaptureLines {
    /// One captured message.
    struct Line {
        var number: Int
        var receivedAt: Timestamp
        var json: String
    }

    /// `binance_ws_raw_hftbacktest/<name>.gz`: `<recv_ns> <json>` per line, inflated by the replay reader.
    static func hftbacktest(_ name: String) throws -> [Line] {
        try hftbacktest(at: SharedData.raw.appendingPathComponent("binance_ws_raw_hftbacktest/\(name).gz"))
    }

    /// A gzipped `<recv_ns> <json>` capture anywhere (the repository's samples).
    static func hftbacktest(at url: URL) throws -> [Line] {
        let text = try gunzip(url)
        var out: [Line] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            guard let space = raw.firstIndex(of: " "), let ns = Int64(raw[..<space]) else {
                throw CaptureError(line: i + 1, reason: "no receive time")
            }
            out.append(Line(number: i + 1, receivedAt: Timestamp(nanoseconds: ns), json: String(raw[raw.index(after: space)...])))
        }
        return out
    }

    /// `ws_raw_cryptofeed/<name>`: data lines `<seconds.fraction>: <json>`; the URL line,
    /// outgoing `<url> <- …` lines and blank lines are skipped.
    static func cryptofeed(_ name: String) throws -> [Line] {
        let text = try String(contentsOf: SharedData.raw.appendingPathComponent("ws_raw_cryptofeed/\(name)"), encoding: .utf8)
        var out: [Line] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard i > 0, !raw.isEmpty, !raw.contains(" <- "), let colon = raw.firstIndex(of: ":") else { continue }
            let seconds = try FixedDecimal(parsing: raw[..<colon])
            // FixedDecimal has 12 fractional digits: raw / 1000 is nanoseconds.
            let ns = Int64(seconds.raw / 1_000)
            out.append(Line(number: i + 1, receivedAt: Timestamp(nanoseconds: ns), json: String(raw[raw.index(colon, offsetBy: 2)...])))
        }
        return out
    }

    struct CaptureError: Error { var line: Int; var reason: String }

    private static func gunzip(_ url: URL) throws -> String {
        String(decoding: try ByteLines.contents(path: url.path), as: UTF8.self)
    }
}

/// Tallies of decoded events by kind.
struct EventCounts: Equatable, CustomStringConvertible {
    var trades = 0, klines = 0, bookTops = 0, depthUpdates = 0, snapshots = 0, funding = 0, liquidations = 0

    mutating func add(_ event: MarketEvent) {
        switch event {
        case .market(.trade): trades += 1
        case .market(.bar): klines += 1
        case .market(.bookTop): bookTops += 1
        case .depthUpdate: depthUpdates += 1
        case .depthSnapshot: snapshots += 1
        case .market(.funding): funding += 1
        case .market(.liquidation): liquidations += 1
        case .market(.depth): Issue.record("a venue decoder produced a synchronised book")
        case .market(.positioning): Issue.record("a stream decoder produced positioning statistics (they are polled)")
        }
    }

    var description: String {
        "trades \(trades) klines \(klines) bookTops \(bookTops) depth \(depthUpdates) snapshots \(snapshots) funding \(funding) liquidations \(liquidations)"
    }
}
