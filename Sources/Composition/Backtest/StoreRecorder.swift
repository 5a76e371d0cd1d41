import Analytics
import ArenaCore
import ArenaStore
import Execution
import Foundation
import Logging
import ReporterService

/// A backtest's records in a store, as a live arena's reporter keeps them: every event goes
/// through a ``ReporterService/ReporterState`` (the reporter's own book) and what it records is
/// written by a ``ReporterService/ReporterArchive``: the hash-chained audit log of decisions,
/// verdicts, order events, fills, funding and trading states, the NAV curves with the
/// buy-and-hold baselines, the accounts, the symbols' marks and the period reports.
///
/// The kernel hands events over synchronously; ``drain()`` applies and writes them, in order, and
/// the run calls it after every market message.
public final class StoreRecorder: BacktestSink {
    /// What the store is, for messages: the URL without its password.
    public let location: String
    private let state: ReporterState
    private let archive: ReporterArchive
    private var queue: [ReporterEvent] = []

    /// A recorder writing to the store at `url` (`sqlite:PATH` or `postgres://…`), migrated here.
    /// An SQLite file of an earlier run at `PATH` is replaced.
    public static func open(url: String, models: [ModelID], capital: FixedDecimal, logger: Logger) async throws -> StoreRecorder {
        let parsed = try StoreURL(parsing: url)
        if case .sqlite(let path) = parsed, path != ":memory:" {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let database = try await Store.open(parsed, options: StoreOptions(logger: logger))
        let archive = try await ReporterArchive.open(database, logger: logger)
        return StoreRecorder(location: parsed.description, state: ReporterState(book: ArenaBook(models: models, capital: capital)), archive: archive)
    }

    init(location: String, state: ReporterState, archive: ReporterArchive) {
        self.location = location
        self.state = state
        self.archive = archive
    }

    public func market(_ message: MarketMessage) throws {
        // The reporter follows the closed 1m bars (`md.bar.1m.`).
        guard case .bar(let bar) = message, bar.timeframe == .m1, bar.isClosed else { return }
        queue.append(.bar(bar))
    }

    public func round(_ record: RoundRecord) throws {}
    public func decision(_ decision: ModelDecision) throws { queue.append(.decision(decision)) }
    public func verdict(_ verdict: RiskVerdict) throws { queue.append(.verdict(verdict)) }
    public func stateChange(_ change: TradingStateChange) throws { queue.append(.tradingState(change)) }

    public func execution(_ record: ExecutionRecord) throws {
        switch record {
        case .order(let event): queue.append(.order(event))
        case .fill(let fill): queue.append(.fill(fill))
        case .funding(let payment): queue.append(.funding(payment))
        case .account(let account): queue.append(.account(account))
        case .market, .command, .tick, .receipt, .venue, .instruction: break
        }
    }

    public func finish() throws {}

    /// Applies the events handed over since the last call to the reporter's state, in order, and
    /// passes what they record to the archive.
    public func drain() async throws {
        guard !queue.isEmpty else { return }
        let events = queue
        queue.removeAll(keepingCapacity: true)
        for event in events { try await archive.submit(try await state.apply(event)) }
    }

    /// Drains and writes what is left; returns the rows written.
    public func close() async throws -> Int {
        try await drain()
        try await archive.flush()
        return archive.rows
    }
}

/// Several sinks, each handed every record in turn.
final class BacktestSinks: BacktestSink {
    let sinks: [any BacktestSink]

    init(_ sinks: [any BacktestSink]) { self.sinks = sinks }

    func market(_ message: MarketMessage) throws { for sink in sinks { try sink.market(message) } }
    func round(_ record: RoundRecord) throws { for sink in sinks { try sink.round(record) } }
    func decision(_ decision: ModelDecision) throws { for sink in sinks { try sink.decision(decision) } }
    func verdict(_ verdict: RiskVerdict) throws { for sink in sinks { try sink.verdict(verdict) } }
    func stateChange(_ change: TradingStateChange) throws { for sink in sinks { try sink.stateChange(change) } }
    func execution(_ record: ExecutionRecord) throws { for sink in sinks { try sink.execution(record) } }
    func finish() throws { for sink in sinks { try sink.finish() } }
}
