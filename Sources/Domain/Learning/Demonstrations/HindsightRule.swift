import ArenaCore

/// The rule that writes the SYNTHETIC demonstrations (docs/diffusion-policy.md):
/// no public log of human trades is at hand, so a trader who sees the future
/// stands in for one. It looks at each bar's close and the next `horizon`
/// closes, and trades at that close:
/// - it goes long when the close rises by `rise` before it falls by `stop`,
///   short when it falls by `rise` before it rises by `stop`;
/// - the entry is a full unit (`unit_notional` of quote asset) when the move
///   reaches twice `rise` before the stop, half a unit otherwise;
/// - a long is closed when the close falls by `stop` before it rises by `stop`
///   (a short when it rises first), unless the opposite entry fires, which flips it;
/// - within `horizon` bars of the end it only holds.
/// It sees the future, so no policy that reads the past can match it: it is the
/// demonstrator the diffusion policy imitates, not a benchmark to beat.
public struct HindsightRule: Sendable, Hashable {
    public var rise: Double
    public var stop: Double
    public var horizon: Int
    public var unitNotional: Double

    public init(rise: Double = 0.008, stop: Double = 0.004, horizon: Int = 48, unitNotional: Double = 10_000) {
        self.rise = rise
        self.stop = stop
        self.horizon = horizon
        self.unitNotional = unitNotional
    }

    /// The rule in words, for the CSV's comment and the model's notes.
    public var summary: String {
        "hindsight rule: long when the close rises \(percent(rise)) before falling \(percent(stop)) within \(horizon) bars, "
            + "short when it falls \(percent(rise)) before rising \(percent(stop)); a full unit of \(Int(unitNotional)) quote when the move "
            + "reaches \(percent(2 * rise)) first, half a unit otherwise; a position closes when the close moves \(percent(stop)) "
            + "against it before \(percent(stop)) for it"
    }

    /// The signed position (a fraction of a unit, −1…1) the rule holds after each close.
    public func positions(closes: [Double]) -> [Double] {
        var held = 0.0
        return closes.indices.map { t in
            guard t + horizon < closes.count else { return held }
            let ahead = closes[(t + 1)...(t + horizon)], now = closes[t]
            func first(_ factor: Double) -> Int? {
                factor > 1 ? ahead.firstIndex { $0 >= now * factor } : ahead.firstIndex { $0 <= now * factor }
            }
            func before(_ a: Int?, _ b: Int?) -> Bool { a.map { a in b.map { a < $0 } ?? true } ?? false }
            let upStop = first(1 + stop), downStop = first(1 - stop)
            if before(first(1 + rise), downStop) {
                if held <= 0 { held = before(first(1 + 2 * rise), downStop) ? 1 : 0.5 }
            } else if before(first(1 - rise), upStop) {
                if held >= 0 { held = before(first(1 - 2 * rise), upStop) ? -1 : -0.5 }
            } else if held > 0, before(downStop, upStop) {
                held = 0
            } else if held < 0, before(upStop, downStop) {
                held = 0
            }
            return held
        }
    }

    /// The rule's trades on `symbol`'s closes (`closeTimes[i]` is when close `i` is final): one trade at each close where
    /// its position changes, sized in base asset at that close (rounded to 6 decimals).
    public func trades(symbol: String, closes: [Double], closeTimes: [Timestamp]) -> [DemonstrationTrade] {
        var quantity = 0.0, held = 0.0
        var trades: [DemonstrationTrade] = []
        for (t, position) in positions(closes: closes).enumerated() where position != held {
            held = position
            let wanted = position == 0 ? 0 : ((position * unitNotional / closes[t]) * 1e6).rounded() / 1e6
            let change = ((wanted - quantity) * 1e6).rounded() / 1e6
            trades.append(DemonstrationTrade(time: closeTimes[t], symbol: symbol, side: change > 0 ? .buy : .sell, quantity: abs(change), price: closes[t]))
            quantity = wanted
        }
        return trades
    }

    private func percent(_ x: Double) -> String { "\((x * 10_000).rounded() / 100) %" }
}

/// The action a demonstrator holds after a bar: the direction (−1, 0 or +1) and the size (0…1 of a unit).
public struct DemonstratedAction: Sendable, Hashable {
    public var target: Double
    public var size: Double

    public init(target: Double, size: Double) {
        self.target = target
        self.size = size
    }

    public static let flat = DemonstratedAction(target: 0, size: 0)

    /// The action of a signed position of `fraction` units (−1…1).
    public init(fraction: Double) {
        self.init(target: fraction > 0 ? 1 : fraction < 0 ? -1 : 0, size: min(1, abs(fraction)))
    }

    /// −1, 0 or +1.
    public var side: Int { target > 0 ? 1 : target < 0 ? -1 : 0 }
    /// The signed exposure in units: side × size.
    public var exposure: Double { Double(side) * size }

    /// The action held after each bar (bar `i` is final at `closeTimes[i]`) by the trades of one symbol:
    /// the trades up to and at a bar's close are applied to it (earlier trades to the first bar); the size is the
    /// position's notional at its last trade's price over `unitNotional`, at most 1.
    public static func perBar(_ trades: [DemonstrationTrade], closeTimes: [Timestamp], unitNotional: Double) -> [DemonstratedAction] {
        var quantity = 0.0, price = 0.0, next = 0
        return closeTimes.map { close in
            while next < trades.count, trades[next].time <= close {
                quantity += trades[next].signedQuantity
                price = trades[next].price
                next += 1
            }
            let fraction = quantity * price / unitNotional
            return abs(fraction) < 1e-6 ? .flat : DemonstratedAction(fraction: fraction)
        }
    }
}
