import ArenaCore

/// A value and the time it is for.
public struct Stamped<Value: Sendable & Hashable>: Sendable, Hashable {
    /// The value.
    public var value: Value
    /// Its time (the source's event time).
    public var time: Timestamp

    /// `value` as of `time`.
    public init(_ value: Value, at time: Timestamp) {
        self.value = value
        self.time = time
    }
}

/// Open interest change over 5 minutes from a series of samples fed as they come.
///
/// With `L` the newest sample and `R` the newest sample at least 5 minutes
/// older than `L`, the change is `(L − R) / R` as a fraction (0.03 = +3 %),
/// an exact decimal rounded half-even to 12 places; nil until such an `R`
/// exists or when `R` is zero. Samples older than `R` are dropped as new ones
/// arrive, so memory is the samples of about 5 minutes.
public struct OpenInterestTrack: Sendable {
    /// The horizon (5 minutes).
    public let horizon: Duration
    private var samples: [Stamped<FixedDecimal>] = []
    private var head = 0

    /// A track over `horizon`.
    public init(horizon: Duration = .seconds(300)) { self.horizon = horizon }

    /// The newest sample.
    public var latest: Stamped<FixedDecimal>? { samples.last }

    /// Throws what ``update(_:at:)`` would for this sample, changing nothing.
    public func check(_ value: FixedDecimal, at time: Timestamp) throws(OrderFlowError) {
        guard !value.isNegative else { throw .invalidValue(field: "open interest", value: value) }
        if let last = samples.last, time <= last.time { throw .staleInput(field: "open interest", time: time, held: last.time) }
    }

    /// Adds a sample; it must be newer than the last one.
    public mutating func update(_ value: FixedDecimal, at time: Timestamp) throws(OrderFlowError) {
        try check(value, at: time)
        samples.append(Stamped(value, at: time))
        // Keep the newest sample that is at least `horizon` old, drop the ones before it.
        let cutoff = time.advanced(by: .zero - horizon)
        while head + 1 < samples.count && samples[head + 1].time <= cutoff { head += 1 }
        if head > 256 && head * 2 > samples.count {
            samples.removeFirst(head)
            head = 0
        }
    }

    /// The reference sample `R` for the newest one, if there is one.
    public var reference: Stamped<FixedDecimal>? {
        guard let last = samples.last, head < samples.count - 1,
              samples[head].time <= last.time.advanced(by: .zero - horizon) else { return nil }
        return samples[head]
    }

    /// `(L − R) / R`, or nil (see the type).
    public var change: FixedDecimal? {
        guard let last = samples.last, let r = reference, r.value.isPositive else { return nil }
        return try? (last.value - r.value).divided(by: r.value)
    }
}

/// Order-book imbalance over the top `levels` levels of each side:
/// `(Σ bid qty − Σ ask qty) / (Σ bid qty + Σ ask qty)`, in [−1, 1] (a
/// statistic, Double from exact sums); nil when both sides are empty.
public func bookImbalance(_ depth: BookDepth, levels: Int = 10) throws(OrderFlowError) -> Double? {
    var bid = FixedDecimal.zero, ask = FixedDecimal.zero
    for level in depth.bids.prefix(levels) {
        guard !level.quantity.isNegative else { throw .invalidValue(field: "bid quantity", value: level.quantity) }
        bid += level.quantity
    }
    for level in depth.asks.prefix(levels) {
        guard !level.quantity.isNegative else { throw .invalidValue(field: "ask quantity", value: level.quantity) }
        ask += level.quantity
    }
    let total = bid + ask
    guard total.isPositive else { return nil }
    return (bid - ask).doubleValue / total.doubleValue
}
