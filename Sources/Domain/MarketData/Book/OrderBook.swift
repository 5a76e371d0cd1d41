import ArenaCore

/// A price-level order book: bids best (highest) first, asks best (lowest) first.
///
/// Levels carry absolute quantities, as Binance diffs do: applying a level sets
/// its quantity, and a quantity of zero removes it (removing a level the book
/// does not hold is normal and does nothing). Sorted arrays with binary search
/// keep the top cheap to read; a diff touches a few levels of a book of about a
/// thousand, so the insert/remove moves are small.
public struct OrderBook: Sendable, Hashable {
    /// Bids, highest price first.
    public private(set) var bids: [PriceLevel] = []
    /// Asks, lowest price first.
    public private(set) var asks: [PriceLevel] = []

    /// An empty book.
    public init() {}

    /// A book holding a snapshot's levels (zero quantities skipped, duplicates: last wins).
    public init(bids: [PriceLevel], asks: [PriceLevel]) {
        apply(bids: bids, asks: asks)
    }

    /// Sets each level's quantity; a zero quantity removes the level.
    public mutating func apply(bids newBids: [PriceLevel], asks newAsks: [PriceLevel]) {
        for level in newBids { Self.set(level, in: &bids, descending: true) }
        for level in newAsks { Self.set(level, in: &asks, descending: false) }
    }

    /// The highest bid.
    public var bestBid: PriceLevel? { bids.first }
    /// The lowest ask.
    public var bestAsk: PriceLevel? { asks.first }

    /// True when the best bid is at or above the best ask, which a consistent book never is.
    public var isCrossed: Bool {
        guard let bid = bestBid, let ask = bestAsk else { return false }
        return bid.price >= ask.price
    }

    /// The best `count` levels of each side.
    public func top(_ count: Int) -> (bids: [PriceLevel], asks: [PriceLevel]) {
        (Array(bids.prefix(count)), Array(asks.prefix(count)))
    }

    /// Empties the book.
    public mutating func removeAll() {
        bids.removeAll(keepingCapacity: true)
        asks.removeAll(keepingCapacity: true)
    }

    private static func set(_ level: PriceLevel, in side: inout [PriceLevel], descending: Bool) {
        let (found, index) = position(of: level.price, in: side, descending: descending)
        if level.quantity.isZero {
            if found { side.remove(at: index) }
        } else if found {
            side[index].quantity = level.quantity
        } else {
            side.insert(level, at: index)
        }
    }

    /// Binary search: where `price` is, or where it would go.
    private static func position(of price: FixedDecimal, in side: [PriceLevel], descending: Bool) -> (Bool, Int) {
        var low = 0, high = side.count
        while low < high {
            let mid = (low + high) / 2
            let p = side[mid].price
            if p == price { return (true, mid) }
            if descending ? p > price : p < price { low = mid + 1 } else { high = mid }
        }
        return (false, low)
    }
}
