/// Follows one stream's trade ids (Binance aggregate id `a`, or trade id `t`)
/// and says what each new trade means for continuity.
///
/// Venues number a symbol's trades consecutively, so the id alone shows a gap
/// (ids skipped, e.g. across a reconnect) or a duplicate (an id already seen,
/// e.g. the overlap of a rotated connection or a REST page). The tracker only
/// classifies; ``commit(_:)`` moves it on once the caller has accepted the trade,
/// so a trade held back while a gap is repaired is not counted twice.
public struct TradeIDTracker: Sendable, Hashable {
    /// What a trade id means relative to the last accepted one.
    public enum Verdict: Sendable, Hashable {
        /// The first trade seen, or the next id: accept it.
        case next
        /// Ids `missing` were skipped before this trade: repair them, then accept it.
        case gap(missing: ClosedRange<Int64>)
        /// At or below the last accepted id: already seen, drop it.
        case duplicate
    }

    /// The last accepted id, nil before the first.
    public private(set) var lastID: Int64?

    /// A tracker that has seen nothing, or that continues after `lastID`
    /// (a restart that resumes from the store).
    public init(lastID: Int64? = nil) { self.lastID = lastID }

    /// Classifies `id` without changing the tracker.
    public func classify(_ id: Int64) -> Verdict {
        guard let last = lastID else { return .next }
        if id <= last { return .duplicate }
        if id == last + 1 { return .next }
        return .gap(missing: (last + 1)...(id - 1))
    }

    /// Records `id` as accepted; ids at or below the last are ignored.
    public mutating func commit(_ id: Int64) {
        if lastID.map({ id > $0 }) ?? true { lastID = id }
    }
}
