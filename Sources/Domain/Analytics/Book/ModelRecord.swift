import ArenaCore

/// What the reporter keeps about one model: its NAV curve, its last account, its closed trades,
/// and counts over its decisions and verdicts.
public struct ModelRecord: Sendable {
    public let modelID: ModelID
    /// NAV marked to market, one point per distinct market time, oldest first.
    public internal(set) var nav: [EquityPoint] = []
    public internal(set) var account: AccountState?
    public internal(set) var trips: [RoundTrip] = []
    var tracker = RoundTripTracker()
    /// The stop price of each entry order the risk guard approved, by client order id, until it fills.
    var stops: [ClientOrderID: FixedDecimal] = [:]
    public internal(set) var decisions = 0
    public internal(set) var actionable = 0
    public internal(set) var timeouts = 0
    public internal(set) var failures = 0
    public internal(set) var invalidReplies = 0
    public internal(set) var riskRejects = 0
    public internal(set) var riskResizes = 0
    public internal(set) var fills = 0
    public internal(set) var confidenceSum = 0.0
    public internal(set) var latencies = LatencySample()
    /// API cost of its LLM calls, in USD.
    public internal(set) var apiCost: FixedDecimal = .zero
    /// Milliseconds in which it held a position (summed between NAV points), for exposure.
    public internal(set) var exposedMilliseconds: Int64 = 0

    init(modelID: ModelID) { self.modelID = modelID }

    /// Appends a NAV point, replacing the last one when it is at the same market time (a later
    /// account at the same instant supersedes the earlier one).
    mutating func appendNAV(_ point: EquityPoint, exposed: Bool) {
        if let elapsed = nav.appendLatest(point), exposed { exposedMilliseconds += elapsed }
    }

    /// The share of the NAV curve's span with a position open.
    public var exposure: Double? {
        guard let first = nav.first, let last = nav.last, last.timeMilliseconds > first.timeMilliseconds else { return nil }
        return Double(exposedMilliseconds) / Double(last.timeMilliseconds - first.timeMilliseconds)
    }

    /// The p-th percentile (nearest rank) of the decision latencies in milliseconds.
    public func latencyPercentile(_ p: Double) -> Int64? { latencies.percentile(p) }
}
