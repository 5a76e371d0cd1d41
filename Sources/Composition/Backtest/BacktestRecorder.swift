import Analytics
import ArenaCore
import Execution
import Foundation

/// The backtest's output directory, written as the run goes:
/// - `records/*.jsonl`: every decision, round, verdict, trading-state change, order event, fill,
///   funding payment and account state, one JSON object per line (sorted keys, so two runs of the
///   same configuration on the same data give the same bytes);
/// - `fills.csv`: `bar_open_time_ms,side,price,quantity,fee,model`;
/// - `equity-<model>.csv`: the model's NAV at every decision tick (`timestamp_ms,equity`, what
///   `arena metrics` reads);
/// - `summary.json` (at the end, ``BacktestSummary``).
public final class BacktestRecorder: BacktestSink {
    /// Per-model tallies for the summary.
    struct Tally {
        var buys = 0, sells = 0, fills = 0, fees = FixedDecimal.zero
        var equity: [EquityPoint] = []
        var lastNAV: FixedDecimal?
    }

    let directory: URL
    private var files: [String: JSONLines] = [:]
    private let fillsCSV: TextLines
    private var equityCSV: [ModelID: TextLines] = [:]
    private(set) var tallies: [ModelID: Tally] = [:]
    private(set) var bars1m = 0
    private(set) var firstBar: Timestamp?, lastBar: Timestamp?
    /// The open time of the 1m bar the OMS kernel is processing (the bar a fill happens on).
    private var fillBarOpen: Timestamp?

    /// A recorder writing into `directory` (created; files of an earlier run there are replaced).
    public init(directory: URL, models: [ModelID]) throws {
        self.directory = directory
        let records = directory.appendingPathComponent("records")
        try FileManager.default.createDirectory(at: records, withIntermediateDirectories: true)
        fillsCSV = try TextLines(directory.appendingPathComponent("fills.csv"), header: "bar_open_time_ms,side,price,quantity,fee,model")
        for name in ["decisions", "rounds", "verdicts", "states", "orders", "fills", "funding", "accounts"] {
            files[name] = try JSONLines(records.appendingPathComponent("\(name).jsonl"))
        }
        for model in models {
            tallies[model] = Tally()
            equityCSV[model] = try TextLines(directory.appendingPathComponent("equity-\(model).csv"), header: "timestamp_ms,equity")
        }
    }

    public func market(_ message: MarketMessage) throws {
        guard case .bar(let bar) = message, bar.timeframe == .m1, bar.isClosed else { return }
        bars1m += 1
        if firstBar == nil { firstBar = bar.openTime }
        lastBar = bar.openTime
    }

    public func round(_ record: RoundRecord) throws { try files["rounds"]!.write(record) }
    public func decision(_ decision: ModelDecision) throws { try files["decisions"]!.write(decision) }
    public func verdict(_ verdict: RiskVerdict) throws { try files["verdicts"]!.write(verdict) }
    public func stateChange(_ change: TradingStateChange) throws { try files["states"]!.write(change) }

    public func execution(_ record: ExecutionRecord) throws {
        switch record {
        case .market(let input):
            pendingTick = nil
            if case .bar(let bar) = input { fillBarOpen = bar.openTime } else { fillBarOpen = nil }
        case .command, .tick:
            fillBarOpen = nil
            if case .tick(let time) = record { pendingTick = time } else { pendingTick = nil }
        case .order(let event): try files["orders"]!.write(event)
        case .fill(let fill):
            try files["fills"]!.write(fill)
            tallies[fill.modelID, default: Tally()].fills += 1
            if fill.side == .buy { tallies[fill.modelID, default: Tally()].buys += 1 } else { tallies[fill.modelID, default: Tally()].sells += 1 }
            tallies[fill.modelID, default: Tally()].fees += fill.fee
            let open = fillBarOpen ?? fill.time
            try fillsCSV.write("\(open.nanoseconds / 1_000_000),\(fill.side.rawValue),\(fill.price),\(fill.quantity),\(fill.fee),\(fill.modelID)")
        case .funding(let payment): try files["funding"]!.write(payment)
        case .account(let account):
            try files["accounts"]!.write(account)
            tallies[account.modelID, default: Tally()].lastNAV = account.nav
            // The equity curve is the NAV at each decision tick (the accounts published for the tick).
            if pendingTick == account.asOf {
                let point = EquityPoint(timeMilliseconds: account.asOf.nanoseconds / 1_000_000, equity: account.nav.doubleValue)
                tallies[account.modelID, default: Tally()].equity.append(point)
                try equityCSV[account.modelID]?.write("\(point.timeMilliseconds),\(account.nav)")
            }
        case .receipt: break
        }
    }

    private var pendingTick: Timestamp?

    public func finish() throws {
        for file in files.values { try file.close() }
        try fillsCSV.close()
        for file in equityCSV.values { try file.close() }
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
