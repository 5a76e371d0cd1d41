import ArenaCore

/// One model's books in exact decimals (spec §7): cash, positions, realised
/// PnL, fees, funding, marks, NAV and its drawdown references.
///
/// Identities, exact (no rounding slack), after any sequence of fills and payments:
/// - conservation: `cash + Σ lockedCapital − realizedPnL + fees − funding == startingCapital`,
///   where `lockedCapital` is the cost basis of a spot position and the margin of a perpetual one;
/// - NAV: `nav == startingCapital + realizedPnL + unrealizedPnL − fees + funding`.
/// Every mutation is atomic (``atomically(touching:_:)``): a thrown error leaves the ledger unchanged.
public struct ModelLedger: Sendable, Hashable, Codable {
    public let modelID: ModelID
    public let startingCapital: FixedDecimal
    /// The maintenance-margin rate of the liquidation formula.
    public let maintenanceMarginRate: FixedDecimal
    public internal(set) var cash: FixedDecimal
    public internal(set) var positions: [Symbol: LedgerPosition] = [:]
    public internal(set) var realizedPnL: FixedDecimal = .zero
    /// Fees paid, ≥ 0.
    public internal(set) var fees: FixedDecimal = .zero
    /// Funding received (negative: paid).
    public internal(set) var funding: FixedDecimal = .zero
    /// The last price per symbol (fills and marks).
    public internal(set) var marks: [Symbol: FixedDecimal] = [:]
    public internal(set) var peakNAV: FixedDecimal
    public internal(set) var dayStartNAV: FixedDecimal
    /// The UTC day (days since the epoch) of the last update, nil before the first.
    public internal(set) var day: Int64?

    /// A flat ledger holding `startingCapital` in cash.
    public init(modelID: ModelID, startingCapital: FixedDecimal, maintenanceMarginRate: FixedDecimal = FixedDecimal(raw: 4_000_000_000)) {
        self.modelID = modelID
        self.startingCapital = startingCapital
        self.maintenanceMarginRate = maintenanceMarginRate
        cash = startingCapital
        peakNAV = startingCapital
        dayStartNAV = startingCapital
    }

    /// What the fills and payments made of the ledger (marks and NAV references aside): what a rebuild must reproduce.
    public struct Holdings: Sendable, Hashable {
        public var cash: FixedDecimal
        public var positions: [Symbol: LedgerPosition]
        public var realizedPnL: FixedDecimal
        public var fees: FixedDecimal
        public var funding: FixedDecimal
    }

    /// The ledger's holdings.
    public var holdings: Holdings {
        Holdings(cash: cash, positions: positions, realizedPnL: realizedPnL, fees: fees, funding: funding)
    }

    /// The price `symbol` is marked at: its last mark, else the position's average entry.
    public func markPrice(_ symbol: Symbol) -> FixedDecimal? {
        marks[symbol] ?? positions[symbol]?.averagePrice
    }

    /// Cash + spot positions at their marks + perpetual positions' margin and unrealised PnL.
    public func nav() throws(LedgerError) -> FixedDecimal {
        var total = cash
        for position in positions.values {
            total = try Checked.add(total, try position.navContribution(at: markPrice(position.symbol) ?? .zero), "NAV")
        }
        return total
    }

    /// Σ unrealised PnL of the open positions at their marks.
    public func unrealizedPnL() throws(LedgerError) -> FixedDecimal {
        var total = FixedDecimal.zero
        for position in positions.values {
            total = try Checked.add(total, try position.unrealizedPnL(at: markPrice(position.symbol) ?? .zero), "unrealised PnL")
        }
        return total
    }

    /// Σ margin of the perpetual positions.
    public var marginUsed: FixedDecimal {
        positions.values.reduce(FixedDecimal.zero) { $0 + $1.margin }
    }

    /// Marks `symbol` at `price` (time `at`), updating the NAV references.
    public mutating func mark(_ symbol: Symbol, price: FixedDecimal, at time: Timestamp) throws(LedgerError) {
        guard price.isPositive else { return }
        // The same price on the same day changes nothing (the NAV and so its peak stay as they
        // were): the common mark right after a fill at that price costs one lookup.
        if let current = day, current == Self.utcDay(time), marks[symbol] == price { return }
        try atomically(touching: symbol) { next throws(LedgerError) in
            try next.rollDay(at: time)
            next.marks[symbol] = price
            try next.updatePeak()
        }
    }

    /// What a mutation touching one symbol may change: the totals, the symbol's position and mark.
    private struct Undo {
        let cash, realizedPnL, fees, funding, peakNAV, dayStartNAV: FixedDecimal
        let day: Int64?
        let symbol: Symbol?
        let position: LedgerPosition?
        let mark: FixedDecimal?
    }

