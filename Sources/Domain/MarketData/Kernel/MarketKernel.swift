import ArenaCore

/// The market-data kernel: checks every normalised event, builds bars and
/// keeps the latest state, with no I/O and no clock of its own, so the same
/// code runs behind a live venue, a replay and a backtest (DESIGN.md, "one
/// kernel").
///
/// - **Integrity.** Trades are followed by id: a duplicate is dropped and
///   counted, a skipped range is reported as a gap, once (live, the gateway
///   has it reported with ``reportGap(before:)`` and repairs it from REST
///   *before* the kernel processes the next trade, so a gap reaching the
///   kernel is one that could not be repaired, or a replay's). A new trade
///   for a minute the clock has already closed (a gap seen only after its
///   first minute closed) is still kept and published; the bar stays as
///   published and is reported short of it. Book tops,
///   funding and positioning older than ones already seen are dropped as out of order.
///   Streams silent for ``KernelConfiguration/staleAfter`` are reported stale.
///   Missing bars and price jumps are reported as they appear.
/// - **Bars.** 1m bars come from trades or from the venue's closed klines
///   (``BarSource``); a ``BarLadder`` builds the longer timeframes. Bars close
///   on the clock: ``advance(to:)`` closes quiet minutes too.
/// - **Universe.** Only the instruments it was given are processed; events for
///   others are counted and dropped.
public struct MarketKernel: Sendable {
    public let configuration: KernelConfiguration
    private var instruments: [InstrumentKey: InstrumentState]
    var stale: StaleFeedMonitor<StreamKey>
    private var lastReport: Timestamp?
    /// Undecodable frames per venue since the last report, with the first one's description.
    private var pendingMalformed: [VenueID: (count: Int, example: String)] = [:]
    /// What was accepted and refused so far.
    public internal(set) var counters = KernelCounters()

    /// One stream of one instrument, as the stale monitor sees it.
    struct StreamKey: Hashable, Sendable {
        var instrument: InstrumentKey
        var stream: String
    }

    /// A kernel for `universe`; `streams` are the stream names watched for
    /// staleness from `start` (e.g. `trades`, `book`; a replay of trades only
    /// should not call its book stale).
    public init(
        configuration: KernelConfiguration, universe: [InstrumentKey], staleStreams streams: [String] = ["trades"],
        start: Timestamp? = nil
    ) throws(BarAggregatorError) {
        self.configuration = configuration
        var instruments: [InstrumentKey: InstrumentState] = [:]
        for key in universe { instruments[key] = try InstrumentState(key: key, configuration: configuration) }
        self.instruments = instruments
        stale = StaleFeedMonitor(threshold: configuration.staleAfter)
        if let start {
            for key in universe { for s in streams { stale.watch(StreamKey(instrument: key, stream: s), from: start) } }
        }
    }

    /// The instruments processed.
    public var universe: [InstrumentKey] { instruments.keys.sorted() }

    /// The last trade id accepted for `key`, where a repair or a restart resumes.
    public func lastTradeID(_ key: InstrumentKey) -> Int64? { instruments[key]?.tradeIDs.lastID }

    /// Reports the trade ids `trade` skips before it is processed, for a
    /// caller that holds it back to repair them first (the gateway). The
    /// gap is reported once: when `trade` is processed afterwards, whatever
    /// of it is still missing is counted but not reported again (the repair
    /// reports what it could not fill). Nil when no id is skipped.
    public mutating func reportGap(before trade: Trade) -> (missing: ClosedRange<Int64>, finding: DataFinding)? {
        let key = InstrumentKey(venue: trade.venue, symbol: trade.symbol)
        guard var state = instruments[key], case .gap(let missing) = state.tradeIDs.classify(trade.tradeID) else { return nil }
        state.gapReportedBefore = trade.tradeID
        instruments[key] = state
        return (missing, .tradeGap(venue: key.venue, symbol: key.symbol, missing: missing))
    }

    /// Open time of the last 1m kline accepted for `key` (bars from klines), where a kline repair starts.
    public func lastKlineOpen(_ key: InstrumentKey) -> Timestamp? { instruments[key]?.lastKlineOpen }

    /// The last accepted trade of every instrument.
    public var lastTrades: [Trade] { instruments.keys.sorted().compactMap { instruments[$0]?.lastTrade } }

    /// The last accepted funding rate of every instrument that has one.
    public var lastFunding: [FundingRate] { instruments.keys.sorted().compactMap { instruments[$0]?.lastFunding } }

    /// The coverage report of every instrument and timeframe.
    public var coverage: [CoverageEntry] {
        instruments.keys.sorted().flatMap { key in
            instruments[key]!.coverage.values.map(\.entry).sorted { $0.timeframe < $1.timeframe }
        }
    }

    /// Counts a frame from `venue` that could not be decoded; reported with the counted findings.
    public mutating func recordMalformed(venue: VenueID, example: String) {
        counters.malformed += 1
        pendingMalformed[venue, default: (0, example)].count += 1
    }

    /// Forgets that a book snapshot was asked for (the fetch failed), so the next diff asks again.
    public mutating func snapshotFailed(_ key: InstrumentKey) {
        instruments[key]?.snapshotRequested = false
    }

