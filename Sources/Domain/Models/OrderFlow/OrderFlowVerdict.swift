import ArenaCore

/// What the scorer wants at one symbol, ranked against the other symbols' verdicts.
struct OrderFlowVerdict {
    /// Exits outrank entries, which outrank holds.
    enum Kind: Int, Comparable {
        case hold, entry, exit
        static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }

    var kind: Kind
    var proposal: ModelProposal
    var score: Double

    /// Whether this verdict goes before `other`: a higher kind, then a higher score (ties keep the earlier symbol).
    func outranks(_ other: OrderFlowVerdict) -> Bool {
        kind != other.kind ? kind > other.kind : score > other.score
    }

    static func hold(_ rationale: String, _ symbol: Symbol, _ details: DecisionDetails, score: Double = -.infinity) -> OrderFlowVerdict {
        OrderFlowVerdict(kind: .hold, proposal: .hold(rationale, symbol: symbol, details: details), score: score)
    }
}

extension OrderFlowModel {
    /// The verdict at `symbol`: see the type's rules.
    func verdict(_ symbol: Symbol, _ input: ModelInput) throws -> OrderFlowVerdict {
        let entry = try input.entry(symbol)
        guard let flow = entry.orderFlow else { throw ModelInputError.missingInput(symbol: symbol, name: "order flow") }
        let reading = OrderFlowReading(entry, flow: flow)
        let atr = entry.indicator(Self.atrColumn)
        var details = DecisionDetails(
            inputs: reading.namedValues + [NamedValue("price", entry.lastPrice)] + (atr.map { [NamedValue(Self.atrColumn, $0)] } ?? []),
            threshold: settings.threshold
        )
        guard let side = reading.fastSide else {
            let why = reading.cvd30m == nil ? "CVD 30m missing (window warming)" : "CVD 30m is 0"
            details.notes = [why]
            return .hold("\(symbol): no direction: \(why)", symbol, details)
        }
        let card = OrderFlowScorecard(reading, side: side, profile: profile)
        details.score = card.total
        details.tier = settings.tier(card.total)
        details.direction = side.action
        details.layers = card.layers
        details.notes = card.notes
        let reached = card.total >= settings.threshold
        let head = "\(symbol) \(side.rawValue) \(fmt(card.total))\(reached ? " ≥ " : " < ")\(fmt(settings.threshold))"
        let cooldown = cooldownElapsed(symbol, input).map { "cooldown: last entry \(minutes($0)) min ago < \(settings.cooldownSeconds / 60)" }

        if let position = input.position(in: symbol), let held = FlowSide(position: position) {
            let holding = "holding \(held.rawValue)"
            if held == side { return .hold("\(head); \(holding), flow agrees", symbol, details, score: card.total) }
            guard reached else { return .hold("\(head); \(holding), no flip", symbol, details, score: card.total) }
            let closeOnly: String? = entry.market == .spot ? "spot is long-only" : reading.consensus == nil ? "no CVD 4h consensus to re-enter" : cooldown
            if let closeOnly {
                let rationale = "\(head): close \(held.rawValue) (\(closeOnly))"
                return OrderFlowVerdict(kind: .exit, proposal: .close(position, confidence: confidence(card), rationale: rationale, details: details), score: card.total)
            }
            return try enter(side, intent: .flip, entry, atr: atr, card: card, details: details, head: head, input: input)
        }
        guard let consensus = reading.consensus else {
            let mid = reading.cvd4h.map { "\(OrderFlowRules.signed($0))" } ?? "missing"
            return .hold("\(head); no consensus: CVD 4h \(mid)", symbol, details, score: card.total)
        }
        guard reached else { return .hold(head, symbol, details, score: card.total) }
        guard consensus == .long || entry.market == .perpetual else { return .hold("\(head); spot is long-only", symbol, details, score: card.total) }
        if let cooldown { return .hold("\(head); \(cooldown)", symbol, details, score: card.total) }
        return try enter(side, intent: .open, entry, atr: atr, card: card, details: details, head: head, input: input)
    }

    /// An opening (or flipping) entry on `side` with its bracket and size; a HOLD when none fits.
    private func enter(
        _ side: FlowSide, intent: PositionIntent, _ entry: SymbolSnapshot, atr: Double?, card: OrderFlowScorecard, details: DecisionDetails,
        head: String, input: ModelInput
    ) throws -> OrderFlowVerdict {
        guard let atr else { throw ModelInputError.missingInput(symbol: entry.symbol, name: Self.atrColumn) }
        var details = details
        let tier = settings.tier(card.total) ?? "standard"
        guard let plan = try OrderFlowEntryPlan(
            side: side, price: entry.ticker.last, atr: atr, nav: input.account.nav, market: entry.market, heavy: tier == "heavy",
            profile: profile, settings: settings
        ) else {
            return .hold("\(head); no bracket or size (ATR \(fmt(atr)), NAV \(input.account.nav))", entry.symbol, details, score: card.total)
        }
        details.notes += plan.notes
        let proposal = ModelProposal(
            action: side.action, intent: intent, symbol: entry.symbol, positionSizePct: plan.positionSizePct,
            takeProfit: plan.bracket.takeProfit2 ?? plan.bracket.takeProfit1, stopLoss: plan.bracket.stopLoss, leverage: plan.leverage,
            confidence: confidence(card), rationale: "\(head) \(tier) \(intent.rawValue.lowercased()): \(plan.summary)", bracket: plan.bracket,
            details: details
        )
        return OrderFlowVerdict(kind: intent == .flip ? .exit : .entry, proposal: proposal, score: card.total)
    }

    /// The time since the symbol's last entry while it is within the cooldown; nil outside it.
    func cooldownElapsed(_ symbol: Symbol, _ input: ModelInput) -> Duration? {
        guard settings.cooldownSeconds > 0, let last = input.lastEntry(in: symbol) else { return nil }
        let elapsed = input.tick.duration(since: last.tick)
        return elapsed < .seconds(settings.cooldownSeconds) ? elapsed : nil
    }

    private func minutes(_ d: Duration) -> String { fmt(Double(d.components.seconds) / 60) }

    /// The score as a fraction of the profile's maximum.
    private func confidence(_ card: OrderFlowScorecard) -> Double { min(1, max(0, card.total / profile.maximum)) }
}
