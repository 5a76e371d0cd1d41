import ArenaCore
import ArenaTesting
import MarketData
import Testing

private let venue = try! VenueID("binance")
private let symbol = try! Symbol("BTCUSDT")

private func diff(_ first: Int64, _ final: Int64, pu: Int64? = nil, bid: String? = nil, market: MarketKind = .spot) -> DepthUpdate {
    DepthUpdate(
        venue: venue, symbol: symbol, market: market, firstUpdateID: first, finalUpdateID: final, previousFinalUpdateID: pu,
        bids: bid.map { [PriceLevel(price: FixedDecimal($0)!, quantity: 1)] } ?? [], asks: [], eventTime: Timestamp(nanoseconds: 0)
    )
}

private func snapshot(_ id: Int64, market: MarketKind = .spot) -> DepthSnapshot {
    DepthSnapshot(
        venue: venue, symbol: symbol, market: market, lastUpdateID: id,
        bids: [PriceLevel(price: 10, quantity: 1)], asks: [PriceLevel(price: 20, quantity: 1)], eventTime: Timestamp(nanoseconds: 0)
    )
}

@Suite(.cpuBound) struct DepthSynchronizerTests {
    @Test func spotBuffersDropsOldDiffsAndChainsOnU() {
        var sync = DepthSynchronizer(market: .spot)
        #expect(sync.receive(diff(90, 99)) == .buffered)
        #expect(sync.receive(diff(100, 104, bid: "11")) == .buffered)
        #expect(sync.receive(diff(105, 107, bid: "12")) == .buffered)
        // lastUpdateId 101: 90…99 is dropped, 100…104 straddles 102, 105…107 chains.
        #expect(sync.apply(snapshot: snapshot(101)) == .applied(finalUpdateID: 107))
        #expect(sync.book.bestBid?.price == 12 && sync.isSynced)
        #expect(sync.receive(diff(100, 107)) == .stale)
        #expect(sync.receive(diff(108, 108)) == .applied(finalUpdateID: 108))
        #expect(sync.receive(diff(110, 111)) == .outOfSync(.gap(bookID: 108, firstUpdateID: 110)))
        #expect(!sync.isSynced && sync.book.bids.isEmpty)
        // A new snapshot bridges to the diff that broke the chain, which was kept.
        #expect(sync.apply(snapshot: snapshot(109)) == .applied(finalUpdateID: 111))
    }

    @Test func aSnapshotOlderThanTheBufferAsksForAnother() {
        var sync = DepthSynchronizer(market: .spot)
        _ = sync.receive(diff(200, 210))
        #expect(sync.apply(snapshot: snapshot(150)) == .outOfSync(.snapshotTooOld(lastUpdateID: 150, firstBufferedUpdateID: 200)))
        #expect(sync.apply(snapshot: snapshot(205)) == .applied(finalUpdateID: 210))
    }

    @Test func usdmChainsOnPu() {
        var sync = DepthSynchronizer(market: .perpetual)
        _ = sync.receive(diff(80, 95, pu: 70, market: .perpetual))
        _ = sync.receive(diff(96, 120, pu: 95, market: .perpetual))
        _ = sync.receive(diff(121, 130, pu: 120, market: .perpetual))
        // U ≤ 100 ≤ u for the first: 80…95 is dropped (u < 100), 96…120 straddles.
        #expect(sync.apply(snapshot: snapshot(100, market: .perpetual)) == .applied(finalUpdateID: 130))
        #expect(sync.receive(diff(140, 150, pu: 131, market: .perpetual)) == .outOfSync(.brokenChain(previousFinalUpdateID: 131, expected: 130)))
    }

    @Test func aFullBufferStartsOver() {
        var sync = DepthSynchronizer(market: .spot, bufferLimit: 2)
        _ = sync.receive(diff(1, 1))
        _ = sync.receive(diff(2, 2))
        #expect(sync.receive(diff(3, 3)) == .outOfSync(.bufferOverflow(limit: 2)))
        #expect(sync.apply(snapshot: snapshot(2)) == .applied(finalUpdateID: 3))
    }
}
