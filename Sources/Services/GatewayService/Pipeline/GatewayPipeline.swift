import ArenaCore
import Logging
import MarketData

/// The gateway's one path from sources to outputs: a ``MarketKernel`` behind
/// an actor, plus gap repair.
///
/// **Repair.** When a trade arrives after skipped ids (a reconnect, a dropped
/// frame) and a ``TradeHistorySource`` is configured, the trade is held, the
/// missing ids are fetched, fed through the kernel in order, and only then is
/// the held trade processed: downstream sees one continuous, duplicate-free
/// stream. While a repair runs, the bar clock does not advance, so the
/// repaired trades still land in their minutes.
public actor GatewayPipeline {
    private var kernel: MarketKernel
    private let outputs: MarketOutputs
    private let history: (any TradeHistorySource)?
    private let snapshots: (any DepthSnapshotSource)?
    private let klines: (any KlineHistorySource)?
    /// Gaps larger than this are not fetched (they would take too long); they are reported unrepaired.
    private let maxRepair: Int64
    private let logger: Logger
    private let status: GatewayStatus?
    private var repairing = 0

    public init(
        kernel: MarketKernel, outputs: MarketOutputs, history: (any TradeHistorySource)? = nil,
        klines: (any KlineHistorySource)? = nil, snapshots: (any DepthSnapshotSource)? = nil, maxRepair: Int64 = 1_000_000, status: GatewayStatus? = nil, logger: Logger
    ) {
        self.snapshots = snapshots
        self.klines = klines
        self.status = status
        self.kernel = kernel
        self.outputs = outputs
        self.history = history
        self.maxRepair = maxRepair
        self.logger = logger
    }

    /// Processes one event from a source.
    public func ingest(_ event: MarketEvent) async {
        if case .market(.trade(let trade)) = event, let history, let gap = kernel.reportGap(before: trade) {
            await repair(InstrumentKey(venue: trade.venue, symbol: trade.symbol), gap: gap, using: history)
        }
        if case .market(.bar(let bar)) = event, bar.isClosed, bar.timeframe == .m1, let klines {
            let key = InstrumentKey(venue: bar.venue, symbol: bar.symbol)
            if let last = kernel.lastKlineOpen(key), bar.openTime > last.advanced(by: .seconds(60)) {
                await repair(key, minutes: TimeRange(from: last.advanced(by: .seconds(60)), to: bar.openTime), using: klines)
            }
        }
        let out = kernel.process(event)
        await outputs.deliver(out)
        for case let .needsSnapshot(key, market) in out { await fetchSnapshot(key, market) }
    }

    /// Waits until everything the pipeline delivered is stored.
    public func flushStorage() async { await outputs.flush() }

    /// Fetches a book snapshot and feeds it to the kernel; diffs that arrive
    /// meanwhile wait upstream and are applied after it, as Binance's procedure asks.
    private func fetchSnapshot(_ key: InstrumentKey, _ market: MarketKind) async {
        guard let snapshots else { return }
        do {
            let snapshot = try await snapshots.snapshot(of: key, market: market)
            await outputs.deliver(kernel.process(.depthSnapshot(snapshot)))
        } catch {
            logger.error("order-book snapshot failed; the next diff asks again", metadata: ["instrument": "\(key)", "error": "\(error)"])
            kernel.snapshotFailed(key)
        }
    }

    /// Counts a frame the venue sent that could not be decoded (reported with the other counted findings).
    public func malformed(_ error: VenueMessageError) {
        kernel.recordMalformed(venue: error.venue, example: "\(error)")
    }

    /// Processes a batch of events in order.
    public func ingest(_ events: [MarketEvent]) async {
        for e in events { await ingest(e) }
    }

    /// Moves the bar clock to `barClock` and checks the feeds at `now`.
    public func tick(now: Timestamp, barClock: Timestamp) async {
        var out = kernel.checkFeeds(now: now)
        if repairing == 0 { out = kernel.advance(to: barClock) + out }
        await outputs.deliver(out)
        status?.update(kernel.counters)
    }

    /// The latest trade price of each instrument.
    public var latestPrices: [LatestPrice] {
        kernel.lastTrades.map { LatestPrice(symbol: $0.symbol, price: $0.price, time: $0.eventTime) }
    }

    /// The latest funding rate of each instrument that has one.
    public var latestFunding: [FundingRate] { kernel.lastFunding }

    /// The live coverage report.
    public var coverage: [CoverageEntry] { kernel.coverage }

    /// The kernel's counters.
    public var counters: KernelCounters { kernel.counters }

    private func repair(
        _ key: InstrumentKey, gap: (missing: ClosedRange<Int64>, finding: DataFinding), using history: any TradeHistorySource
    ) async {
        let venue = key.venue, symbol = key.symbol, missing = gap.missing
        // Counted before the first suspension: a tick that ran while the gap's
        // finding is delivered must not close the minutes the missing trades
        // belong to (they would then be refused as late).
        repairing += 1
        defer { repairing -= 1 }
        await outputs.deliver([.finding(gap.finding)])
        guard Int64(missing.count) <= maxRepair else {
            await outputs.deliver([.finding(.gapUnrepaired(venue: venue, symbol: symbol, ids: missing, reason: "\(missing.count) trades exceed the repair limit of \(maxRepair)"))])
            return
        }
        let fetched: [Trade]
        do { fetched = try await history.trades(of: key, ids: missing) } catch {
            logger.error("gap repair failed", metadata: ["instrument": "\(key)", "ids": "\(missing)", "error": "\(error)"])
            await outputs.deliver([.finding(.gapUnrepaired(venue: venue, symbol: symbol, ids: missing, reason: "\(error)"))])
            return
        }
        var filled = 0
        for trade in fetched where missing.contains(trade.tradeID) && trade.venue == venue && trade.symbol == symbol {
            let out = kernel.process(.trade(trade))
            if out.contains(where: { if case .market(.trade) = $0 { true } else { false } }) { filled += 1 }
            await outputs.deliver(out)
        }
        // The kernel accepts ids strictly in order, so where it stands says what is still missing.
        // Reaching the end is not enough: every missing trade must have been taken (none refused, e.g. as late).
        let reached = kernel.lastTradeID(key) ?? missing.lowerBound - 1
        if reached >= missing.upperBound && filled == missing.count {
            await outputs.deliver([.finding(.gapRepaired(venue: venue, symbol: symbol, ids: missing, trades: filled))])
        } else {
            let rest = reached >= missing.upperBound ? missing : max(reached + 1, missing.lowerBound)...missing.upperBound
            logger.warning("gap repair incomplete", metadata: [
                "instrument": "\(key)", "missing": "\(missing)", "fetched": "\(fetched.count)", "accepted": "\(filled)",
            ])
            await outputs.deliver([.finding(.gapUnrepaired(
                venue: venue, symbol: symbol, ids: rest, reason: "the venue returned \(filled) of \(missing.count) trades"
            ))])
        }
    }

    /// Fills the 1m klines of `hole` from the venue's history before the kline after it is processed.
    /// What cannot be fetched stays missing and the kernel reports it when the next kline arrives.
    private func repair(_ key: InstrumentKey, minutes hole: TimeRange, using history: any KlineHistorySource) async {
        repairing += 1
        defer { repairing -= 1 }
        let fetched: [Bar]
        do { fetched = try await history.klines(of: key, range: hole) } catch {
            logger.error("kline repair failed", metadata: ["instrument": "\(key)", "range": "\(hole)", "error": "\(error)"])
            return
        }
        var filled = 0
        for bar in fetched where hole.contains(bar.openTime) && bar.venue == key.venue && bar.symbol == key.symbol {
            let out = kernel.process(.kline(bar))
            if out.contains(where: { if case .market(.bar(let b)) = $0 { b.timeframe == .m1 } else { false } }) { filled += 1 }
            await outputs.deliver(out)
        }
        if filled > 0 {
            await outputs.deliver([.finding(.barsRepaired(venue: key.venue, symbol: key.symbol, timeframe: .m1, hole: hole, bars: filled))])
        }
    }
}
