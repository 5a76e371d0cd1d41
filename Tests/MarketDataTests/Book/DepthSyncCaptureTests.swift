import ArenaCore
import ArenaTesting
import MarketData
import Testing

/// Order-book sync over the real captures: snapshot line plus diffs keep the book
/// in sync for whole sessions, and the book's top equals Binance's own book
/// ticker wherever their update ids coincide.
@Suite(.requires(SharedData.requirement), .cpuBound) struct DepthSyncCaptureTests {
    /// A capture session and what an independent Python replay (decimal.Decimal
    /// dictionaries, same procedure) found: book tickers whose `u` equals an
    /// applied diff's `u`, all of which matched, and the final update id.
    struct Session: Sendable, CustomStringConvertible {
        var files: [String]
        var tickerMatches: Int
        var finalUpdateID: Int64
        var description: String { files.joined(separator: "+") }
        var spot: Bool { files[0].hasPrefix("spot") }
    }

    static let sessions: [Session] = [
        Session(files: ["spot_btcusdt_20240808", "spot_btcusdt_20240809"], tickerMatches: 1_072, finalUpdateID: 50_093_696_318),
        Session(files: ["spot_ethusdt_20240808", "spot_ethusdt_20240809"], tickerMatches: 1_056, finalUpdateID: 35_346_924_199),
        Session(files: ["usdm_btcusdt_20240718", "usdm_btcusdt_20240719"], tickerMatches: 625, finalUpdateID: 4_984_057_064_916),
        Session(files: ["usdm_ethusdt_20240718", "usdm_ethusdt_20240719"], tickerMatches: 834, finalUpdateID: 4_984_057_072_167),
        Session(files: ["usdm_btcusdt_20240808"], tickerMatches: 629, finalUpdateID: 5_123_135_475_514),
        Session(files: ["usdm_ethusdt_20240808"], tickerMatches: 551, finalUpdateID: 5_123_135_545_737),
    ]

    static func events(_ session: Session) throws -> [MarketEvent] {
        let decoder = BinanceStreamDecoder(
            venue: try VenueID(session.spot ? "binance" : "binance-usdm"), market: session.spot ? .spot : .perpetual
        )
        let symbol = try Symbol(String(session.files[0].split(separator: "_")[1]))
        return try session.files.flatMap { file in
            try CaptureLines.hftbacktest(file).flatMap { try decoder.decode($0.json, receivedAt: $0.receivedAt, snapshotSymbol: symbol) }
        }
    }

    @Test(arguments: sessions) func bookStaysInSyncAndMatchesTheBookTicker(_ session: Session) throws {
        let events = try Self.events(session)
        var tickers: [Int64: BookTop] = [:]
        for case .market(.bookTop(let top)) in events { tickers[top.updateID!] = top }
        var sync = DepthSynchronizer(market: session.spot ? .spot : .perpetual)
        var matches = 0, checked = 0
        func check(_ outcome: DepthSynchronizer.Outcome) {
            guard case .applied(let id) = outcome else {
                if case .outOfSync = outcome { Issue.record("\(outcome)") }
                return
            }
            checked += 1
            #expect(!sync.book.isCrossed)
            guard let top = tickers[id] else { return }
            #expect(sync.book.bestBid == PriceLevel(price: top.bidPrice, quantity: top.bidQuantity), "u \(id)")
            #expect(sync.book.bestAsk == PriceLevel(price: top.askPrice, quantity: top.askQuantity), "u \(id)")
            matches += 1
        }
        for event in events {
            switch event {
            case .depthSnapshot(let s): check(sync.apply(snapshot: s))
            case .depthUpdate(let d): check(sync.receive(d))
            default: continue
            }
        }
        #expect(sync.isSynced && sync.updateID == session.finalUpdateID)
        #expect(matches == session.tickerMatches && checked > 3_000)
    }

    @Test(arguments: [sessions[0], sessions[2]]) func aRemovedDiffIsDetected(_ session: Session) throws {
        var events = try Self.events(session)
        let snapshotIndex = try #require(events.firstIndex { if case .depthSnapshot = $0 { true } else { false } })
        // Remove the 100th diff after the snapshot.
        let removed = try #require(events.indices.filter { i in
            guard i > snapshotIndex, case .depthUpdate = events[i] else { return false }
            return true
        }.dropFirst(99).first)
        guard case .depthUpdate(let missing) = events.remove(at: removed) else { return }
        var sync = DepthSynchronizer(market: session.spot ? .spot : .perpetual)
        var breaks: [DepthSynchronizer.OutOfSync] = []
        for event in events {
            let outcome: DepthSynchronizer.Outcome
            switch event {
            case .depthSnapshot(let s): outcome = sync.apply(snapshot: s)
            case .depthUpdate(let d): outcome = sync.receive(d)
            default: continue
            }
            if case .outOfSync(let reason) = outcome { breaks.append(reason) }
        }
        // Exactly one break, at the diff after the missing one; no snapshot follows, so the rest is buffered.
        if session.spot {
            #expect(breaks == [.gap(bookID: missing.firstUpdateID - 1, firstUpdateID: missing.finalUpdateID + 1)])
        } else {
            #expect(breaks == [.brokenChain(previousFinalUpdateID: missing.finalUpdateID, expected: missing.previousFinalUpdateID!)])
        }
        #expect(!sync.isSynced)
    }
}
