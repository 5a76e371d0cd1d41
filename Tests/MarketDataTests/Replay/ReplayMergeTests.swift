import ArenaCore
import ArenaTesting
import MarketData
import Testing

/// The k-way merge, the engine's clock, and pacing.
@Suite(.cpuBound) struct ReplayMergeTests {
    static func trade(_ id: Int64, at ms: Int64, _ symbol: Symbol = ReplayTest.btc) -> MarketEvent {
        .trade(Trade(
            venue: ReplayTest.binance, symbol: symbol, market: .spot, tradeID: id, price: 1, quantity: 1,
            takerSide: .buy, eventTime: Timestamp(milliseconds: ms), receiveTime: Timestamp(milliseconds: ms)
        ))
    }

    static func ids(_ events: [MarketEvent]) -> [Int64] { ReplayTest.trades(in: events).map(\.tradeID) }

    @Test func mergesByTimeAndBreaksTiesBySourceOrder() throws {
        let a = ArrayReplaySource(name: "a", events: [Self.trade(1, at: 1_000), Self.trade(2, at: 3_000), Self.trade(3, at: 3_000)])
        let b = ArrayReplaySource(name: "b", events: [Self.trade(10, at: 2_000), Self.trade(11, at: 3_000), Self.trade(12, at: 9_000)])
        let c = ArrayReplaySource(name: "c", events: [])
        let d = ArrayReplaySource(name: "d", events: [Self.trade(20, at: 500), Self.trade(21, at: 3_000)])
        #expect(Self.ids(try ReplayTest.drain(ReplayMerger([a, b, c, d]))) == [20, 1, 10, 2, 3, 11, 21, 12])
        // Listed the other way round, ties follow the new order.
        #expect(Self.ids(try ReplayTest.drain(ReplayMerger([d, c, b, a]))) == [20, 1, 10, 21, 11, 2, 3, 12])
        #expect(try ReplayTest.drain(ReplayMerger([])).isEmpty)
    }

    @Test func anErrorInOneSourceStopsTheMerge() throws {
        let good = ArrayReplaySource(name: "a", events: [Self.trade(1, at: 1_000), Self.trade(2, at: 5_000)])
        let bad = try TradeCSVSource(
            lines: ByteLines(bytes: Array("1,0.5,1.0,1,1,1498793709153,true\n2,0.5,x,2,2,1498793709154,true\n".utf8), source: "bad.csv"),
            instrument: ReplayTest.spotBTC
        )
        let e = try #require(ReplayTest.error { _ = try ReplayTest.drain(ReplayMerger([good, bad])) })
        #expect(e.source == "bad.csv" && e.line == 2 && e.field == "quantity")
    }

    @Test func theEngineDrivesTheSimulatedClock() throws {
        let clock = SimulatedClock(start: Timestamp(nanoseconds: 0))
        var engine = ReplayEngine(
            sources: [ArrayReplaySource(name: "a", events: [Self.trade(1, at: 1_000), Self.trade(2, at: 2_000)])], clock: clock
        )
        #expect(Self.ids([try #require(try engine.next())]) == [1])
        #expect(clock.now() == Timestamp(milliseconds: 1_000))
        _ = try engine.next()
        #expect(clock.now() == Timestamp(milliseconds: 2_000))
        #expect(try engine.next() == nil)
    }

    @Test func asyncEventsInOrderAsFastAsPossible() async throws {
        let clock = SimulatedClock(start: Timestamp(nanoseconds: 0))
        let events = (0..<1_000).map { Self.trade(Int64($0), at: 1_000_000 + Int64($0) * 60_000) }
        let engine = ReplayEngine(sources: [ArrayReplaySource(name: "a", events: events)], clock: clock)
        var seen: [MarketEvent] = []
        for try await e in engine.events() {
            // The clock is at the event's time when the event is handed out.
            #expect(clock.now() == e.eventTime)
            seen.append(e)
        }
        #expect(seen == events)
    }

    /// Real time × 1000: 3 s of replayed gaps take at least 3 ms of wall time; events keep their order.
    @Test func realTimePacingWaitsForTheScaledGaps() async throws {
        let events = [Self.trade(1, at: 1_000), Self.trade(2, at: 2_500), Self.trade(3, at: 4_000)]
        let engine = ReplayEngine(sources: [ArrayReplaySource(name: "a", events: events)], clock: SimulatedClock(start: .init(nanoseconds: 0)))
        let start = ContinuousClock.now
        var wall: [Duration] = []
        for try await _ in engine.events(pacing: .realTime(factor: 1_000)) { wall.append(ContinuousClock.now - start) }
        #expect(wall.count == 3)
        #expect(wall[1] >= .microseconds(1_500) && wall[2] >= .milliseconds(3))
    }
}