    /// Checks one event; returns what to publish, persist and alert on.
    public mutating func process(_ event: MarketEvent) -> [KernelOutput] {
        let key = InstrumentKey(venue: event.venue, symbol: event.symbol)
        guard var state = instruments[key] else {
            counters.unknownInstrument += 1
            return []
        }
        var out: [KernelOutput] = []
        switch event {
        case .market(.trade(let trade)): accept(trade, key, &state, into: &out)
        case .market(.bar(let bar)): accept(kline: bar, key, &state, into: &out)
        case .market(.bookTop(let top)):
            if let last = state.lastBookTop, Self.isOlder(top, than: last) {
                late("book", &state)
            } else {
                state.lastBookTop = top
                counters.bookTops += 1
                touch(key, "book", top.eventTime, into: &out)
                out.append(.market(.bookTop(top)))
            }
        case .market(.funding(let rate)):
            if follows(rate, at: rate.eventTime, held: state.lastFunding.map { ($0, $0.eventTime) }, stream: "funding", &state) {
                state.lastFunding = rate
                counters.funding += 1
                touch(key, "funding", rate.eventTime, into: &out)
                out.append(.market(.funding(rate)))
            }
        case .market(.positioning(let p)):
            // Polled every few minutes: not a stream watched for staleness.
            if follows(p, at: p.eventTime, held: state.lastPositioning.map { ($0, $0.eventTime) }, stream: "positioning", &state) {
                state.lastPositioning = p
                counters.positioning += 1
                out.append(.market(.positioning(p)))
            }
        case .market(.liquidation(let liquidation)):
            counters.liquidations += 1
            out.append(.market(.liquidation(liquidation)))
        case .depthUpdate(let diff):
            var sync = state.depth ?? DepthSynchronizer(market: diff.market)
            let outcome = sync.receive(diff)
            state.depth = sync
            counters.depthUpdates += 1
            book(outcome, key, diff.market, diff.eventTime, &state, into: &out)
        case .depthSnapshot(let snapshot):
            var sync = state.depth ?? DepthSynchronizer(market: snapshot.market)
            let outcome = sync.apply(snapshot: snapshot)
            state.depth = sync
            state.snapshotRequested = false
            book(outcome, key, snapshot.market, snapshot.eventTime, &state, into: &out)
        case .market(.depth):
            // A book the kernel did not build: no source produces one, and the kernel publishes only its own.
            counters.passedOver += 1
        }
        instruments[key] = state
        return out
    }

    /// Moves the bar clock to `time`: closes the 1m bars (and longer ones) that
    /// end by then, quiet ones included. Live, call it a little after the
    /// minute so late trades still count; in a replay, with each event's time.
    public mutating func advance(to time: Timestamp) -> [KernelOutput] {
        var out: [KernelOutput] = []
        for key in instruments.keys.sorted() {
            var state = instruments[key]!
            if var builder = state.minuteBuilder {
                let minutes = (try? builder.advance(to: time)) ?? []
                state.minuteBuilder = builder
                for m in minutes { closed(minute: m, key, &state, into: &out) }
            }
            var longer: [Bar] = []
            do {
                try state.ladder.advance(to: time, into: &longer)
                for bar in longer { emit(bar, key, &state, into: &out) }
            } catch {
                // Only an absurd jump of the clock (more flat bars than allowed) fails; nothing is lost by waiting.
            }
            instruments[key] = state
        }
        return out
    }

    /// Reports streams that went stale by `now`, and the counted findings once per ``KernelConfiguration/reportInterval``.
    public mutating func checkFeeds(now: Timestamp) -> [KernelOutput] {
        var out: [KernelOutput] = stale.check(now: now).compactMap { transition in
            guard case let .stale(key, _, silence) = transition else { return nil }
            return .finding(.staleFeed(venue: key.instrument.venue, symbol: key.instrument.symbol, stream: key.stream, silence: silence))
        }
        if let last = lastReport, now.duration(since: last) < configuration.reportInterval { return out }
        lastReport = now
        for (venue, pending) in pendingMalformed.sorted(by: { $0.key < $1.key }) {
            out.append(.finding(.malformed(venue: venue, count: pending.count, example: pending.example)))
        }
        pendingMalformed = [:]
        for key in instruments.keys.sorted() {
            var state = instruments[key]!
            for (counts, finding) in [
                (state.pendingDuplicates, DataFinding.duplicates), (state.pendingLate, DataFinding.outOfOrder),
            ] {
                for (stream, n) in counts.sorted(by: { $0.key < $1.key }) {
                    out.append(.finding(finding(key.venue, key.symbol, stream, n)))
                }
            }
            if let minutes = state.afterBarClose.minutes {
                out.append(.finding(.tradesAfterBarClose(venue: key.venue, symbol: key.symbol, minutes: minutes, trades: state.afterBarClose.trades)))
            }
            state.pendingDuplicates = [:]
            state.pendingLate = [:]
            state.afterBarClose = LateTradeTally()
            instruments[key] = state
        }
        return out
    }
}
