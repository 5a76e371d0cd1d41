import ArenaCore

/// Times in the order they were noted, pruned of those at or before a cutoff: a model's entries,
/// orders and stop-outs within their windows.
///
/// While the times come in order (market time only moves forward) pruning drops a prefix and stops
/// at the first time it keeps, instead of scanning every time: a day of entries then costs nothing
/// per verdict. Times noted out of order fall back to the full scan, with the same result.
struct TimeList: Sendable, Hashable {
    /// The times, in the order they were noted.
    private(set) var times: [Timestamp] = []
    /// Whether every time was noted at or after the one before.
    private var ordered = true

    /// The last time noted, if any.
    var last: Timestamp? { times.last }

    /// Notes `time`.
    mutating func append(_ time: Timestamp) {
        if let last = times.last, time < last { ordered = false }
        times.append(time)
    }

    /// Forgets every time at or before `cutoff`.
    mutating func removeAll(atOrBefore cutoff: Timestamp) {
        guard ordered else {
            times.removeAll { $0 <= cutoff }
            return
        }
        let kept = times.firstIndex { $0 > cutoff } ?? times.endIndex
        if kept > 0 { times.removeFirst(kept) }
    }

    /// How many times lie in `(after, upTo]`.
    func count(after: Timestamp, upTo: Timestamp) -> Int { times.count { $0 > after && $0 <= upTo } }
}
