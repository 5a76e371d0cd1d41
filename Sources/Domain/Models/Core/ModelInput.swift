import ArenaCore

/// Everything a model may read for one decision: the job's snapshot, the
/// model's account and its own recent decisions, and an ensemble's members'
/// decisions. Nothing else (no clock, no I/O): equal inputs, equal decisions.
public struct ModelInput: Sendable {
    public let job: ScoringJob

    public init(_ job: ScoringJob) { self.job = job }

    public var snapshot: MarketSnapshot { job.snapshot }
    public var tick: Timestamp { job.snapshot.tick }
    public var account: AccountState { job.account }
    public var history: [DecisionSummary] { job.history }
    public var members: [ModelDecision] { job.members }

    /// The open position in `symbol`, if any (a zero quantity counts as none).
    public func position(in symbol: Symbol) -> PositionState? {
        account.positions.first { $0.symbol == symbol && !$0.quantity.isZero }
    }

    /// The first open position, in symbol order.
    public var openPosition: PositionState? {
        account.positions.filter { !$0.quantity.isZero }.min { $0.symbol < $1.symbol }
    }

    /// The snapshot entry of `symbol`, or a typed error.
    public func entry(_ symbol: Symbol) throws(ModelInputError) -> SymbolSnapshot {
        guard let entry = snapshot.entry(for: symbol) else { throw .missingSymbol(symbol) }
        return entry
    }

    /// The model's most recent decision that opened or flipped a position in `symbol`.
    public func lastEntry(in symbol: Symbol) -> DecisionSummary? {
        history.last { $0.symbol == symbol && $0.outcome == .decided && ($0.intent == .open || $0.intent == .flip || $0.intent == .add) }
    }
}

extension SymbolSnapshot {
    /// The indicator column `name`, or a typed error when it is absent or still warming.
    public func require(_ name: String) throws(ModelInputError) -> Double {
        guard let value = indicator(name) else { throw .missingInput(symbol: symbol, name: name) }
        return value
    }

    /// The last `count` bars of the indicator timeframe (oldest first), or a typed error when fewer are held.
    public func requireBars(_ count: Int) throws(ModelInputError) -> ArraySlice<SnapshotBar> {
        guard bars.count >= count else { throw .shortHistory(symbol: symbol, needed: count, held: bars.count) }
        return bars.suffix(count)
    }

    /// The last `count` settled funding rates (oldest first), or a typed error when fewer are held.
    public func requireFunding(_ count: Int) throws(ModelInputError) -> ArraySlice<FundingPoint> {
        guard fundingHistory.count >= count else { throw .shortFundingHistory(symbol: symbol, needed: count, held: fundingHistory.count) }
        return fundingHistory.suffix(count)
    }

    /// The last price as a number (for statistics; money stays exact elsewhere).
    public var lastPrice: Double { ticker.last.doubleValue }
}

/// An input a model needs is not in the job: the roster's needs and the
/// snapshot disagree (a defect), reported as the decision's FAILED reason.
public enum ModelInputError: Error, Sendable, Hashable, CustomStringConvertible {
    case missingSymbol(Symbol)
    case missingInput(symbol: Symbol, name: String)
    case shortHistory(symbol: Symbol, needed: Int, held: Int)
    case shortFundingHistory(symbol: Symbol, needed: Int, held: Int)
    case missingMembers([ModelID])

    public var description: String {
        switch self {
        case .missingSymbol(let s): "the snapshot has no \(s)"
        case .missingInput(let s, let name): "\(s): \(name) is missing from the snapshot"
        case .shortHistory(let s, let needed, let held): "\(s): needs \(needed) bars, the snapshot holds \(held)"
        case .shortFundingHistory(let s, let needed, let held): "\(s): needs \(needed) funding settlements, the snapshot holds \(held)"
        case .missingMembers(let ids): "the job lacks the decisions of members \(ids.map(\.value).joined(separator: ", "))"
        }
    }
}
