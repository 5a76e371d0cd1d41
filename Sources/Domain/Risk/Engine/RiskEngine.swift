import ArenaCore

/// The risk guard (spec §6): judges each decision against the limits, keeps
/// the trading states, reacts to account updates (forced exits, kill switch,
/// daily halt) and to operators. Deterministic and event-sourced: it has no
/// clock (every call says `now`, in market time), and every change of its
/// state is a ``RiskRecord`` it returns, so ``replay(_:)`` rebuilds it.
public struct RiskEngine: Sendable, Equatable {
    public let limits: RiskLimits
    /// The venue its orders go to.
    public let venue: VenueID
    /// The models it guards, sorted.
    public let models: [ModelID]
    var books: [ModelID: ModelBook]
    var arena: TradingStateEntry
    var controlReceipts: Set<String> = []

    /// An engine with every model and the arena ACTIVE.
    public init(limits: RiskLimits, models: [ModelID], venue: VenueID) {
        self.limits = limits
        self.venue = venue
        self.models = Array(Set(models)).sorted()
        books = Dictionary(uniqueKeysWithValues: self.models.map { ($0, ModelBook(model: $0)) })
        arena = TradingStateEntry(modelID: nil, state: .active, reason: "start", until: nil)
    }

    // MARK: States

    /// The state of `model`, or of the arena when nil; nil for an unknown model.
    public func state(of model: ModelID?) -> TradingStateEntry? {
        guard let model else { return arena }
        return books[model]?.state
    }

    /// The state `model` trades under: the stricter of its own and the arena's (HALTED for an unknown model).
    public func effectiveState(of model: ModelID) -> TradingState {
        (books[model]?.state.state ?? .halted).stricter(arena.state)
    }

    /// Every state: the arena's first, then each model's in id order.
    public var states: [TradingStateEntry] { [arena] + models.compactMap { books[$0]?.state } }

    // MARK: Records

    /// Applies one record of an earlier run. Throws when the record names an
    /// unknown model or does not follow from the state (a state change whose
    /// `from` is not the current state).
    public mutating func replay(_ record: RiskRecord) throws(RiskError) {
        try apply(record)
    }

    /// The one place the engine's state changes.
    mutating func apply(_ record: RiskRecord) throws(RiskError) {
        switch record {
        case .verdict(let verdict, let time):
            try mutateBook(verdict.modelID) { $0.noteVerdict(verdict, at: time) }
        case .stateChange(let change):
            let current = state(of: change.modelID)
            guard let current else { throw .unknownModel(change.modelID ?? ModelID(unchecked: "?")) }
            guard current.state == change.from else {
                throw .invalidRecord("state change from \(change.from.rawValue) but the state is \(current.state.rawValue)")
            }
            let entry = TradingStateEntry(modelID: change.modelID, state: change.to, reason: change.reason, until: change.until)
            if let model = change.modelID { books[model]?.state = entry } else { arena = entry }
        case .control(let requestID, _):
            controlReceipts.insert(requestID)
        case .fill(let fill, let pnl):
            let limits = limits
            try mutateBook(fill.modelID) { $0.noteFill(fill, realizedPnL: pnl, limits: limits) }
        case .reactionFired(let model, let key, _):
            try mutateBook(model) { book in
                // A day's halt replaces the previous day's: only the current one is remembered.
                if key.hasPrefix(ReactionKey.dailyPrefix) { book.latches = book.latches.filter { !$0.hasPrefix(ReactionKey.dailyPrefix) } }
                book.latches.insert(key)
            }
        case .reactionReset(let model, let key, _):
            try mutateBook(model) { $0.latches.remove(key) }
        }
    }

    /// Changes `model`'s book in place (a copy out and back would copy its time lists on every change).
    private mutating func mutateBook(_ model: ModelID, _ body: (inout ModelBook) -> Void) throws(RiskError) {
        // One hash and no copy of the book (`books[model] != nil` would copy it out first).
        guard let index = books.index(forKey: model) else { throw .unknownModel(model) }
        body(&books.values[index])
    }

    /// Applies records this engine just made. They come from its own state, so
    /// they cannot fail; a failure would be a bug and is dropped rather than crash.
    mutating func commit(_ records: [RiskRecord]) {
        for record in records { commit(record) }
    }

    /// Applies one record this engine just made (see ``commit(_:)-([RiskRecord])``).
    mutating func commit(_ record: RiskRecord) {
        try? apply(record)
    }

    // MARK: State changes

    /// The record of moving `model` (or the arena) to `to`, or nil when it is already there with the same `until`.
    func transition(
        _ model: ModelID?, to: TradingState, reason: String, by: String, until: Timestamp?, now: Timestamp
    ) -> TradingStateChange? {
        guard let current = state(of: model) else { return nil }
        if current.state == to && current.until == until { return nil }
        return TradingStateChange(modelID: model, from: current.state, to: to, reason: reason, by: by, until: until, time: now)
    }

    /// Halts whose `until` has come return to ACTIVE (reason `halt_expired`): for `model` and the arena.
    mutating func expireHalts(of model: ModelID?, now: Timestamp) -> [TradingStateChange] {
        var changes: [TradingStateChange] = []
        let targets: [ModelID?] = model.map { [nil, $0] } ?? [nil]
        for target in targets {
            guard let entry = state(of: target), let until = entry.until, now >= until, entry.state != .active else { continue }
            if let change = transition(target, to: .active, reason: "halt_expired", by: "rule:halt_expired", until: nil, now: now) {
                changes.append(change)
                commit(.stateChange(change))
            }
        }
        return changes
    }
}

/// The keys of continuous reactions (what fires once).
enum ReactionKey {
    static let maxDrawdown = "max_drawdown"
    static let dailyPrefix = "daily_drawdown@"
    static let forcedPrefix = "forced/"

    /// The daily halt of the UTC day of `time`.
    static func daily(_ time: Timestamp) -> String { dailyPrefix + "\(time.nextUTCMidnight.nanoseconds / 86_400_000_000_000 - 1)" }

    /// The forced exit of one position (a symbol opened at a time): one per position, ever.
    static func forced(_ position: PositionState) -> String { forcedPrefix + "\(position.symbol)/\(position.openedAt.milliseconds)" }
}
