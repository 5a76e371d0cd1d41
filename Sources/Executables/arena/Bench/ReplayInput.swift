import ArenaCore
import Foundation
import MarketData

/// The replay benchmark's inputs, built from the committed samples, and its baselines.
enum ReplayInput {
    /// `rows` aggTrades rows: the sample's rows repeated, each copy with ids and times moved past the previous copy.
    static func aggTrades(rows: Int, from path: String) throws -> [UInt8] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw BenchError.failed("cannot read \(path); run the benchmark from the repository root")
        }
        // (id, price, quantity, first id, last id, time, maker, best match) of each sample row.
        let records = try text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",").map(String.init)
            guard f.count == 8, let a = Int64(f[0]), let first = Int64(f[3]), let last = Int64(f[4]), let t = Int64(f[5]) else {
                throw BenchError.failed("\(path) is not an aggTrades CSV: \(line.prefix(80))")
            }
            return (a, f[1], f[2], first, last, t, f[6], f[7])
        }
        guard let id0 = records.first?.0, let id1 = records.last?.0, let t0 = records.first?.5, let t1 = records.last?.5 else {
            throw BenchError.failed("\(path) has no rows")
        }
        // Whole days, so every copy keeps the same minute, hour and day structure.
        let day: Int64 = 86_400_000
        let timeShift = ((t1 - t0) / day + 1) * day, idShift = id1 - id0 + 1
        var out = "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match\n"
        out.reserveCapacity(rows * 75)
        var copy: Int64 = 0, n = 0
        while n < rows {
            for r in records where n < rows {
                let id = copy * idShift
                out += "\(r.0 + id),\(r.1),\(r.2),\(r.3 + id),\(r.4 + id),\(r.5 + copy * timeShift),\(r.6),\(r.7)\n"
                n += 1
            }
            copy += 1
        }
        return Array(out.utf8)
    }

    /// The baseline: a plain byte scan of the same buffer that finds the fields and parses price and
    /// quantity as `Double` digit by digit (no exactness, no checks); returns the row count.
    static func naiveScan(_ csv: [UInt8]) -> Int {
        let powers = (0...18).map { pow(10.0, Double($0)) }
        var rows = 0, field = 0, fraction = -1, sum = 0.0, mantissa = 0.0
        csv.withUnsafeBufferPointer { b in
            var i = (b.firstIndex(of: UInt8(ascii: "\n")) ?? b.count) + 1  // past the header
            while i < b.count {
                let c = b[i]
                i += 1
                if c == UInt8(ascii: ",") || c == UInt8(ascii: "\n") {
                    if field == 1 || field == 2 { sum += mantissa / powers[min(max(fraction, 0), 18)] }
                    (mantissa, fraction) = (0, -1)
                    if c == UInt8(ascii: "\n") { rows += 1; field = 0 } else { field += 1 }
                } else if field == 1 || field == 2 {
                    if c == UInt8(ascii: ".") { fraction = 0 } else {
                        mantissa = mantissa * 10 + Double(c &- 48)
                        if fraction >= 0 { fraction += 1 }
                    }
                }
            }
        }
        // The sum is used so the parse is not optimised away.
        return sum > 0 ? rows : 0
    }

    /// `copies` copies of the sample's 1m klines, three days apart, as one freqtrade JSON document.
    static func klines(copies: Int, from path: String) throws -> (bytes: [UInt8], count: Int) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasPrefix("[["), text.hasSuffix("]]") else {
            throw BenchError.failed("cannot read \(path); run the benchmark from the repository root")
        }
        let rows = try text.dropFirst(2).dropLast(2).components(separatedBy: "],[").map { row in
            guard let comma = row.firstIndex(of: ","), let time = Int64(row[..<comma]) else { throw BenchError.failed("\(path): bad row \(row.prefix(80))") }
            return (time, row[comma...])
        }
        let span: Int64 = 3 * 86_400_000
        var parts: [String] = []
        parts.reserveCapacity(rows.count * copies)
        for copy in 0..<Int64(copies) {
            for (time, rest) in rows { parts.append("\(time + copy * span)\(rest)") }
        }
        return (Array(("[[" + parts.joined(separator: "],[") + "]]").utf8), parts.count)
    }

    /// The kline baseline: Foundation's JSON parser on the same document (binary floats, no bars); returns the row count.
    static func foundationParse(_ bytes: [UInt8]) throws -> Int {
        guard let rows = try JSONSerialization.jsonObject(with: Data(bytes)) as? [[Any]] else { throw BenchError.failed("kline JSON") }
        return rows.count
    }
}
