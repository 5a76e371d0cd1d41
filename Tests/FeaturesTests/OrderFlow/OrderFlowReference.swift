import ArenaCore
import Testing
@testable import Features

/// Brute-force order flow: every feature recomputed at a checkpoint by
/// scanning the raw event lists, from the definitions in the book's docs.
struct OrderFlowReference {
    /// A trade fed, with its second and notional worked out once: the scans
    /// below run at every checkpoint, over up to a day of trades, and a
    /// notional (an exact decimal product) is by far their dearest part.
    struct Recorded {
        let trade: Trade
        let second: Int64
        let notional: FixedDecimal
    }

    /// The trades fed (``add(_:)``), oldest first.
    private(set) var trades: [Recorded] = []
    var liquidations: [Liquidation] = []
    /// When observation began (the book's origin).
    var origin: Timestamp

    static func second(_ t: Timestamp) -> Int64 { floorDiv(t.nanoseconds, 1_000_000_000) }

    func covers(_ firstSecond: Int64) -> Bool { origin.nanoseconds <= firstSecond * 1_000_000_000 }

    /// Feeds `trade`.
    mutating func add(_ trade: Trade) {
        trades.append(Recorded(trade: trade, second: Self.second(trade.eventTime), notional: trade.notional))
    }

    /// Trades whose bucket (of `width` seconds) is within `span` buckets of the clock's.
    func flow(span: Int64, width: Int64, at clock: Int64) -> TakerFlow {
        let oldest = floorDiv(clock, width) - span + 1
        var f = TakerFlow()
        for t in trades where floorDiv(t.second, width) >= oldest {
            f.add(TakerFlow(side: t.trade.takerSide, quantity: t.trade.quantity, notional: t.notional))
        }
        return f
    }

    /// `C(m)`: CVD over the 1,800 seconds ending with minute `m`'s last second.
    func cvd30m(endingMinute m: Int64) -> FixedDecimal? {
        let last = m * 60 + 59
        guard covers(last - 1799) else { return nil }
        var c = FixedDecimal.zero
        for t in trades where t.second >= last - 1799 && t.second <= last {
            c += t.trade.takerSide == .buy ? t.trade.quantity : -t.trade.quantity
        }
        return c
    }

    /// The exact nearest-rank percentile of notional over the 24 hourly buckets at the clock.
    func exactPercentile(_ percent: Int, at clock: Int64) -> FixedDecimal? {
        let oldest = floorDiv(clock, 3600) - 23
        let values = trades.filter { floorDiv($0.second, 3600) >= oldest }.map(\.notional.raw).sorted()
        guard !values.isEmpty else { return nil }
        return FixedDecimal(raw: values[max(1, (percent * values.count + 99) / 100) - 1])
    }

    /// Trades of the last 15 minutes on `side` with notional ≥ `threshold`.
    func large(side: Side, atLeast threshold: FixedDecimal, at clock: Int64) -> LargeTrades {
        var out = LargeTrades()
        for t in trades where t.second > clock - 900 && t.trade.takerSide == side && t.notional >= threshold {
            out.count += 1
            out.notional += t.notional
        }
        return out
    }

    func whales(at clock: Int64) -> SidedNotional {
        var w = SidedNotional()
        for t in trades where t.second > clock - 900 && t.notional >= 100_000 {
            w.add(SidedNotional(side: t.trade.takerSide, notional: t.notional))
        }
        return w
    }

    func liquidated(at clock: Int64) -> SidedNotional {
        var l = SidedNotional()
        for x in liquidations where Self.second(x.eventTime) > clock - 300 {
            l.add(SidedNotional(side: x.side, notional: (x.averagePrice ?? x.price) * x.quantity))
        }
        return l
    }

    /// Checks every feature of `f` (the book's, at second `clock`) against the brute force.
    /// Returns whether the thresholds were compared (warm and non-empty).
    @discardableResult
    func check(_ f: OrderFlowFeatures, scale: NotionalScale = .usd, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let clock = Self.second(f.time)
        let warm = { (span: Int64, width: Int64) in covers((floorDiv(clock, width) - span + 1) * width) }
        #expect(f.flow30m == (warm(1800, 1) ? flow(span: 1800, width: 1, at: clock) : nil), sourceLocation: sourceLocation)
        #expect(f.flow4h == (warm(240, 60) ? flow(span: 240, width: 60, at: clock) : nil), sourceLocation: sourceLocation)
        #expect(f.flow24h == (warm(1440, 60) ? flow(span: 1440, width: 60, at: clock) : nil), sourceLocation: sourceLocation)
        #expect(f.whaleFlow == (warm(900, 1) ? whales(at: clock) : nil), sourceLocation: sourceLocation)
        #expect(f.liquidations == (warm(300, 1) ? liquidated(at: clock) : nil), sourceLocation: sourceLocation)
        // Slope and acceleration of the newest minute sample (the minute before the clock's).
        let m = floorDiv(clock, 60) - 1
        let c0 = cvd30m(endingMinute: m), c1 = cvd30m(endingMinute: m - 5), c2 = cvd30m(endingMinute: m - 10)
        let slope = c0.flatMap { a in c1.map { b in try! (a - b).divided(by: 5) } }
        let accel = c0.flatMap { a in c1.flatMap { b in c2.map { c in try! (a - b - b + c).divided(by: 25) } } }
        let sampled = Self.second(origin) / 60 <= m  // the book samples only minutes it has left
        #expect(f.cvd30mSlope == (sampled ? slope : nil), sourceLocation: sourceLocation)
        #expect(f.cvd30mAcceleration == (sampled ? accel : nil), sourceLocation: sourceLocation)
        guard warm(24, 3600), let q95 = exactPercentile(95, at: clock), let q99 = exactPercentile(99, at: clock) else {
            #expect(f.p99Notional == nil && f.largeBuys == nil, sourceLocation: sourceLocation)
            return false
        }
        for (reported, exact) in [(f.p95Notional, q95), (f.p99Notional, q99)] {
            // The reported value is the lower edge of the exact percentile's bucket …
            #expect(reported == scale.lowerEdges[scale.bucket(exact)], sourceLocation: sourceLocation)
            // … so it is within the stated bound: L ≤ q < L × (1 + ε), or L = 0 below e₀.
            guard let l = reported else { continue }
            #expect(l <= exact, sourceLocation: sourceLocation)
            if l.isPositive { #expect(exact < l * FixedDecimal(raw: 1_010_000_000_000), sourceLocation: sourceLocation) }
            else { #expect(exact < scale.lowerEdges[1], sourceLocation: sourceLocation) }
        }
        if let p99 = f.p99Notional {
            #expect(f.largeBuys == large(side: .buy, atLeast: p99, at: clock), sourceLocation: sourceLocation)
            #expect(f.largeSells == large(side: .sell, atLeast: p99, at: clock), sourceLocation: sourceLocation)
        }
        return true
    }
}
