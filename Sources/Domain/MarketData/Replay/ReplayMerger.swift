import ArenaCore

/// Interleaves several sources into one stream ordered by ``MarketEvent/eventTime``.
///
/// A k-way merge over each source's next event: the earliest goes first, and
/// on equal times the source listed first goes first, so a merge of the same
/// files always yields the same sequence (replays are deterministic, DESIGN.md §3).
/// Each source must already be in time order; an event earlier than one the
/// merge has already yielded is passed on, not reordered, for the integrity
/// checks downstream to report (the arena clock never runs backwards).
///
/// The heads are compared by a linear scan: replays merge a handful of files,
/// where a scan is as fast as a heap and needs no bookkeeping.
public struct ReplayMerger: ReplaySource {
    public let name: String
    private var sources: [any ReplaySource]
    /// The next event of each source; nil once that source is exhausted.
    private var heads: [MarketEvent?]
    private var primed = false

    /// Merges `sources`; ties go to the earlier one in this list.
    public init(_ sources: [any ReplaySource], name: String = "merge") {
        self.name = name
        self.sources = sources
        heads = Array(repeating: nil, count: sources.count)
    }

    public mutating func next() throws(ReplayError) -> MarketEvent? {
        if !primed {
            for i in sources.indices { heads[i] = try sources[i].next() }
            primed = true
        }
        var best: Int?
        var bestTime = Int64.max
        for i in heads.indices {
            // Strictly earlier wins, so equal times keep source order.
            if let e = heads[i], best == nil || e.eventTime.nanoseconds < bestTime {
                best = i
                bestTime = e.eventTime.nanoseconds
            }
        }
        guard let i = best, let event = heads[i] else { return nil }
        heads[i] = try sources[i].next()
        return event
    }
}
