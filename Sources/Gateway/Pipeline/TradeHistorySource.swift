import ArenaCore
import MarketData

/// A venue's trade history by id: what repairs a gap (Binance REST
/// `aggTrades?fromId=…`, paged by 1000).
public protocol TradeHistorySource: Sendable {
    /// The trades of `instrument` with ids in `ids`, in id order. May return
    /// fewer when the venue no longer has some; never ids outside the range.
    func trades(of instrument: InstrumentKey, ids: ClosedRange<Int64>) async throws -> [Trade]
}
