import ArenaCore
import MarketData

/// What a live venue source reports: market events, and the connection
/// changes and garbage the gateway must count and react to.
public enum SourceEvent: Sendable {
    /// A decoded market event.
    case event(MarketEvent)
    /// A connection is open and subscribed; ids count up from 1 for the source's life.
    case connected(connectionID: Int)
    /// A connection ended (closed, failed, rotated or gone silent).
    case disconnected(connectionID: Int, reason: String)
    /// A frame that could not be decoded; the stream goes on.
    case malformed(VenueMessageError)
}

/// One live venue feed: Binance or OKX behind one interface.
///
/// ``events()`` starts the connection (and reconnects it) and runs until the
/// consumer stops iterating; each call starts an independent feed.
public protocol VenueSource: Sendable {
    /// The venue the events come from.
    var venue: VenueID { get }
    /// Connects and streams events until the consumer stops iterating.
    func events() -> AsyncStream<SourceEvent>
}
