import ArenaCore

/// The paper venue's price arithmetic: adverse slippage, fees, and walking a book.
public struct PaperPricing: Sendable, Hashable, Codable {
    /// Adverse slippage of market-style fills on a trade or a bar, in basis points.
    public var slippageBps: FixedDecimal
    public var takerFeeBps: FixedDecimal
    public var makerFeeBps: FixedDecimal

    public init(slippageBps: FixedDecimal = 10, takerFeeBps: FixedDecimal = 5, makerFeeBps: FixedDecimal = 2) {
        self.slippageBps = slippageBps
        self.takerFeeBps = takerFeeBps
        self.makerFeeBps = makerFeeBps
    }

    /// `price` moved against the taker: up for a buy, down for a sell, by ``slippageBps``.
    public func slipped(_ price: FixedDecimal, side: Side) throws(ExecutionError) -> FixedDecimal {
        try Self.checked("slippage") {
            let move = try price.multiplied(by: slippageBps).divided(by: 10_000)
            return side == .buy ? try price.adding(move) : try price.subtracting(move)
        }
    }

    /// The fee of a fill: `quantity × price × bps / 10 000` in the quote currency, maker or taker rate.
    public func fee(quantity: FixedDecimal, price: FixedDecimal, liquidity: Liquidity) throws(ExecutionError) -> FixedDecimal {
        let bps = liquidity == .maker ? makerFeeBps : takerFeeBps
        return try Self.checked("fee") { try quantity.multiplied(by: price).multiplied(by: bps).divided(by: 10_000) }
    }

    /// The quantity `budget` pays for at `price` with the taker fee on top: `budget / (price × (1 + fee))`,
    /// rounded down to the decimals' 12 places, so the fill's notional plus its fee never exceeds the budget.
    public func quantity(spending budget: FixedDecimal, at price: FixedDecimal) throws(ExecutionError) -> FixedDecimal {
        try Self.checked("budget quantity") {
            let cost = try price.multiplied(by: try FixedDecimal(10_000).adding(takerFeeBps)).divided(by: 10_000)
            return try budget.divided(by: cost, rounding: .towardZero)
        }
    }

    /// Walks `levels` (best first) for up to `quantity`: the quantity available and its average price
    /// (half-even to 12 places); nil when the levels hold nothing.
    public static func walk(
        _ levels: [PriceLevel], quantity: FixedDecimal
    ) throws(ExecutionError) -> (quantity: FixedDecimal, averagePrice: FixedDecimal)? {
        try checked("book walk") {
            var filled = FixedDecimal.zero, notional = FixedDecimal.zero
            for level in levels where level.quantity.isPositive && level.price.isPositive {
                let need = try quantity.subtracting(filled)
                guard need.isPositive else { break }
                let take = min(need, level.quantity)
                filled = try filled.adding(take)
                notional = try notional.adding(try take.multiplied(by: level.price))
            }
            guard filled.isPositive else { return nil }
            return (filled, try notional.divided(by: filled))
        }
    }

    static func checked<T>(_ what: String, _ body: () throws -> T) throws(ExecutionError) -> T {
        do { return try body() } catch { throw .arithmetic(what) }
    }
}
