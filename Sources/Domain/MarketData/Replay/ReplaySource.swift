import ArenaCore

/// Anything a replay reads events from: a parsed file, a capture, a merge of several.
///
/// Each source yields its events in its own time order; ``ReplayMerger``
/// interleaves several by ``MarketEvent/eventTime``.
public protocol ReplaySource {
    /// A label for errors and logs, normally the file name.
    var name: String { get }
    /// The next event, or nil when the source is exhausted.
    mutating func next() throws(ReplayError) -> MarketEvent?
}

/// Events already in memory (REST pages, test fixtures), yielded in order.
public struct ArrayReplaySource: ReplaySource {
    public let name: String
    private var events: [MarketEvent]
    private var index = 0

    /// A source yielding `events` in the given order.
    public init(name: String, events: [MarketEvent]) {
        self.name = name
        self.events = events
    }

    public mutating func next() throws(ReplayError) -> MarketEvent? {
        guard index < events.count else { return nil }
        defer { index += 1 }
        return events[index]
    }
}

/// What a file row does not say and the caller must: where and what it traded.
public struct ReplayInstrument: Sendable, Hashable {
    /// The venue events are labelled with.
    public var venue: VenueID
    /// The symbol, for layouts without a symbol column.
    public var symbol: Symbol?
    /// Spot or perpetual.
    public var market: MarketKind

    /// Creates the labels; `symbol` may be nil only for layouts that carry one per row.
    public init(venue: VenueID, symbol: Symbol?, market: MarketKind) {
        self.venue = venue
        self.symbol = symbol
        self.market = market
    }
}