    /// Runs `body` on the ledger in place; when it throws, what it may have changed (the totals
    /// and `symbol`'s position and mark) is put back, so the ledger is unchanged. Mutating in
    /// place rather than on a copy (`var next = self`) keeps the dictionaries uniquely referenced:
    /// no copy of them per fill or mark. `body` must change no other symbol's entries.
    mutating func atomically(touching symbol: Symbol?, _ body: (inout ModelLedger) throws(LedgerError) -> Void) throws(LedgerError) {
        try atomically(touching: symbol, holding: symbol.flatMap { positions[$0] }, body)
    }

    /// ``atomically(touching:_:)`` with `symbol`'s position as the caller just read it (one lookup fewer).
    mutating func atomically(
        touching symbol: Symbol?, holding position: LedgerPosition?, _ body: (inout ModelLedger) throws(LedgerError) -> Void
    ) throws(LedgerError) {
        let undo = Undo(
            cash: cash, realizedPnL: realizedPnL, fees: fees, funding: funding, peakNAV: peakNAV, dayStartNAV: dayStartNAV, day: day,
            symbol: symbol, position: position, mark: symbol.flatMap { marks[$0] }
        )
        do {
            try body(&self)
        } catch {
            (cash, realizedPnL, fees, funding, peakNAV, dayStartNAV, day) =
                (undo.cash, undo.realizedPnL, undo.fees, undo.funding, undo.peakNAV, undo.dayStartNAV, undo.day)
            if let symbol {
                positions[symbol] = undo.position
                marks[symbol] = undo.mark
            }
            throw error
        }
    }

    /// The account as the OMS publishes it (positions sorted by symbol).
    public func account(sequence: Int64, asOf time: Timestamp) throws(LedgerError) -> AccountState {
        var states: [PositionState] = []
        for position in positions.values.sorted(by: { $0.symbol < $1.symbol }) {
            let mark = markPrice(position.symbol) ?? position.averagePrice
            states.append(PositionState(
                symbol: position.symbol, quantity: position.quantity, averagePrice: position.averagePrice,
                unrealizedPnL: try position.unrealizedPnL(at: mark), market: position.market, markPrice: mark,
                leverage: position.leverage, margin: position.margin,
                liquidationPrice: position.liquidationPrice(maintenanceMarginRate: maintenanceMarginRate), openedAt: position.openedAt
            ))
        }
        let (nav, unrealized) = try navAndUnrealizedPnL()
        return AccountState(
            modelID: modelID, source: .ledger, asOf: time, sequence: sequence, cash: cash, positions: states, nav: nav,
            realizedPnL: realizedPnL, fees: fees, funding: funding, unrealizedPnL: unrealized, marginUsed: marginUsed,
            peakNAV: peakNAV, dayStartNAV: dayStartNAV
        )
    }

    /// ``nav()`` and ``unrealizedPnL()`` in one pass over the positions (one mark lookup each),
    /// throwing what the two calls in that order would: the first NAV error, else the first
    /// unrealised-PnL error.
    private func navAndUnrealizedPnL() throws(LedgerError) -> (nav: FixedDecimal, unrealized: FixedDecimal) {
        var nav = cash, unrealized = FixedDecimal.zero
        var unrealizedError: LedgerError?
        for position in positions.values {
            let mark = markPrice(position.symbol) ?? .zero
            nav = try Checked.add(nav, try position.navContribution(at: mark), "NAV")
            guard unrealizedError == nil else { continue }
            do { unrealized = try Checked.add(unrealized, try position.unrealizedPnL(at: mark), "unrealised PnL") } catch {
                unrealizedError = error
            }
        }
        if let unrealizedError { throw unrealizedError }
        return (nav, unrealized)
    }

    /// Whether a position in `symbol` is open (asked without copying it out).
    func holds(_ symbol: Symbol) -> Bool { positions.index(forKey: symbol) != nil }

    /// The signed quantity held in `symbol` (0 when flat).
    public func quantity(of symbol: Symbol) -> FixedDecimal { positions[symbol]?.quantity ?? .zero }

    /// At the first update of a new UTC day, the NAV before it becomes the day's reference.
    mutating func rollDay(at time: Timestamp) throws(LedgerError) {
        let d = Self.utcDay(time)
        guard let current = day else {
            day = d
            return
        }
        if d > current {
            dayStartNAV = try nav()
            day = d
        }
    }

    /// The UTC day of `time`, in days since the epoch.
    static func utcDay(_ time: Timestamp) -> Int64 {
        time.nanoseconds >= 0 ? time.nanoseconds / 86_400_000_000_000 : (time.nanoseconds + 1) / 86_400_000_000_000 - 1
    }

    mutating func updatePeak() throws(LedgerError) {
        let value = try nav()
        if value > peakNAV { peakNAV = value }
    }
}
