import ArenaCore
import MarketData

/// A venue's trade history by id: what repairs a gap (Binance REST
/// `aggTrades?fromId=…`, paged by 1000).
public protocol TradeHistorySource: Sendable {
    /// The trades of `instrument` with ids in `ids`, in id order. May return
    /// fewer when the venue no longer has some; never ids outside the range.
    func trades(of instrument: InstrumentKey, ids: ClosedRange<Int64>) async throws -> [Trade]
}

/// A venue's order-book snapshots: what (re)starts a local book (Binance REST
/// `depth`), fetched when the kernel asks for one.
public protocol DepthSnapshotSource: Sendable {
    /// A full snapshot of `instrument`'s book.
    func snapshot(of instrument: InstrumentKey, market: MarketKind) async throws -> DepthSnapshot
}

/// A venue's 1m klines by time: what repairs minutes missing from a kline stream
/// (Binance REST `klines`, paged by time).
public protocol KlineHistorySource: Sendable {
    /// The closed 1m klines of `instrument` opening in `range`, oldest first.
    func klines(of instrument: InstrumentKey, range: TimeRange) async throws -> [Bar]
}
