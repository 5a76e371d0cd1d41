import ArenaCore

extension MarketKernel {
    /// A trade that passed the id check: published, and (from trades) folded into its minute.
    mutating func accept(_ trade: Trade, _ key: InstrumentKey, _ state: inout InstrumentState, into out: inout [KernelOutput]) {
        switch state.tradeIDs.classify(trade.tradeID) {
        case .duplicate:
            duplicate("trades", &state)
            return
        case .gap(let missing):
            counters.gapTrades += Int64(missing.count)
            if state.gapReportedBefore != trade.tradeID {
                out.append(.finding(.tradeGap(venue: key.venue, symbol: key.symbol, missing: missing)))
            }
        case .next:
            break
        }
        if var builder = state.minuteBuilder {
            do {
                let minutes = try builder.add(trade)
                state.minuteBuilder = builder
                for m in minutes { closed(minute: m, key, &state, into: &out) }
            } catch .late {
                // A new trade for a minute the clock already closed (a gap found
                // only after its first minute closed, then repaired): the trade is
                // real, so it is kept and published; the published bar stays as it
                // was, and its shortfall is reported.
                state.afterBarClose.add(trade.eventTime)
                counters.tradesAfterBarClose += 1
            } catch {
                // Not a trade a bar can hold (no price, time running backwards): refused.
                late("trades", &state)
                return
            }
        }
        state.tradeIDs.commit(trade.tradeID)
        if let held = state.gapReportedBefore, trade.tradeID >= held { state.gapReportedBefore = nil }
        state.lastTrade = trade
        counters.trades += 1
        touch(key, "trades", trade.eventTime, into: &out)
        out.append(.market(.trade(trade)))
    }

    /// A venue kline: only closed 1m klines count, and only when bars come from klines.
    mutating func accept(kline bar: Bar, _ key: InstrumentKey, _ state: inout InstrumentState, into out: inout [KernelOutput]) {
        guard configuration.barSource == .klines, bar.timeframe == .m1, bar.isClosed else {
            counters.passedOver += 1
            return
        }
        touch(key, "klines", bar.closeTime, into: &out)
        if let last = state.lastKlineOpen, bar.openTime <= last {
            if bar.openTime == last { duplicate("klines", &state) } else { late("klines", &state) }
            return
        }
        state.lastKlineOpen = bar.openTime
        closed(minute: bar, key, &state, into: &out)
    }

    /// A closed 1m bar: checked for jumps, published, and sent up the ladder.
    mutating func closed(minute: Bar, _ key: InstrumentKey, _ state: inout InstrumentState, into out: inout [KernelOutput]) {
        if let jump = state.jumps.observe(close: minute.close) {
            out.append(.finding(.priceJump(venue: key.venue, symbol: key.symbol, timeframe: .m1, openTime: minute.openTime, jump: jump)))
        }
        emit(minute, key, &state, into: &out)
        do {
            var longer: [Bar] = []
            try state.ladder.add(minute, into: &longer)
            for bar in longer { emit(bar, key, &state, into: &out) }
        } catch {
            // The ladder refuses only a minute it has already passed, which the checks above exclude.
            late("bars", &state)
        }
    }

    /// Publishes a closed bar and records it in the coverage report.
    mutating func emit(_ bar: Bar, _ key: InstrumentKey, _ state: inout InstrumentState, into out: inout [KernelOutput]) {
        if case .opened(let hole) = state.coverage[bar.timeframe]?.record(openTime: bar.openTime) {
            counters.missingBars += (hole.to.nanoseconds - hole.from.nanoseconds) / bar.timeframe.nanoseconds
            out.append(.finding(.missingBars(venue: key.venue, symbol: key.symbol, timeframe: bar.timeframe, hole: hole)))
        }
        counters.bars += 1
        out.append(.market(.bar(bar)))
    }

    /// Publishes the book after a sync step, or asks for a snapshot when it has none or lost sync.
    mutating func book(
        _ outcome: DepthSynchronizer.Outcome, _ key: InstrumentKey, _ market: MarketKind, _ time: Timestamp,
        _ state: inout InstrumentState, into out: inout [KernelOutput]
    ) {
        switch outcome {
        case .applied(let id):
            guard let sync = state.depth else { return }
            let top = sync.book.top(configuration.depthLevels)
            counters.bookDepths += 1
            touch(key, "depth", time, into: &out)
            out.append(.market(.depth(BookDepth(venue: key.venue, symbol: key.symbol, bids: top.bids, asks: top.asks, updateID: id, eventTime: time))))
        case .stale:
            late("depth", &state)
        case .buffered:
            if !state.snapshotRequested {
                state.snapshotRequested = true
                out.append(.needsSnapshot(key, market))
            }
        case .outOfSync(let why):
            counters.bookResyncs += 1
            out.append(.finding(.bookOutOfSync(venue: key.venue, symbol: key.symbol, reason: "\(why)")))
            state.snapshotRequested = true
            out.append(.needsSnapshot(key, market))
        }
    }

    /// Marks `stream` alive; a stream coming back from silence is reported.
    mutating func touch(_ key: InstrumentKey, _ stream: String, _ time: Timestamp, into out: inout [KernelOutput]) {
        if case let .recovered(_, silence) = stale.record(StreamKey(instrument: key, stream: stream), at: time) {
            out.append(.finding(.feedRecovered(venue: key.venue, symbol: key.symbol, stream: stream, silence: silence)))
        }
    }

    mutating func duplicate(_ stream: String, _ state: inout InstrumentState) {
        counters.duplicates += 1
        state.pendingDuplicates[stream, default: 0] += 1
    }

    mutating func late(_ stream: String, _ state: inout InstrumentState) {
        counters.outOfOrder += 1
        state.pendingLate[stream, default: 0] += 1
    }

    /// Whether `value` at `time` comes after what is `held`: one at or before
    /// the held time is counted on `stream`, as a duplicate when equal, else as late.
    mutating func follows<V: Equatable>(
        _ value: V, at time: Timestamp, held: (value: V, time: Timestamp)?, stream: String, _ state: inout InstrumentState
    ) -> Bool {
        guard let held, time <= held.time else { return true }
        if value == held.value { duplicate(stream, &state) } else { late(stream, &state) }
        return false
    }

    /// Whether `top` is older than `last`: by update id when both have one, else by time.
    static func isOlder(_ top: BookTop, than last: BookTop) -> Bool {
        if let a = top.updateID, let b = last.updateID { return a < b }
        return top.eventTime < last.eventTime
    }
}
