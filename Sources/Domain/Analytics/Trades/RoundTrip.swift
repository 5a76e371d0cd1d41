import ArenaCore

/// One trade from flat to flat (or to a reversal) on one symbol: what the trade statistics count.
public struct RoundTrip: Sendable, Hashable, Codable {
    public var modelID: ModelID
    public var symbol: Symbol
    /// `.buy` for a long, `.sell` for a short.
    public var direction: Side
    public var openedAt: Timestamp
    public var closedAt: Timestamp
    /// The largest absolute position held during the trade.
    public var peakQuantity: FixedDecimal
    /// PnL from prices alone, before fees.
    public var grossPnL: FixedDecimal
    /// Every fee of the trade's fills (a reversing fill's fee is split by quantity).
    public var fees: FixedDecimal
    /// The money at risk when it opened: |entry − stop| × quantity, when the entry had a stop.
    public var initialRisk: FixedDecimal?

    public var netPnL: FixedDecimal { grossPnL - fees }
    /// Held for, in seconds.
    public var holdingSeconds: Double { Double(closedAt.nanoseconds - openedAt.nanoseconds) / 1e9 }
    /// The result in R before fees (gross PnL over the initial risk), when the risk is known.
    public var grossR: Double? { initialRisk.flatMap { $0.isPositive ? grossPnL.doubleValue / $0.doubleValue : nil } }
    /// The result in R after fees.
    public var netR: Double? { initialRisk.flatMap { $0.isPositive ? netPnL.doubleValue / $0.doubleValue : nil } }
}

/// Folds a model's fills into round trips, position by position, in exact decimals.
///
/// A fill that crosses zero closes the trade with the quantity that flattens it and opens a new
/// one with the rest; its fee is split in proportion.
public struct RoundTripTracker: Sendable {
    struct Open: Sendable {
        var direction: Side
        var openedAt: Timestamp
        var quantity: FixedDecimal
        var averagePrice: FixedDecimal
        var peak: FixedDecimal
        var gross: FixedDecimal = .zero
        var fees: FixedDecimal = .zero
        var initialRisk: FixedDecimal?
    }

    private var open: [Symbol: Open] = [:]

    public init() {}

    /// Applies `fill`; returns the trade it closed, if any. `stopPrice` is the protective stop the
    /// entry carried (it sets the trade's initial risk when the fill opens a trade).
    public mutating func apply(_ fill: Fill, stopPrice: FixedDecimal? = nil) throws -> RoundTrip? {
        guard fill.quantity.isPositive else { return nil }
        var remaining = fill.quantity
        var closed: RoundTrip?
        if var position = open[fill.symbol], position.direction != fill.side {
            let closing = min(remaining, position.quantity)
            let fee = try fill.fee.multiplied(by: closing).divided(by: fill.quantity)
            let move = position.direction == .buy ? fill.price - position.averagePrice : position.averagePrice - fill.price
            position.gross += try move.multiplied(by: closing)
            position.fees += fee
            position.quantity -= closing
            remaining -= closing
            if position.quantity.isZero {
                closed = RoundTrip(
                    modelID: fill.modelID, symbol: fill.symbol, direction: position.direction, openedAt: position.openedAt, closedAt: fill.time,
                    peakQuantity: position.peak, grossPnL: position.gross, fees: position.fees, initialRisk: position.initialRisk
                )
                open[fill.symbol] = nil
            } else {
                open[fill.symbol] = position
            }
        }
        guard remaining.isPositive else { return closed }
        let fee = remaining == fill.quantity ? fill.fee : try fill.fee.multiplied(by: remaining).divided(by: fill.quantity)
        if var position = open[fill.symbol] {
            let notional = try position.averagePrice.multiplied(by: position.quantity) + fill.price.multiplied(by: remaining)
            position.quantity += remaining
            position.averagePrice = try notional.divided(by: position.quantity)
            position.peak = max(position.peak, position.quantity)
            position.fees += fee
            open[fill.symbol] = position
        } else {
            let risk = try stopPrice.map { try ($0 - fill.price).magnitude.multiplied(by: remaining) }
            open[fill.symbol] = Open(
                direction: fill.side, openedAt: fill.time, quantity: remaining, averagePrice: fill.price, peak: remaining, fees: fee,
                initialRisk: risk
            )
        }
        return closed
    }

    /// Symbols with a trade still open.
    public var openSymbols: [Symbol] { open.keys.sorted() }
}
