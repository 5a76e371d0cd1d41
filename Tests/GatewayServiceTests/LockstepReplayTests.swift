import Arena
import ArenaCore
import ArenaRuntime
import ArenaTesting
import Testing
@testable import GatewayService

/// Where a lockstep replay marks its minutes, and the configurations it refuses
/// (the runs themselves: proto/python/tests/test_end_to_end.py).
@Suite struct LockstepReplayTests {
    static func t(_ minute: Int64, _ second: Int64 = 0) -> Timestamp { Timestamp(nanoseconds: (minute * 60 + second) * 1_000_000_000) }

    @Test func aMinuteIsMarkedOnceTheNextEventIsPastIt() {
        // Within a minute: nothing to mark.
        #expect(PaceBoundaries.between(Self.t(10, 5), Self.t(10, 40)) == [])
        // The bar closing at 10:00 is out; the next event is later: 10:00 is marked.
        #expect(PaceBoundaries.between(Self.t(10), Self.t(11)) == [Self.t(10)])
        // An event at the boundary itself still belongs to it.
        #expect(PaceBoundaries.between(Self.t(9, 59), Self.t(10)) == [])
        #expect(PaceBoundaries.between(Self.t(9, 59), Self.t(10, 1)) == [Self.t(10)])
    }

    @Test func aGapIsMarkedAtItsStartAndJustBeforeTheNextEvent() {
        #expect(PaceBoundaries.between(Self.t(10), Self.t(40)) == [Self.t(10), Self.t(39)])
        #expect(PaceBoundaries.between(Self.t(10, 30), Self.t(12, 30)) == [Self.t(11), Self.t(12)])
    }

    @Test func theEndOfTheReplayMarksTheMinuteItReached() {
        #expect(PaceBoundaries.between(Self.t(10), nil) == [Self.t(10)])
        #expect(PaceBoundaries.between(Self.t(10, 1), nil) == [Self.t(11)])
    }

    static func problems(_ arena: String, market: String) throws -> [ConfigError] {
        let yaml = TestArenaConfig(catalogue: ArenaCatalogue.catalogue, name: "lockstep", sections: "market: \(market)").yaml
            .replacingOccurrences(of: "arena: {name: lockstep}", with: "arena: {name: lockstep, \(arena)}")
        do {
            _ = try ArenaConfig.parse(yaml: yaml, catalogue: ArenaCatalogue.catalogue)
            return []
        } catch { return error.problems }
    }

    @Test func lockstepOverALiveFeedAndRoundsCountedWithoutItAreRefused() throws {
        #expect(try Self.problems("lockstep: true", market: "{source: binance}") == [
            .invalid(key: "arena.lockstep", value: "true", reason: "holds a replay for the services; market.source binance is live"),
        ])
        let replay = "{source: replay, replay: {stop_after_rounds: 5, files: [{path: x.json, format: klines, symbol: BTCUSDT}]}}"
        #expect(try Self.problems("lockstep: false", market: replay) == [
            .invalid(key: "market.replay.stop_after_rounds", value: "5", reason: "counts the rounds of a lockstep replay; set arena.lockstep: true"),
        ])
        #expect(try Self.problems("lockstep: true", market: replay) == [])
    }
}
