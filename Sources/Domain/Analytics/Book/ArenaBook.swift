import ArenaCore

/// The reporter's state (spec §8): every model's NAV curve and statistics, and the baselines, built
/// from the events the services publish. Pure and deterministic: the same events in the same order
/// give the same book, live, after a restart (replayed from the store) and in a backtest.
public struct ArenaBook: Sendable {
    public let capital: FixedDecimal
    public private(set) var models: [ModelID: ModelRecord]
    /// Every symbol seen: its coverage, the first close (buy-and-hold) and the latest (re-marking).
    public private(set) var symbols: [Symbol: SymbolMarks] = [:]
    /// Buy-and-hold of each symbol with the arena's capital from its first bar, marked at every bar.
    public private(set) var buyAndHold: [Symbol: [EquityPoint]] = [:]
    /// The scorer workers that answered jobs, by name (how a scorer pool shares the rounds).
    public private(set) var workers: [String: WorkerRecord] = [:]

    /// A book for `models`, each starting with `capital`.
    public init(models: [ModelID], capital: FixedDecimal) {
        self.capital = capital
        self.models = Dictionary(uniqueKeysWithValues: models.map { ($0, ModelRecord(modelID: $0)) })
    }

    /// The record of `model`, created on first sight (a model added to the roster later).
    private mutating func withModel(_ model: ModelID, _ body: (inout ModelRecord) throws -> Void) rethrows {
        var record = models[model] ?? ModelRecord(modelID: model)
        try body(&record)
        models[model] = record
    }

    /// An account snapshot: the model's NAV at its time. False when it is not newer than the one
    /// held (the same sequence is the same state published again: the OMS repeats its accounts for
    /// services that restarted, a lockstep replay for the reporter); it must not put an old point
    /// back on the curve.
    @discardableResult
    public mutating func record(_ account: AccountState) -> Bool {
        if let previous = models[account.modelID]?.account, previous.sequence >= account.sequence { return false }
        withModel(account.modelID) { record in
            // The interval up to this account counts as exposed if a position was held through it.
            let held = !(record.account?.positions.isEmpty ?? true)
            record.account = account
            record.appendNAV(EquityPoint(timeMilliseconds: account.asOf.milliseconds, equity: account.nav.doubleValue), exposed: held)
        }
        return true
    }

    /// A closed bar: the buy-and-hold baselines, and the NAV of every model holding the symbol
    /// re-marked at the close (the account's NAV moved by quantity × the price change since its mark).
    /// False for a bar not after the symbol's latest (a lockstep replay sends each minute again to
    /// the reporter): it marks nothing.
    @discardableResult
    public mutating func mark(_ bar: Bar) -> Bool {
        guard bar.isClosed, symbols[bar.symbol].map({ bar.closeTime > $0.lastCloseTime }) ?? true else { return false }
        var marks = symbols[bar.symbol] ?? SymbolMarks(
            symbol: bar.symbol, firstOpen: bar.openTime, firstClose: bar.close, lastCloseTime: bar.closeTime, lastClose: bar.close, bars: 0
        )
        marks.lastCloseTime = bar.closeTime
        marks.lastClose = bar.close
        marks.bars += 1
        symbols[bar.symbol] = marks
        let time = bar.closeTime.milliseconds, first = marks.firstClose
        if first.isPositive {
            let equity = capital.doubleValue * bar.close.doubleValue / first.doubleValue
            buyAndHold[bar.symbol, default: []].appendLatest(EquityPoint(timeMilliseconds: time, equity: equity))
        }
        for model in models.keys.sorted() {
            guard let account = models[model]?.account, account.positions.contains(where: { $0.symbol == bar.symbol }) else { continue }
            let point = EquityPoint(timeMilliseconds: time, equity: remark(account))
            withModel(model) { $0.appendNAV(point, exposed: true) }
        }
        return true
    }

    /// `account`'s NAV with every position re-marked at the latest close of its symbol, in exact
    /// decimals (as the OMS marks it), so the point is the same whether the bar or the account
    /// marked at it arrives first.
    func remark(_ account: AccountState) -> Double {
        var nav = account.nav
        for position in account.positions {
            guard let price = symbols[position.symbol]?.lastClose else { continue }
            do { nav = try nav.adding(try position.quantity.multiplied(by: try price.subtracting(position.markPrice))) } catch {
                // Beyond 10^26: no real ledger; the approximate mark is still a mark.
                return nav.doubleValue + position.quantity.doubleValue * (price.doubleValue - position.markPrice.doubleValue)
            }
        }
        return nav.doubleValue
    }

    /// A decision the arena clock recorded.
    public mutating func record(_ decision: ModelDecision) {
        withModel(decision.modelID) { record in
            record.decisions += 1
            switch decision.outcome {
            case .decided:
                if decision.action != .hold { record.actionable += 1 }
                record.confidenceSum += decision.confidence
                record.latencies.append(decision.latencyMilliseconds)
            case .timeout: record.timeouts += 1
            case .failed: record.failures += 1
            case .invalid: record.invalidReplies += 1
            }
            if let trace = decision.trace { record.apiCost += trace.cost }
        }
        // A worker is named on what a scorer answered (a decision, or a reply found invalid).
        if let worker = decision.worker, decision.outcome != .timeout {
            workers[worker, default: WorkerRecord(worker: worker)].record(decision)
        }
    }

    /// A risk verdict: rejects and resizes are counted; approved entries' stops are kept for R.
    public mutating func record(_ verdict: RiskVerdict) {
        withModel(verdict.modelID) { record in
            switch verdict.outcome {
            case .rejected: record.riskRejects += 1
            case .resized: record.riskResizes += 1
            case .approved, .noOrder: break
            }
            for plan in verdict.plans where plan.order.purpose == .entry {
                if let stop = plan.bracket?.stopLoss { record.stops[plan.order.clientOrderID] = stop }
            }
        }
    }

    /// A fill: round trips (in exact decimals).
    public mutating func record(_ fill: Fill) throws {
        try withModel(fill.modelID) { record in
            record.fills += 1
            let stop = record.stops.removeValue(forKey: fill.clientOrderID)
            if let trip = try record.tracker.apply(fill, stopPrice: stop) { record.trips.append(trip) }
        }
    }
}

extension Timestamp {
    /// Milliseconds since the epoch (truncated).
    var milliseconds: Int64 { nanoseconds / 1_000_000 }
}

extension ArenaBook {
    /// Sets each model's account without a NAV point (a restarted reporter: the curves come from the store).
    public mutating func restore(accounts: [AccountState]) {
        for account in accounts { withModel(account.modelID) { $0.account = account } }
    }

    /// Puts each symbol's marks and buy-and-hold curve back (a restarted reporter), before any new event.
    public mutating func restore(marks: [SymbolMarks], baselines: [Symbol: [EquityPoint]]) {
        for mark in marks { symbols[mark.symbol] = mark }
        for (symbol, curve) in baselines { buyAndHold[symbol] = curve }
    }

    /// Puts stored NAV curves back (a restarted reporter), before any new event.
    public mutating func restore(nav: [ModelID: [EquityPoint]]) {
        for (model, points) in nav {
            var record = models[model] ?? ModelRecord(modelID: model)
            record.nav = points
            models[model] = record
        }
    }
}
