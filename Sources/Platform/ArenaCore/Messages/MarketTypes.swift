/// Which side of the book an order or aggressor is on.
public enum Side: String, WireEnum {
    case buy = "BUY"
    case sell = "SELL"

    /// The other side.
    public var opposite: Side { self == .buy ? .sell : .buy }
}

/// The kind of market an instrument trades on.
public enum MarketKind: String, WireEnum {
    /// Spot: long only, no leverage, no funding.
    case spot = "SPOT"
    /// USDⓈ-M perpetual futures: funding every 8 h, mark price, leverage.
    case perpetual = "PERP"
}

/// A bar length supported by the arena.
public enum Timeframe: String, WireEnum, Comparable {
    case m1 = "1m", m3 = "3m", m5 = "5m", m15 = "15m", h1 = "1h", h4 = "4h", d1 = "1d"

    /// The bar length in seconds.
    public var seconds: Int64 {
        switch self {
        case .m1: 60
        case .m3: 180
        case .m5: 300
        case .m15: 900
        case .h1: 3_600
        case .h4: 14_400
        case .d1: 86_400
        }
    }

    /// The bar length in nanoseconds.
    public var nanoseconds: Int64 { seconds * 1_000_000_000 }

    /// The open time of the bar that contains `time` (bars align to the epoch, UTC).
    public func openTime(containing time: Timestamp) -> Timestamp {
        let n = nanoseconds
        let t = time.nanoseconds
        let floor = t >= 0 ? t - t % n : t - ((t % n) + n) % n
        return Timestamp(nanoseconds: floor)
    }

    public static func < (lhs: Timeframe, rhs: Timeframe) -> Bool { lhs.seconds < rhs.seconds }
}

/// Where 1m bars come from.
public enum BarSource: String, Sendable, Hashable, CaseIterable {
    /// Built from trades, closing on the clock (quiet minutes give flat bars).
    case trades
    /// The venue's closed 1m klines.
    case klines
}
