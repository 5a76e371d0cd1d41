import Analytics
import ArenaCore
import Execution
import Foundation

/// The backtest's output directory, written as the run goes:
/// - `records/*.jsonl`: every decision, round, verdict, trading-state change, order event, fill,
///   funding payment and account state, one JSON object per line (sorted keys, so two runs of the
///   same configuration on the same data give the same bytes);
/// - `fills.csv`: `bar_open_time_ms,side,price,quantity,fee,model`;
/// - `equity-<model>.csv`: the model's NAV re-marked at every 1m close, as the reporter keeps it
///   (`timestamp_ms,equity`, what `arena metrics` reads), written at the end;
/// - `summary.json`, `leaderboard.json` and `report.html` (at the end, ``BacktestSummary`` and
///   ``BacktestReport``).
///
/// Everything is also applied to the reporter's book (``Analytics/ArenaBook``), whose leaderboard
/// and NAV curves the report shows: the same figures the dashboard would show for the same run.
public final class BacktestRecorder: BacktestSink {
    /// Per-model tallies for the summary.
    struct Tally {
        var buys = 0, sells = 0, fills = 0
    }

    let directory: URL
    private var files: [String: JSONLines] = [:]
    private let fillsCSV: TextLines
    private(set) var book: ArenaBook
    private(set) var tallies: [ModelID: Tally] = [:]
    private(set) var bars1m = 0
    private(set) var firstBar: Timestamp?, lastBar: Timestamp?
    /// The open time of the 1m bar the OMS kernel is processing (the bar a fill happens on).
    private var fillBarOpen: Timestamp?

    /// A recorder writing into `directory` (created; files of an earlier run there are replaced);
    /// without `records`, `records/` is not written.
    public init(directory: URL, models: [ModelID], capital: FixedDecimal, records: Bool = true) throws {
        self.directory = directory
        book = ArenaBook(models: models, capital: capital)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        fillsCSV = try TextLines(directory.appendingPathComponent("fills.csv"), header: "bar_open_time_ms,side,price,quantity,fee,model")
        if records {
            let folder = directory.appendingPathComponent("records")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for name in ["decisions", "rounds", "verdicts", "states", "orders", "fills", "funding", "accounts"] {
                files[name] = try JSONLines(folder.appendingPathComponent("\(name).jsonl"))
            }
        }
        for model in models { tallies[model] = Tally() }
    }

    public func market(_ message: MarketMessage) throws {
        guard case .bar(let bar) = message, bar.timeframe == .m1, bar.isClosed else { return }
        bars1m += 1
        _ = book.mark(bar)
        if firstBar == nil { firstBar = bar.openTime }
        lastBar = bar.openTime
    }

    public func round(_ record: RoundRecord) throws { try files["rounds"]?.write(record) }
    public func decision(_ decision: ModelDecision) throws {
        book.record(decision)
        try files["decisions"]?.write(decision)
    }

    public func verdict(_ verdict: RiskVerdict) throws {
        book.record(verdict)
        try files["verdicts"]?.write(verdict)
    }
    public func stateChange(_ change: TradingStateChange) throws { try files["states"]?.write(change) }

    public func execution(_ record: ExecutionRecord) throws {
        switch record {
        case .market(let input):
            if case .bar(let bar) = input { fillBarOpen = bar.openTime } else { fillBarOpen = nil }
        case .command, .tick:
            fillBarOpen = nil
        case .order(let event): try files["orders"]?.write(event)
        case .fill(let fill):
            try files["fills"]?.write(fill)
            try book.record(fill)
            tallies[fill.modelID, default: Tally()].fills += 1
            if fill.side == .buy { tallies[fill.modelID, default: Tally()].buys += 1 } else { tallies[fill.modelID, default: Tally()].sells += 1 }
            let open = fillBarOpen ?? fill.time
            try fillsCSV.write("\(open.nanoseconds / 1_000_000),\(fill.side.rawValue),\(fill.price),\(fill.quantity),\(fill.fee),\(fill.modelID)")
        case .funding(let payment): try files["funding"]?.write(payment)
        case .account(let account):
            try files["accounts"]?.write(account)
            _ = book.record(account)
        case .receipt, .venue, .instruction: break
        }
    }

    public func finish() throws {
        for file in files.values { try file.close() }
        try fillsCSV.close()
        for (model, record) in book.models {
            let csv = try TextLines(directory.appendingPathComponent("equity-\(model).csv"), header: "timestamp_ms,equity")
            for point in record.nav { try csv.write("\(point.timeMilliseconds),\(MetricsJSON.number(point.equity))") }
            try csv.close()
        }
    }
}

/// A file of one JSON object per line, buffered.
final class JSONLines {
    private let text: TextLines
    private let encoder: JSONEncoder

    init(_ url: URL) throws {
        text = try TextLines(url, header: nil)
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    func write<T: Encodable>(_ value: T) throws {
        try text.write(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    func close() throws { try text.close() }
}

/// A text file written line by line through a buffer.
final class TextLines {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(_ url: URL, header: String?) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 0)
        buffer.reserveCapacity(1 << 16)
        if let header { try write(header) }
    }

    func write(_ line: String) throws {
        buffer.append(contentsOf: line.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try handle.close()
    }
}
